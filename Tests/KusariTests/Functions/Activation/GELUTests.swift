import Foundation
import Testing
import Kusari
import KusariTesting

@Suite struct GELUTests {
    typealias R = ElementwiseReference

    /// Φ by its series, independent of `erf`: Φ(x) = ½ + φ(x)·Σₙ x^(2n+1) / (1·3·…·(2n+1)).
    static func cdf(_ x: Double) -> Double {
        var term = x, sum = x
        for n in 1..<200 {
            term *= x * x / Double(2 * n + 1)
            sum += term
        }
        return 0.5 + Foundation.exp(-x * x / 2) / (2 * Double.pi).squareRoot() * sum
    }

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.avoiding([], [3, 4], seed: 1, dtype: dtype)
        #expect(R.close(R.values(F.gelu(Variable(x))), R.values(x).map { $0 * Self.cdf($0) }, 1e-6))
    }

    @Test func exactErfForm() {
        // x·Φ(x): Φ(1) = 0.841344746…; the tanh approximation would give 0.841191990.
        #expect(R.close(R.values(F.gelu(Variable(NDArray([0.0, 1, -1])))), [0, 0.8413447460685429, -0.15865525393145707]))
        #expect(R.close(R.gradientOfSum(F.gelu, at: [0]), [0.5]))
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([], [3, 4], seed: 2)
        try checkBackward(F.gelu, x)
        try checkDoubleBackward({ [F.gelu($0[0])] }, [x], gradOutputs: [R.avoiding([], [3, 4], seed: 3)])
    }
}
