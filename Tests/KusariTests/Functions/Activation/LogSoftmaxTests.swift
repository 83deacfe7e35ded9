import Foundation
import Testing
import Kusari
import KusariTesting

@Suite struct LogSoftmaxTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func defaultAxisIsOne(dtype: DType) {
        let x = R.avoiding([], [2, 3, 4], seed: 1, dtype: dtype)
        let expected = SoftmaxTests.reference(R.values(x), outer: 2, n: 3, inner: 4).map { Foundation.log($0) }
        #expect(R.close(R.values(F.logSoftmax(Variable(x))), expected, 1e-6))
    }

    @Test func anyAxis() {
        let x = R.avoiding([], [2, 3, 4], seed: 2)
        let expected = SoftmaxTests.reference(R.values(x), outer: 6, n: 4, inner: 1).map { Foundation.log($0) }
        #expect(R.close(R.values(F.logSoftmax(Variable(x), axis: 2)), expected))
    }

    @Test func handWorkedAndStable() {
        let y = R.values(F.logSoftmax(Variable(NDArray([0.0, Foundation.log(3)], shape: [1, 2]))))
        #expect(R.close(y, [-1.3862943611198906, -0.2876820724517809]))
        // Naively exp(1000) overflows; the shifted form gives [0, −1000] and ln ½ twice.
        #expect(R.values(F.logSoftmax(Variable(NDArray([Float(1000), 0], shape: [1, 2])))) == [0, -1000])
        #expect(R.close(R.values(F.logSoftmax(Variable(NDArray([5000.0, 5000], shape: [1, 2])))), [-0.6931471805599453, -0.6931471805599453]))
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([], [2, 3, 2], seed: 3)
        try checkBackward({ F.logSoftmax($0) }, x)
        try checkBackward({ F.logSoftmax($0, axis: 0) }, x)
        try checkDoubleBackward({ [F.logSoftmax($0[0])] }, [x], gradOutputs: [R.avoiding([], [2, 3, 2], seed: 4)])
    }
}
