import Testing
import Kusari
import KusariTesting

@Suite struct LeakyReLUTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.avoiding([], [4, 5], seed: 1, dtype: dtype)
        let expected = R.values(x).map { $0 < 0 ? 0.3 * $0 : $0 }
        #expect(R.close(R.values(F.leakyRelu(Variable(x), slope: 0.3)), expected, 1e-6))
    }

    @Test func defaultSlopeIsChainers() {
        // Chainer: slope=0.2; the gradient at 0 is 1 because only x < 0 takes the slope.
        #expect(R.close(R.values(F.leakyRelu(Variable(NDArray([-1.0, 0, 2])))), [-0.2, 0, 2]))
        #expect(R.close(R.gradientOfSum({ F.leakyRelu($0) }, at: [-1, 0, 2]), [0.2, 1, 1]))
    }

    @Test func negativeSlope() {
        #expect(R.close(R.gradientOfSum({ F.leakyRelu($0, slope: -0.5) }, at: [-2, 3]), [-0.5, 1]))
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([0], [3, 4], seed: 2)
        try checkBackward({ F.leakyRelu($0) }, x)
        try checkDoubleBackward({ [F.leakyRelu($0[0], slope: 0.1)] }, [x], gradOutputs: [R.avoiding([], [3, 4], seed: 3)])
    }
}
