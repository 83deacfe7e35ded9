import Foundation
import Testing
import Kusari
import KusariTesting

@Suite struct SigmoidTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.avoiding([], [3, 4], seed: 1, low: -8, high: 8, dtype: dtype)
        let expected = R.values(x).map { 1 / (1 + Foundation.exp(-$0)) }
        #expect(R.close(R.values(F.sigmoid(Variable(x))), expected, 1e-6))
    }

    @Test func handWorkedValuesAndLargeInputs() {
        #expect(R.values(F.sigmoid(Variable(NDArray([0.0, 1000, -1000])))) == [0.5, 1, 0])
        #expect(R.values(F.sigmoid(Variable(NDArray([Float(-1000), 1000])))) == [0, 1])
        #expect(R.gradientOfSum(F.sigmoid, at: [0]) == [0.25])
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([], [3, 4], seed: 2)
        try checkBackward(F.sigmoid, x)
        try checkDoubleBackward({ [F.sigmoid($0[0])] }, [x], gradOutputs: [R.avoiding([], [3, 4], seed: 3)])
    }
}
