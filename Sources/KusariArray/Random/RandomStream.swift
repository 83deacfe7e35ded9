// Random streams: reproducible random NDArrays addressed by (seed, stream, position).
//
// # How counters become numbers
//
// This is the contract a GPU backend reproduces bit for bit.
//
// A `RandomStream` is a Philox-4x32-10 key and counter half `(seed, stream)` plus a
// `position` counted in blocks (one block = one 128-bit counter = four 32-bit words). A draw of
// n elements at e elements per block uses the B = ⌈n / e⌉ blocks `position ..< position + B`
// and then advances `position` by B. Block b of the draw yields the words
//
//     (w0, w1, w2, w3) = Philox(seed: seed, stream: stream).block(position + b)   (mod 2⁶⁴)
//
// and element i of the draw lives in block i / e, slot s = i mod e. It depends on nothing
// else: not on the thread count, not on chunking, not on other elements. Words of the last
// block beyond n are discarded.
//
// Words become numbers through (exact integer arithmetic, exact conversions):
//
//     u24(w)    = (w >> 8) · 2⁻²⁴                   ∈ [0, 1), exact in float32
//     x64(a, b) = (a << 32) | b                      a 64-bit word, a the high half
//     u53(a, b) = (x64(a, b) >> 11) · 2⁻⁵³           ∈ [0, 1), exact in float64
//
//     draw                   e   slot s of block (w0, w1, w2, w3)
//     uniform    float32     4   low + (high − low) · u24(w_s)
//     uniform    float64     2   low + (high − low) · u53(w_2s, w_2s+1)
//     bernoulli  (any dtype) 4   u24(w_s) < p
//     randint    [low, high) 2   low + ((x64(w_2s, w_2s+1) · (high − low)) >> 64)
//     permutation(n)         2   sort key of index i: x64(w_2s, w_2s+1)
//     normal     float32     4   slots 0, 1 from the pair (w0, w1); slots 2, 3 from (w2, w3)
//     normal     float64     2   slots 0, 1 from the pair (x64(w0, w1), x64(w2, w3))
//
// In `uniform` and `normal`, `low`, `high`, `mean` and `std` are first rounded to the dtype and
// the affine step runs in the dtype as separate, correctly rounded operations, left to right
// (no fused multiply–add: CUDA code must use `__fsub_rn`, `__fmul_rn`, `__fadd_rn`).
//
// Box–Muller turns a pair into two normals z₀ (even slot) and z₁ (odd slot), in float64:
//
//     float32 pair (a, b):  u1 = ((a >> 8) + 1) · 2⁻²⁴,   u2 = u24(b)
//     float64 pair (a, b):  u1 = ((a >> 11) + 1) · 2⁻⁵³,  u2 = (b >> 11) · 2⁻⁵³
//     r = √(−2 · log u1),  θ = (2π) · u2,  z₀ = r · cos θ,  z₁ = r · sin θ
//
// then `mean + std · z` in the dtype, z rounded to the dtype first. u1 ∈ (0, 1] keeps the
// logarithm finite. Normals are exact up to the last-bit differences between math libraries'
// `log`, `cos` and `sin`; float32 results almost never see them because they are rounded
// from float64.
import Foundation

/// A reproducible source of random arrays: a `Philox` key `(seed, stream)` and a position.
///
/// Every draw (`uniform`, `normal`, `bernoulli`, `randint`, `permutation`) reads the blocks
/// starting at `position` and advances it, so the same stream at the same position always
/// produces the same array, whatever the thread count. The file header documents the exact
/// mapping from counters to numbers.
///
/// Independent streams come from one global seed with `derived(_:)`:
///
///     let root = RandomStream(seed: 0)
///     var initializer = root.derived("initializers")
///     var shuffle = root.derived(1)
public struct RandomStream: Sendable, Hashable, Codable {
    /// The Philox key.
    public let seed: UInt64
    /// The upper 64 bits of every counter this stream uses.
    public let stream: UInt64
    /// The next block a draw reads (the lower 64 bits of its counter).
    public var position: UInt64

    /// A stream at the start (`position` 0) of stream `stream` under `seed`.
    public init(seed: UInt64, stream: UInt64 = 0, position: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
        self.position = position
    }

    /// The generator whose blocks this stream reads.
    public var generator: Philox { Philox(seed: seed, stream: stream) }

    /// A child stream, at position 0, with the same seed and the stream number
    /// `x64(w0, w1)` of Philox-4x32-10 at counter `(id mod 2³², id >> 32, stream mod 2³²,
    /// stream >> 32)` under the key `seed ^ 0x4B55_5341_5249_2D31` (ASCII "KUSARI-1").
    ///
    /// The different key keeps derivation apart from the numbers draws produce; children of
    /// one stream with different ids, and their own children, are independent streams.
    public func derived(_ id: UInt64) -> RandomStream {
        let key = seed ^ 0x4B55_5341_5249_2D31
        let words = Philox(seed: key, stream: stream).block(id)
        return RandomStream(seed: seed, stream: UInt64(words.0) << 32 | UInt64(words.1))
    }

    /// The child stream `derived(id)` with `id` the 64-bit FNV-1a hash of `name`'s UTF-8 bytes
    /// (offset basis 0xCBF29CE484222325, prime 0x100000001B3).
    public func derived(_ name: String) -> RandomStream {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return derived(hash)
    }

    // MARK: Words to numbers

    /// Blocks a thread should own before splitting a draw pays off.
    static let blockGrain = 1 << 12

    @inline(__always) static func u24(_ w: UInt32) -> Float { Float(w >> 8) * 0x1p-24 }
    @inline(__always) static func x64(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) << 32 | UInt64(b) }
    @inline(__always) static func u53(_ a: UInt32, _ b: UInt32) -> Double { Double(x64(a, b) >> 11) * 0x1p-53 }

    /// Fills `out` with one draw of `perBlock` (1 to 4) elements per block, `make` turning a
    /// block's words into its elements, and advances `position` past the blocks used.
    @inline(__always)
    mutating func fill<T>(
        _ out: UnsafeMutableBufferPointer<T>, perBlock: Int,
        _ make: (UInt32, UInt32, UInt32, UInt32) -> (T, T, T, T)
    ) {
        let count = out.count
        let blocks = (count + perBlock - 1) / perBlock
        let generator = generator, start = position
        let chunks = Threading.chunkCount(blocks, grain: RandomStream.blockGrain)
        Threading.parallelFor(chunks) { chunk in
            generator.forEachBlock(from: start, Threading.range(of: chunk, in: chunks, count: blocks)) { b, w0, w1, w2, w3 in
                let v = make(w0, w1, w2, w3)
                let base = b * perBlock, n = min(perBlock, count - base)
                out[base] = v.0
                if n > 1 { out[base + 1] = v.1 }
                if n > 2 { out[base + 2] = v.2 }
                if n > 3 { out[base + 3] = v.3 }
            }
        }
        position &+= UInt64(blocks)
    }

    /// A new array of `shape` filled by one draw (see `fill`).
    @inline(__always)
    mutating func draw<T: NDScalar>(
        _ shape: [Int], perBlock: Int, _ make: (UInt32, UInt32, UInt32, UInt32) -> (T, T, T, T)
    ) -> NDArray {
        var out = NDArray(uninitialized: shape, dtype: T.dtype)
        out.withUnsafeMutableBufferPointer(as: T.self) { fill($0, perBlock: perBlock, make) }
        return out
    }
}
