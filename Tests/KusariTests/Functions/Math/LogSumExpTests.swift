import Foundation
import Testing
import Kusari
import KusariTesting

@Suite struct LogSumExpTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.avoiding([], [2, 3], seed: 1, dtype: dtype)
        let xs = R.values(x)
        let rows = (0..<2).map { i in Foundation.log((0..<3).reduce(0) { $0 + Foundation.exp(xs[i * 3 + $1]) }) }
        #expect(R.close(R.values(F.logsumexp(Variable(x), axes: [1])), rows, 1e-6))
        #expect(R.close(R.values(F.logsumexp(Variable(x))), [Foundation.log(xs.reduce(0) { $0 + Foundation.exp($1) })], 1e-6))
        #expect(F.logsumexp(Variable(x)).shape == [])
    }

    @Test func largeInputsStayFinite() {
        // log(e¹⁰⁰⁰ + e¹⁰⁰⁰) = 1000 + ln 2.
        let y = F.logsumexp(Variable(NDArray([1000.0, 1000, -1000, 0], shape: [2, 2])), axes: [-1])
        #expect(R.close(R.values(y), [1000 + Foundation.log(2), 0]))
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([], [2, 3, 2], seed: 2)
        try checkBackward({ F.logsumexp($0, axes: [1]) }, x)
        try checkBackward({ F.logsumexp($0) }, x)
        try checkDoubleBackward({ [F.logsumexp($0[0], axes: [0, 2])] }, [x], gradOutputs: [R.avoiding([], [3], seed: 3)])
    }
}
