import Testing
import Kusari
import KusariTesting

@Suite struct ClipTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.avoiding([], [3, 4], seed: 1, dtype: dtype)
        let expected = R.values(x).map { Swift.min(Swift.max($0, -0.5), 1.5) }
        #expect(R.close(R.values(F.clip(Variable(x), -0.5, 1.5)), expected, 1e-7))
    }

    @Test func gradientIsOneOnTheClosedInterval() {
        // Chainer regards the gradient at x_min and x_max as 1.
        let x: [Double] = [-2, -1, 0, 1, 2]
        #expect(R.values(F.clip(Variable(NDArray(x)), -1, 1)) == [-1, -1, 0, 1, 1])
        #expect(R.gradientOfSum({ F.clip($0, -1, 1) }, at: x) == [0, 1, 1, 1, 0])
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([-0.5, 1.5], [2, 3], seed: 2)
        try checkBackward({ F.clip($0, -0.5, 1.5) }, x)
        try checkDoubleBackward({ [F.clip($0[0], -0.5, 1.5)] }, [x], gradOutputs: [R.avoiding([], [2, 3], seed: 3)])
    }
}
