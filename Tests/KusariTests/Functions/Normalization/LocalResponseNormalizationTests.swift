import Foundation
import Testing
@testable import Kusari
import KusariTesting

@Suite struct LocalResponseNormalizationTests {
    typealias R = NormalizationReference

    /// yᵢ = xᵢ / (k + α Σ_{|j−i| ≤ n/2} xⱼ²)^β across axis 1 of (N, C, inner), by plain loops.
    static func reference(_ x: [Double], _ shape: [Int], n: Int, k: Double, alpha: Double, beta: Double) -> [Double] {
        let (outer, channels) = (shape[0], shape[1]), inner = x.count / (outer * channels)
        var y = x
        for o in 0..<outer {
            for c in 0..<channels {
                for s in 0..<inner {
                    var total = 0.0
                    for j in 0..<channels where abs(j - c) <= n / 2 {
                        total += x[(o * channels + j) * inner + s] * x[(o * channels + j) * inner + s]
                    }
                    let i = (o * channels + c) * inner + s
                    y[i] = x[i] / Foundation.pow(k + alpha * total, beta)
                }
            }
        }
        return y
    }

    @Test(arguments: [DType.float32, .float64]) func defaultsMatchReference(dtype: DType) {
        // Large values so that α = 1e-4 (not divided by n) visibly matters.
        let x = R.random([2, 7, 2, 3], seed: 1, -30, 30, dtype: dtype)
        let y = F.localResponseNormalization(Variable(x))
        let expected = Self.reference(R.values(x), x.shape, n: 5, k: 2, alpha: 1e-4, beta: 0.75)
        #expect(R.close(R.values(y), expected, dtype == .float32 ? 1e-5 : 1e-12))
        #expect(!R.close(R.values(y), Self.reference(R.values(x), x.shape, n: 5, k: 2, alpha: 1e-4 / 5, beta: 0.75), 1e-3))
    }

    @Test func otherWindowsAndTwoDimensionalInput() {
        let x = R.random([3, 6], seed: 2)
        for n in [1, 3, 4] {
            let y = F.localResponseNormalization(Variable(x), n: n, k: 1, alpha: 0.5, beta: 0.6)
            #expect(R.close(R.values(y), Self.reference(R.values(x), [3, 6], n: n, k: 1, alpha: 0.5, beta: 0.6), 1e-12))
        }
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.random([2, 5, 3], seed: 3)
        let f = { (v: [Variable]) in [F.localResponseNormalization(v[0], n: 3, k: 1, alpha: 0.5, beta: 0.75)] }
        try checkBackward(f, [x])
        try checkDoubleBackward(f, [x], gradOutputs: [R.random([2, 5, 3], seed: 4)])
    }

    @Test func oneDimensionalInputIsReported() {
        #expect(throws: ShapeError("local_response_normalization: x.ndim >= 2, actual 1 < 2")) {
            try ChannelWindowSum(halfWidth: 2).checkInputs([NDArray(zeros: [4])])
        }
    }
}
