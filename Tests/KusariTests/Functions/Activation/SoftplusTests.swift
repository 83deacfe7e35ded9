import Foundation
import Testing
import Kusari
import KusariTesting

@Suite struct SoftplusTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.avoiding([], [3, 4], seed: 1, dtype: dtype)
        let expected = R.values(x).map { Foundation.log(1 + Foundation.exp(2 * $0)) / 2 }
        #expect(R.close(R.values(F.softplus(Variable(x), beta: 2)), expected, 1e-6))
    }

    @Test func defaultBetaIsOneAndLargeInputsStayFinite() {
        // Chainer's doc example: softplus([−2, 0, 2]) = [0.126928, ln 2, 2.126928].
        let y = R.values(F.softplus(Variable(NDArray([-2.0, 0, 2]))))
        #expect(R.close(y, [0.12692801104297263, 0.6931471805599453, 2.1269280110429727]))
        #expect(R.values(F.softplus(Variable(NDArray([Float(1000), -1000])))) == [1000, 0])
        // d/dx softplus = σ(βx): ½ at 0.
        #expect(R.close(R.gradientOfSum({ F.softplus($0) }, at: [0]), [0.5]))
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([], [3, 4], seed: 2)
        try checkBackward({ F.softplus($0, beta: 1.5) }, x)
        try checkDoubleBackward({ [F.softplus($0[0], beta: 1.5)] }, [x], gradOutputs: [R.avoiding([], [3, 4], seed: 3)])
    }
}
