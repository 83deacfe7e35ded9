import Testing
import Kusari
import KusariTesting

@Suite struct ReLUTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.avoiding([], [3, 5], seed: 1, dtype: dtype)
        let expected = R.values(x).map { max($0, 0) }
        #expect(F.relu(Variable(x)).dtype == dtype)
        #expect(R.close(R.values(F.relu(Variable(x))), expected, 1e-7))
    }

    @Test func gradientAtZeroIsZero() {
        #expect(R.values(F.relu(Variable(NDArray([-1.0, 0, 2])))) == [0, 0, 2])
        #expect(R.gradientOfSum(F.relu, at: [-1, 0, 2]) == [0, 0, 1])
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([0], [2, 3, 4], seed: 2)
        try checkBackward(F.relu, x)
        try checkDoubleBackward({ [F.relu($0[0])] }, [x], gradOutputs: [R.avoiding([], [2, 3, 4], seed: 3)])
    }
}
