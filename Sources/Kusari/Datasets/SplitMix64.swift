// SplitMix64: the small deterministic generator behind `splitDatasetRandom`.

/// Steele, Lea and Flood's SplitMix64 (2014): the state advances by the golden-ratio
/// increment 0x9E3779B97F4A7C15 and each output is the new state run through the finalizer
/// `z = (z ^ z>>30) * 0xBF58476D1CE4E5B9; z = (z ^ z>>27) * 0x94D049BB133111EB; z ^ z>>31`.
/// Seed 0 starts 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F.
///
/// Datasets use it only until the array layer's counter-based generator exists; the one
/// place to switch is `permutation`.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A permutation of `0..<count` by Fisher–Yates: for i from count − 1 down to 1, swap
    /// entry i with entry j = ⌊next() · (i + 1) / 2⁶⁴⌋ (Lemire's multiply-shift, bias below
    /// (i + 1) / 2⁶⁴).
    static func permutation(_ count: Int, seed: UInt64) -> [Int] {
        var generator = SplitMix64(seed: seed)
        var order = Array(0..<count)
        var i = count - 1
        while i > 0 {
            let j = Int(generator.next().multipliedFullWidth(by: UInt64(i + 1)).high)
            order.swapAt(i, j)
            i -= 1
        }
        return order
    }
}
