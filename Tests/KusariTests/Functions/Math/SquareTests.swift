import Testing
import Kusari
import KusariTesting

@Suite struct SquareTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.avoiding([], [3, 4], seed: 1, dtype: dtype)
        #expect(R.close(R.values(F.square(Variable(x))), R.values(x).map { $0 * $0 }, 1e-6))
        #expect(R.gradientOfSum(F.square, at: [-3, 0.5]) == [-6, 1])
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([], [2, 3], seed: 2)
        try checkBackward(F.square, x)
        try checkDoubleBackward({ [F.square($0[0])] }, [x], gradOutputs: [R.avoiding([], [2, 3], seed: 3)])
    }
}
