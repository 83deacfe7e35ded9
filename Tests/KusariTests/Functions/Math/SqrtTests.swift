import Foundation
import Testing
import Kusari
import KusariTesting

@Suite struct SqrtTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func sqrtAndRsqrtMatchReference(dtype: DType) {
        let x = R.avoiding([], [3, 4], seed: 1, low: 0.1, high: 4, dtype: dtype)
        #expect(R.close(R.values(F.sqrt(Variable(x))), R.values(x).map { $0.squareRoot() }, 1e-6))
        #expect(R.close(R.values(F.rsqrt(Variable(x))), R.values(x).map { 1 / $0.squareRoot() }, 1e-6))
    }

    @Test func handWorkedGradients() {
        // d√x/dx = 1/(2√x) = ¼ at 4; d(x^−½)/dx = −½ x^(−3/2) = −1/16 at 4.
        #expect(R.close(R.gradientOfSum(F.sqrt, at: [4]), [0.25]))
        #expect(R.close(R.gradientOfSum(F.rsqrt, at: [4]), [-0.0625]))
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([], [2, 3], seed: 2, low: 0.5, high: 3)
        let gy = R.avoiding([], [2, 3], seed: 3)
        try checkBackward(F.sqrt, x)
        try checkBackward(F.rsqrt, x)
        try checkDoubleBackward({ [F.sqrt($0[0])] }, [x], gradOutputs: [gy])
        try checkDoubleBackward({ [F.rsqrt($0[0])] }, [x], gradOutputs: [gy])
    }
}
