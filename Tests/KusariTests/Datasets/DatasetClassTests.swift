// TupleDataset, SubDataset, the splits, TransformDataset and ConcatenatedDataset on small
// hand-worked data.
import Testing
@testable import Kusari

/// x = [[0, 1], [2, 3], [4, 5]] (float32), t = [7, 8, 9] (int32).
private func pairs() -> TupleDataset {
    TupleDataset(NDArray([Float(0), 1, 2, 3, 4, 5], shape: [3, 2]), NDArray([Int32(7), 8, 9]))
}

/// One int32 component holding 10, 11, 12, 13, 14: example i is 10 + i.
private func tens() -> TupleDataset { TupleDataset(NDArray([Int32(10), 11, 12, 13, 14])) }

private func values<D: Dataset>(_ dataset: D) -> [Int32] where D.Example == [NDArray] {
    (0..<dataset.count).map { Int32(dataset[$0][0].item) }
}

/// A dataset that is not made of arrays: example i is i².
private struct Squares: Dataset {
    let count: Int
    subscript(index: Int) -> Int { index * index }
}

@Suite struct TupleDatasetTests {
    @Test func examplesAreRows() {
        let ds = pairs()
        #expect(ds.count == 3)
        let example = ds[1]
        #expect(example.count == 2)
        #expect(example[0].shape == [2] && example[0].toArray(as: Float.self) == [2, 3])
        #expect(example[1].shape == [] && example[1].dtype == .int32 && example[1].item == 8)
    }

    @Test func batchGathersRowsInOrder() {
        let batch = pairs().batch(at: [2, 0, 2])
        #expect(batch[0].shape == [3, 2] && batch[0].toArray(as: Float.self) == [4, 5, 0, 1, 4, 5])
        #expect(batch[1].shape == [3] && batch[1].toArray(as: Int32.self) == [9, 7, 9])
    }

    @Test func batchEqualsStackedExamples() throws {
        let ds = pairs()
        let stacked = try NDArray.stackExamplesChecked(ds.examples(at: [1, 2]))
        let batch = ds.batch(at: [1, 2])
        #expect(stacked.map(\.shape) == batch.map(\.shape))
        #expect(stacked[0].toArray(as: Float.self) == batch[0].toArray(as: Float.self))
        #expect(stacked[1].toArray(as: Int32.self) == batch[1].toArray(as: Int32.self))
    }

    @Test func emptyBatchKeepsComponentShapes() {
        let batch = pairs().batch(at: [])
        #expect(batch.map(\.shape) == [[0, 2], [0]])
    }

    @Test func rejectsMismatchedArrays() {
        #expect(throws: ShapeError("TupleDataset: all arrays must have the same length, array 0 has shape (3, 2) and array 1 has shape (2,)")) {
            try TupleDataset(checking: [NDArray(zeros: [3, 2]), NDArray(zeros: [2])])
        }
        #expect(throws: ShapeError("TupleDataset: no arrays are given")) { try TupleDataset(checking: []) }
        #expect(throws: ShapeError("TupleDataset: array 1 is 0-d; every array needs an example axis")) {
            try TupleDataset(checking: [NDArray(zeros: [3]), NDArray(scalar: Float(1))])
        }
    }

    @Test func stackRejectsMismatchedExamples() {
        #expect(throws: ShapeError("stack: component 0 is float32 (2,) in example 0 but float32 (3,) in example 1")) {
            try NDArray.stackExamplesChecked([[NDArray(zeros: [2])], [NDArray(zeros: [3])]])
        }
        #expect(throws: ShapeError("stack: example 0 has 1 components, example 1 has 2")) {
            try NDArray.stackExamplesChecked([[NDArray(zeros: [2])], [NDArray(zeros: [2]), NDArray(zeros: [2])]])
        }
    }
}

@Suite struct SubDatasetTests {
    @Test func rangeWithoutOrder() {
        let sub = SubDataset(tens(), start: 1, finish: 4)
        #expect(sub.count == 3)
        #expect(values(sub) == [11, 12, 13])
        #expect(sub.batch(at: [2, 0])[0].toArray(as: Int32.self) == [13, 11])
    }

    @Test func rangeThroughOrder() {
        // Example i is base[order[start + i]]: order[1] = 3, order[2] = 2.
        let sub = SubDataset(tens(), start: 1, finish: 3, order: [4, 3, 2, 1, 0])
        #expect(values(sub) == [13, 12])
        #expect(sub.batch(at: [1, 0, 1])[0].toArray(as: Int32.self) == [12, 13, 12])
        #expect(sub.examples(at: [1]).map { $0[0].item } == [12])
    }

    @Test func rejectsBadBounds() {
        let base = tens()
        #expect(throws: ShapeError("SubDataset: need 0 <= start <= finish <= 5, got start 3, finish 2")) {
            try SubDataset(checking: base, start: 3, finish: 2, order: nil)
        }
        #expect(throws: ShapeError("SubDataset: need 0 <= start <= finish <= 5, got start 0, finish 6")) {
            try SubDataset(checking: base, start: 0, finish: 6, order: nil)
        }
        #expect(throws: ShapeError("SubDataset: order has 4 entries but the dataset has 5 examples")) {
            try SubDataset(checking: base, start: 0, finish: 2, order: [0, 1, 2, 3])
        }
        #expect(throws: ShapeError("SubDataset: order entry 5 out of range for 5 examples")) {
            try SubDataset(checking: base, start: 0, finish: 2, order: [0, 1, 2, 3, 5])
        }
    }

    @Test func splitDatasetCutsAtFirstSize() {
        let (first, second) = splitDataset(tens(), firstSize: 2)
        #expect(values(first) == [10, 11])
        #expect(values(second) == [12, 13, 14])
        let (a, b) = splitDataset(tens(), firstSize: 3, order: [4, 0, 3, 1, 2])
        #expect(values(a) == [14, 10, 13])
        #expect(values(b) == [11, 12])
    }

    @Test func splitRandomIsTheSeededPhiloxPermutation() {
        var stream = RandomStream(seed: 42)
        let order = stream.permutation(5).toArray(as: Int64.self).map { Int($0) }
        let (first, second) = splitDatasetRandom(tens(), firstSize: 2, seed: 42)
        #expect(values(first) == order[..<2].map { Int32(10 + $0) })
        #expect(values(second) == order[2...].map { Int32(10 + $0) })
    }

    @Test func splitRandomIsDeterministicAndCoversEverything() {
        let base = TupleDataset(NDArray((0..<10).map(Int32.init)))
        let (a1, b1) = splitDatasetRandom(base, firstSize: 4, seed: 1)
        let (a2, b2) = splitDatasetRandom(base, firstSize: 4, seed: 1)
        let (a3, _) = splitDatasetRandom(base, firstSize: 4, seed: 2)
        #expect(values(a1) == values(a2) && values(b1) == values(b2))
        #expect(values(a1) != values(a3))
        #expect((values(a1) + values(b1)).sorted() == (0..<10).map(Int32.init))
    }
}

@Suite struct TransformAndConcatenatedTests {
    @Test func transformRunsPerExample() {
        let doubled = TransformDataset(tens()) { example in [example[0] * 2] }
        #expect(doubled.count == 5)
        #expect(doubled[3][0].item == 26)
        #expect(doubled.batch(at: [4, 0])[0].toArray(as: Int32.self) == [28, 20])
        let described = TransformDataset(Squares(count: 4)) { "#\($0)" }
        #expect(described.examples(at: [3, 1]) == ["#9", "#1"])
    }

    @Test func concatenatedReadsPartsInOrder() {
        let empty = SubDataset(tens(), start: 2, finish: 2)
        let joined = ConcatenatedDataset<[NDArray]>(SubDataset(tens(), start: 0, finish: 2), empty, tens())
        #expect(joined.count == 7)
        #expect(values(joined) == [10, 11, 10, 11, 12, 13, 14])
        #expect(joined.batch(at: [6, 1, 2])[0].toArray(as: Int32.self) == [14, 11, 10])
    }

    @Test func concatenatedWorksForAnyExampleType() {
        let joined = ConcatenatedDataset<Int>(Squares(count: 3), Squares(count: 0), Squares(count: 2))
        #expect(joined.count == 5)
        #expect((0..<5).map { joined[$0] } == [0, 1, 4, 0, 1])
        #expect(joined.examples(at: [4, 2]) == [1, 4])
    }
}
