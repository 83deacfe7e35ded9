// Philox-4x32-10: the counter-based bijection every Kusari random number comes from.
import CKusariKernels

/// The Philox-4x32-10 generator of Salmon et al., "Parallel random numbers: as easy as
/// 1, 2, 3" (SC 2011), as published in Random123 (cuRAND ships the same generator).
///
/// Philox maps a 128-bit counter `(c0, c1, c2, c3)` and a 64-bit key `(k0, k1)` to four
/// 32-bit words. There is no state: the words for a counter can be computed in any order,
/// on any thread, on any device. One round, with `mulhi`/`mullo` the high and low 32 bits
/// of the 64-bit product:
///
///     (c0, c1, c2, c3) ← (mulhi(M1, c2) ^ c1 ^ k0,  mullo(M1, c2),
///                         mulhi(M0, c0) ^ c3 ^ k1,  mullo(M0, c0))
///     M0 = 0xD2511F53, M1 = 0xCD9E8D57
///
/// Ten rounds run; between consecutive rounds the key is bumped by the Weyl constants
/// `k0 += 0x9E3779B9, k1 += 0xBB67AE85` (mod 2³²).
///
/// Kusari's layout: the key is the 64-bit seed `(k0, k1) = (seed mod 2³², seed >> 32)`, the
/// upper half of the counter is the stream `(c2, c3) = (stream mod 2³², stream >> 32)`, and
/// the lower half is the block index `(c0, c1) = (block mod 2³², block >> 32)`. Distinct
/// streams under one seed therefore never share a counter.
public struct Philox: Sendable, Hashable, Codable {
    /// The 64-bit key.
    public let seed: UInt64
    /// The upper 64 bits of the counter.
    public let stream: UInt64

    /// The generator for `stream` (default 0) under `seed`.
    public init(seed: UInt64, stream: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
    }

    /// The four words of block `index`: Philox-4x32-10 of the counter
    /// `(index mod 2³², index >> 32, stream mod 2³², stream >> 32)` under this seed.
    @inlinable
    public func block(_ index: UInt64) -> (UInt32, UInt32, UInt32, UInt32) {
        Philox.rounds(UInt32(truncatingIfNeeded: index), UInt32(truncatingIfNeeded: index >> 32),
                      UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32),
                      key: UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    }

    /// Runs `body(b, w0, w1, w2, w3)` for every b in `blocks`, in order, with the words of
    /// block `first + b` (mod 2⁶⁴), the same words as `block(_:)`. The blocks are computed a
    /// batch at a time by `kusari_philox4x32_10`, sixteen at once where the CPU has AVX-512.
    @inlinable @inline(__always)
    public func forEachBlock(from first: UInt64, _ blocks: Range<Int>,
                             _ body: (Int, UInt32, UInt32, UInt32, UInt32) -> Void) {
        let batch = 256
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 4 * batch) { words in
            let avx512: Int32 = GEMM.Variant.avx512.isSupported ? 1 : 0
            for start in stride(from: blocks.lowerBound, to: blocks.upperBound, by: batch) {
                let count = min(batch, blocks.upperBound - start)
                kusari_philox4x32_10(seed, stream, first &+ UInt64(start), count, avx512, words.baseAddress!)
                for i in 0..<count {
                    body(start + i, words[4 * i], words[4 * i + 1], words[4 * i + 2], words[4 * i + 3])
                }
            }
        }
    }

    /// Philox-4x32-10 of a raw counter and key, word for word as in Random123's
    /// `philox4x32(ctr, key)`: the published known-answer vectors apply to this function.
    public static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        let r = rounds(counter[0], counter[1], counter[2], counter[3], key: key[0], key[1])
        return SIMD4(r.0, r.1, r.2, r.3)
    }

    @inlinable @inline(__always)
    static func rounds(
        _ c0: UInt32, _ c1: UInt32, _ c2: UInt32, _ c3: UInt32, key k0: UInt32, _ k1: UInt32
    ) -> (UInt32, UInt32, UInt32, UInt32) {
        var (c0, c1, c2, c3, k0, k1) = (c0, c1, c2, c3, k0, k1)
        for round in 0..<10 {
            if round > 0 {
                k0 &+= 0x9E37_79B9
                k1 &+= 0xBB67_AE85
            }
            let p0 = UInt64(0xD251_1F53) &* UInt64(c0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(c2)
            (c0, c1, c2, c3) = (UInt32(truncatingIfNeeded: p1 >> 32) ^ c1 ^ k0, UInt32(truncatingIfNeeded: p1),
                                UInt32(truncatingIfNeeded: p0 >> 32) ^ c3 ^ k1, UInt32(truncatingIfNeeded: p0))
        }
        return (c0, c1, c2, c3)
    }
}
