import Foundation
import Testing
@testable import KusariArray

/// float32 `exp` runs `kusari_exp_f32`: within 2 ulp of the exact value, the special values
/// exact, and every CPU variant bit-identical.
@Suite struct ExpKernelTests {
    static let variants = GEMM.Variant.allCases.filter(\.isSupported)

    /// Every 9973rd float32 bit pattern in [-104, 89], plus the edges of the finite range.
    static let sweep: [Float] = {
        var values: [Float] = [88.72283, 88.72284, -87.33654, -87.33655, -103.97, -103.972, -103.973, 1e-30, -1e-30]
        var x: Float = -104
        while x < 89 {
            values.append(x)
            x = x < 0 ? Float(bitPattern: x.bitPattern &- 9973) : Float(bitPattern: x.bitPattern &+ 9973)
            if x.bitPattern == (-0 as Float).bitPattern || x.isNaN || (x < 0 && x > -1e-38) { x = 1e-38 }
        }
        return values
    }()

    @Test(arguments: variants)
    func isWithinTwoUlpOfTheExactValue(variant: GEMM.Variant) {
        let y = NDArray(Self.sweep, shape: [Self.sweep.count]).exp32(variant: variant).toArray(as: Float.self)
        var worst = 0.0
        for (x, value) in zip(Self.sweep, y) {
            let exact = Foundation.exp(Double(x))
            let rounded = Float(exact)
            if rounded.isInfinite { #expect(value == .infinity, "exp(\(x))"); continue }
            // One ulp of the result's binade, the smallest subnormal below the normal range.
            let ulp = Double(max(rounded.ulp, Float.leastNonzeroMagnitude))
            worst = max(worst, Swift.abs(Double(value) - exact) / ulp)
        }
        #expect(Self.sweep.count > 30_000)
        #expect(worst <= 2, "worst error \(worst) ulp")
    }

    @Test(arguments: variants)
    func specialValuesAreExact(variant: GEMM.Variant) {
        let x: [Float] = [0, -0, .infinity, -.infinity, .nan, 1000, -1000, 89, -104, 1]
        let y = NDArray(x, shape: [x.count]).exp32(variant: variant).toArray(as: Float.self)
        #expect(Array(y[0..<4]) == [1, 1, .infinity, 0])
        #expect(y[4].isNaN)
        #expect(Array(y[5...8]) == [.infinity, 0, .infinity, 0])
        #expect(Swift.abs(y[9] - 2.7182817) <= 2 * Float(2.7182817).ulp)
    }

    /// Lengths around the vector widths exercise the tails.
    @Test(arguments: [1, 7, 8, 15, 16, 17, 33, 1000])
    func everyVariantGivesTheSameBits(count: Int) {
        let x = NDArray(Array(Self.sweep.prefix(count)), shape: [count])
        let results = Self.variants.map { x.exp32(variant: $0).toArray(as: Float.self).map(\.bitPattern) }
        for result in results.dropFirst() { #expect(result == results[0]) }
        #expect(x.exp().toArray(as: Float.self).map(\.bitPattern) == results[0])
    }

    @Test func sweepIsBitIdenticalAcrossVariants() {
        let x = NDArray(Self.sweep, shape: [Self.sweep.count])
        let reference = x.exp32(variant: .portable).toArray(as: Float.self).map(\.bitPattern)
        for variant in Self.variants { #expect(x.exp32(variant: variant).toArray(as: Float.self).map(\.bitPattern) == reference) }
    }
}
