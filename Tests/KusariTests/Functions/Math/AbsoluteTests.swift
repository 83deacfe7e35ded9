import Testing
import Kusari
import KusariTesting

@Suite struct AbsoluteTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.avoiding([], [3, 4], seed: 1, dtype: dtype)
        #expect(R.close(R.values(F.absolute(Variable(x))), R.values(x).map { abs($0) }, 1e-7))
    }

    @Test func gradientIsSignAndZeroAtZero() {
        #expect(R.gradientOfSum(F.absolute, at: [-2, 0, 3]) == [-1, 0, 1])
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([0], [2, 3], seed: 2)
        try checkBackward(F.absolute, x)
        try checkDoubleBackward({ [F.absolute($0[0])] }, [x], gradOutputs: [R.avoiding([], [2, 3], seed: 3)])
    }
}
