// concatExamples with and without padding, on hand-worked examples.
import Testing
@testable import Kusari

@Suite struct ConcatExamplesTests {
    @Test func stacksEachComponent() {
        let examples = [[NDArray([Float(1), 2], shape: [2]), NDArray(scalar: Int32(7))],
                        [NDArray([Float(3), 4], shape: [2]), NDArray(scalar: Int32(8))],
                        [NDArray([Float(5), 6], shape: [2]), NDArray(scalar: Int32(9))]]
        let batch = concatExamples(examples)
        #expect(batch.map(\.shape) == [[3, 2], [3]])
        #expect(batch[0].toArray(as: Float.self) == [1, 2, 3, 4, 5, 6])
        #expect(batch[1].dtype == .int32 && batch[1].toArray(as: Int32.self) == [7, 8, 9])
    }

    /// Sequences of lengths 2, 1, 0 padded with −1 at the end.
    @Test func padsToTheLongest() {
        let examples = [[NDArray([Int32(1), 2], shape: [2])], [NDArray([Int32(3)], shape: [1])],
                        [NDArray([Int32](), shape: [0])]]
        let batch = concatExamples(examples, padding: -1)
        #expect(batch[0].shape == [3, 2] && batch[0].toArray(as: Int32.self) == [1, 2, 3, -1, -1, -1])
    }

    /// Every axis grows to its largest size: (1, 2) and (2, 1) become (2, 2) each.
    @Test func padsEveryAxis() {
        let examples = [[NDArray([Float(1), 2], shape: [1, 2]), NDArray(scalar: Float(5))],
                        [NDArray([Float(3), 4], shape: [2, 1]), NDArray(scalar: Float(6))]]
        let batch = concatExamples(examples, padding: 0.5)
        #expect(batch[0].shape == [2, 2, 2])
        #expect(batch[0].toArray(as: Float.self) == [1, 2, 0.5, 0.5, 3, 0.5, 4, 0.5])
        #expect(batch[1].shape == [2] && batch[1].toArray(as: Float.self) == [5, 6])
    }

    @Test func rejectsMismatches() {
        #expect(throws: ShapeError("concatExamples: component 1 is float32 (2,) in example 0 but float32 (3,) in example 2")) {
            try concatExamplesChecked([[NDArray(zeros: [1]), NDArray(zeros: [2])], [NDArray(zeros: [1]), NDArray(zeros: [2])],
                                       [NDArray(zeros: [1]), NDArray(zeros: [3])]], padding: nil)
        }
        #expect(throws: ShapeError("concatExamples: component 0 is float32 (2,) in example 0 but float32 (1, 2) in example 1")) {
            try concatExamplesChecked([[NDArray(zeros: [2])], [NDArray(zeros: [1, 2])]], padding: 0)
        }
        #expect(throws: ShapeError("concatExamples: component 0 is float32 (2,) in example 0 but float64 (2,) in example 1")) {
            try concatExamplesChecked([[NDArray(zeros: [2])], [NDArray(zeros: [2], dtype: .float64)]], padding: 0)
        }
        #expect(throws: ShapeError("concatExamples: example 0 has 1 components, example 1 has 2")) {
            try concatExamplesChecked([[NDArray(zeros: [2])], [NDArray(zeros: [2]), NDArray(zeros: [2])]], padding: nil)
        }
        #expect(throws: ShapeError("concatExamples: the batch is empty")) { try concatExamplesChecked([], padding: nil) }
    }
}
