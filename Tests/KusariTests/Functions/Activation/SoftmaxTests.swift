import Foundation
import Testing
@testable import Kusari
import KusariTesting

@Suite struct SoftmaxTests {
    typealias R = ElementwiseReference

    /// Softmax of a (outer, n, inner) array along its middle axis, by plain loops.
    static func reference(_ x: [Double], outer: Int, n: Int, inner: Int) -> [Double] {
        var y = x
        for o in 0..<outer {
            for k in 0..<inner {
                let indexes = (0..<n).map { (o * n + $0) * inner + k }
                let total = indexes.reduce(0) { $0 + Foundation.exp(x[$1]) }
                for i in indexes { y[i] = Foundation.exp(x[i]) / total }
            }
        }
        return y
    }

    @Test(arguments: [DType.float32, .float64]) func defaultAxisIsOne(dtype: DType) {
        let x = R.avoiding([], [2, 3, 4], seed: 1, dtype: dtype)
        let expected = Self.reference(R.values(x), outer: 2, n: 3, inner: 4)
        #expect(R.close(R.values(F.softmax(Variable(x))), expected, 1e-6))
    }

    @Test func anyAxis() {
        let x = R.avoiding([], [2, 3, 4], seed: 2)
        #expect(R.close(R.values(F.softmax(Variable(x), axis: -1)), Self.reference(R.values(x), outer: 6, n: 4, inner: 1)))
        #expect(R.close(R.values(F.softmax(Variable(x), axis: 0)), Self.reference(R.values(x), outer: 1, n: 2, inner: 12)))
    }

    @Test func handWorkedAndStable() {
        #expect(R.close(R.values(F.softmax(Variable(NDArray([0.0, Foundation.log(3)], shape: [1, 2])))), [0.25, 0.75]))
        #expect(R.values(F.softmax(Variable(NDArray([Float(1000), 0], shape: [1, 2])))) == [1, 0])
        #expect(R.values(F.softmax(Variable(NDArray([1000.0, 1000], shape: [1, 2])))) == [0.5, 0.5])
    }

    @Test func emptyBatch() {
        #expect(F.softmax(Variable(NDArray(zeros: [0, 3]))).shape == [0, 3])
    }

    @Test func axisOutOfRangeIsReported() {
        #expect(throws: ShapeError("softmax: axis 2 is out of bounds for an array of dimension 2")) {
            try Softmax(axis: 2).checkInputs([NDArray(zeros: [2, 3])])
        }
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([], [2, 3, 2], seed: 3)
        try checkBackward({ F.softmax($0) }, x)
        try checkBackward({ F.softmax($0, axis: 2) }, x)
        try checkDoubleBackward({ [F.softmax($0[0])] }, [x], gradOutputs: [R.avoiding([], [2, 3, 2], seed: 4)])
    }
}
