import Foundation
import Testing
import Kusari
import KusariTesting

@Suite struct ELUTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.avoiding([], [3, 4], seed: 1, dtype: dtype)
        let expected = R.values(x).map { $0 > 0 ? $0 : 0.5 * (Foundation.exp($0) - 1) }
        #expect(R.close(R.values(F.elu(Variable(x), alpha: 0.5)), expected, 1e-6))
    }

    @Test func defaultAlphaIsOneAndGradientAtZeroIsAlpha() {
        // elu(−1) = e⁻¹ − 1, elu'(−1) = e⁻¹, elu'(0) = α.
        #expect(R.close(R.values(F.elu(Variable(NDArray([-1.0, 0, 2])))), [-0.6321205588285577, 0, 2]))
        #expect(R.close(R.gradientOfSum({ F.elu($0) }, at: [-1, 0, 2]), [0.36787944117144233, 1, 1]))
        #expect(R.close(R.gradientOfSum({ F.elu($0, alpha: 0.5) }, at: [0]), [0.5]))
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([0], [3, 4], seed: 2)
        try checkBackward({ F.elu($0, alpha: 1.5) }, x)
        try checkDoubleBackward({ [F.elu($0[0], alpha: 1.5)] }, [x], gradOutputs: [R.avoiding([], [3, 4], seed: 3)])
    }
}
