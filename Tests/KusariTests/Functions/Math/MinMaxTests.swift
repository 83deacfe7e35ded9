import Testing
@testable import Kusari
import KusariTesting

@Suite struct MinMaxTests {
    typealias R = ElementwiseReference

    /// Max over axis 1 of a (2, 3, 4) array, by plain loops.
    static func maxOverMiddle(_ x: [Double]) -> [Double] {
        (0..<2).flatMap { i -> [Double] in
            (0..<4).map { k in (0..<3).map { j in x[(i * 3 + j) * 4 + k] }.max()! }
        }
    }

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.avoiding([], [2, 3, 4], seed: 1, dtype: dtype)
        let xs = R.values(x)
        let y = F.max(Variable(x), axes: [1])
        #expect(y.shape == [2, 4])
        #expect(R.values(y) == Self.maxOverMiddle(xs))
        #expect(F.max(Variable(x), axes: [-2], keepdims: true).shape == [2, 1, 4])
        #expect(R.values(F.max(Variable(x))) == [xs.max()!])
        #expect(R.values(F.min(Variable(x))) == [xs.min()!])
        let columnMinima: [Double] = (0..<3).map { j in
            let column: [Double] = (0..<2).flatMap { i in (0..<4).map { k in xs[(i * 3 + j) * 4 + k] } }
            return column.min()!
        }
        #expect(R.values(F.min(Variable(x), axes: [0, 2])) == columnMinima)
    }

    @Test func tiesEachReceiveTheFullGradient() {
        // Chainer's backward is gy · (x == y): both tied maxima get the gradient.
        let x = Variable(NDArray([3.0, 1, 3, 2], shape: [2, 2]))
        F.sum(F.max(x) * 5).backward()
        #expect(R.values(x.grad!) == [5, 0, 5, 0])
        let z = Variable(NDArray([1.0, 1, 0, 2], shape: [2, 2]))
        F.sum(F.min(z, axes: [1])).backward()
        #expect(R.values(z.grad!) == [1, 1, 1, 0])
    }

    @Test func badAxesAreReported() {
        #expect(throws: ShapeError("max: axis 2 is out of bounds for an array of dimension 2")) {
            try Extremum(largest: true, axes: [2], keepdims: false).checkInputs([NDArray(zeros: [2, 3])])
        }
        #expect(throws: ShapeError("min: duplicate value in axis [1, -1]")) {
            try Extremum(largest: false, axes: [1, -1], keepdims: false).checkInputs([NDArray(zeros: [2, 3])])
        }
        #expect(throws: (any Error).self) {
            try Extremum(largest: true, axes: [1], keepdims: false).checkInputs([NDArray(zeros: [2, 0])])
        }
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([], [2, 3, 4], seed: 2)
        let gy = R.avoiding([], [2, 4], seed: 3)
        try checkBackward({ F.max($0, axes: [1]) }, x)
        try checkBackward({ F.min($0, axes: [0, 2], keepdims: true) }, x)
        try checkDoubleBackward({ [F.max($0[0], axes: [1])] }, [x], gradOutputs: [gy])
    }
}
