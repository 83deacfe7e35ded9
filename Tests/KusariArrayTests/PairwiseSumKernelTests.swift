import CKusariKernels
import Testing
@testable import KusariArray

/// `kusari_pairwise_sum_f32`/`f64`, portable and AVX-512, against `pairwiseSum` written in
/// Swift (the order's definition), bit for bit, on lengths around the leaf and group sizes.
@Suite struct PairwiseSumKernelTests {
    static let lengths = [0, 1, 3, 4, 5, 127, 128, 129, 255, 256, 257, 383, 512, 1_000, 4_099, 8_192, 57_601]
    static let variants: [Int32] = GEMM.Variant.avx512.isSupported ? [0, 1] : [0]

    @Test(arguments: lengths)
    func float32MatchesTheDefinition(length: Int) {
        let x = testArray([max(length, 1)], dtype: .float32, seed: UInt64(length)).toArray(as: Float.self).prefix(length)
        let values = Array(x)
        let expected = values.withUnsafeBufferPointer { NDArray.pairwiseSum($0) { Double($0) } }
        for variant in Self.variants {
            #expect(kusari_pairwise_sum_f32(values, length, variant).bitPattern == expected.bitPattern, "variant \(variant)")
        }
    }

    @Test(arguments: lengths)
    func float64MatchesTheDefinition(length: Int) {
        let x = testArray([max(length, 1)], dtype: .float64, seed: UInt64(length)).toArray(as: Double.self).prefix(length)
        let values = Array(x)
        let expected = values.withUnsafeBufferPointer { NDArray.pairwiseSum($0) { $0 } }
        for variant in Self.variants {
            #expect(kusari_pairwise_sum_f64(values, length, variant).bitPattern == expected.bitPattern, "variant \(variant)")
        }
    }
}
