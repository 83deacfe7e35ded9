import Foundation
import CKusariKernels
import Testing
@testable import KusariArray

/// The words of block `index` computed straight from the raw Philox function and the documented
/// counter layout, independently of `RandomStream`.
private func words(seed: UInt64, stream: UInt64, block index: UInt64) -> [UInt32] {
    let counter = SIMD4<UInt32>(UInt32(truncatingIfNeeded: index), UInt32(truncatingIfNeeded: index >> 32),
                                UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32))
    let key = SIMD2<UInt32>(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    let r = Philox.block(counter: counter, key: key)
    return [r[0], r[1], r[2], r[3]]
}

/// Word j of the flat word sequence starting at block `position`.
private func word(_ s: RandomStream, _ j: Int) -> UInt32 {
    words(seed: s.seed, stream: s.stream, block: s.position + UInt64(j / 4))[j % 4]
}

private func chiSquare(_ counts: [Int], expected: Double) -> Double {
    counts.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
}

/// Upper 1e-6 quantile of χ² with k degrees of freedom (Wilson–Hilferty), so a fixed-seed test
/// fails only on a real defect.
private func chiSquareLimit(dof k: Int) -> Double {
    let k = Double(k), z = 4.75
    return k * pow(1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot(), 3)
}

/// Checks the sample mean and variance within 6 standard errors: σ/√n for the mean and
/// √((μ₄ − σ⁴)/n) for the variance, μ₄ the central fourth moment.
private func checkMoments(_ values: [Double], mean: Double, variance: Double, centralFourth: Double) {
    let n = Double(values.count)
    let sampleMean = values.reduce(0, +) / n
    let sampleVariance = values.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) } / n
    let meanError = (variance / n).squareRoot()
    let varianceError = ((centralFourth - variance * variance) / n).squareRoot()
    #expect(abs(sampleMean - mean) < 6 * meanError)
    #expect(abs(sampleVariance - variance) < 6 * varianceError)
}

@Suite(.serialized) struct RandomTests {
    // MARK: Philox

    /// Random123's kat_vectors for philox4x32 with 10 rounds.
    @Test func philoxKnownAnswers() {
        let cases: [(SIMD4<UInt32>, SIMD2<UInt32>, SIMD4<UInt32>)] = [
            (SIMD4(0, 0, 0, 0), SIMD2(0, 0), SIMD4(0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8)),
            (SIMD4(repeating: 0xFFFF_FFFF), SIMD2(repeating: 0xFFFF_FFFF),
             SIMD4(0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD)),
            (SIMD4(0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344), SIMD2(0xA409_3822, 0x299F_31D0),
             SIMD4(0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1)),
        ]
        for (counter, key, expected) in cases {
            #expect(Philox.block(counter: counter, key: key) == expected)
        }
    }

    /// The pi-digit vector again, through the seed/stream/block layout.
    @Test func philoxCounterLayout() {
        let philox = Philox(seed: 0x299F_31D0_A409_3822, stream: 0x0370_7344_1319_8A2E)
        let r = philox.block(0x85A3_08D3_243F_6A88)
        #expect([r.0, r.1, r.2, r.3] == [0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1])
    }

    /// The C kernel behind `forEachBlock`, both variants, against `block(_:)`: runs that are
    /// not whole groups of sixteen, a lower counter word that wraps inside a group, and the
    /// block index wrapping past 2⁶⁴ − 1.
    @Test func batchedBlocksMatchBlock() {
        let philox = Philox(seed: 0x299F_31D0_A409_3822, stream: 0x0370_7344_1319_8A2E)
        for (first, count) in [(UInt64(0), 37), (0xFFFF_FFF8, 40), (0x85A3_08D3_243F_6A88, 300), (UInt64.max - 20, 45)] {
            let expected = (0..<count).flatMap { b in
                let w = philox.block(first &+ UInt64(b))
                return [w.0, w.1, w.2, w.3]
            }
            for avx512 in [false, true] where !avx512 || GEMM.Variant.avx512.isSupported {
                var words = [UInt32](repeating: 0, count: 4 * count)
                kusari_philox4x32_10(philox.seed, philox.stream, first, count, avx512 ? 1 : 0, &words)
                #expect(words == expected, "first \(first), avx512 \(avx512)")
            }
            var visited: [UInt32] = []
            philox.forEachBlock(from: first, 3..<count) { b, w0, w1, w2, w3 in
                #expect(visited.count == 4 * (b - 3))
                visited += [w0, w1, w2, w3]
            }
            #expect(visited == Array(expected[12...]), "forEachBlock from \(first)")
        }
    }

    // MARK: The documented mapping

    @Test func uniformFloat32Mapping() {
        var s = RandomStream(seed: 42, stream: 7, position: 5)
        let start = s
        let x = s.uniform([3, 3], low: -2, high: 3).toArray(as: Float.self)
        #expect(s.position == 8)
        for i in 0..<9 {
            let u = Float(word(start, i) >> 8) / 16_777_216
            #expect(x[i] == -2 + 5 * u)
        }
    }

    @Test func uniformFloat64Mapping() {
        var s = RandomStream(seed: 1, stream: 2, position: 3)
        let start = s
        let x = s.uniform([5], low: 1, high: 4, dtype: .float64).toArray(as: Double.self)
        #expect(s.position == 6)
        for i in 0..<5 {
            let bits = UInt64(word(start, 2 * i)) << 32 | UInt64(word(start, 2 * i + 1))
            #expect(x[i] == 1 + 3 * (Double(bits >> 11) / 9_007_199_254_740_992))
        }
    }

    @Test func normalMapping() {
        var s = RandomStream(seed: 9, stream: 0)
        let start = s
        let x32 = s.normal([6], mean: 1, std: 2).toArray(as: Float.self)
        let mid = s
        let x64 = s.normal([3], mean: -1, std: 0.5, dtype: .float64).toArray(as: Double.self)
        #expect(mid.position == 2 && s.position == 4)
        for pair in 0..<3 {
            let a = word(start, 2 * pair), b = word(start, 2 * pair + 1)
            let u1 = (Double(a >> 8) + 1) / 16_777_216, u2 = Double(b >> 8) / 16_777_216
            let r = (-2 * log(u1)).squareRoot()
            #expect(x32[2 * pair] == 1 + 2 * Float(r * cos(2 * Double.pi * u2)))
            #expect(x32[2 * pair + 1] == 1 + 2 * Float(r * sin(2 * Double.pi * u2)))
        }
        for i in 0..<3 {
            let w = (0..<4).map { word(mid, 4 * (i / 2) + $0) }
            let u1 = (Double((UInt64(w[0]) << 32 | UInt64(w[1])) >> 11) + 1) / 9_007_199_254_740_992
            let u2 = Double((UInt64(w[2]) << 32 | UInt64(w[3])) >> 11) / 9_007_199_254_740_992
            let r = (-2 * log(u1)).squareRoot(), theta = 2 * Double.pi * u2
            #expect(x64[i] == -1 + 0.5 * (i % 2 == 0 ? r * cos(theta) : r * sin(theta)))
        }
    }

    @Test func bernoulliIsUniformBelowP() {
        var a = RandomStream(seed: 3, stream: 4), b = a
        let mask = a.bernoulli([1001], p: 0.3)
        let u = b.uniform([1001])
        #expect(mask.toArray(as: Bool.self) == u.toArray(as: Float.self).map { $0 < 0.3 })
        #expect(a == b)
        var c = RandomStream(seed: 3, stream: 4)
        #expect(c.bernoulli([1001], p: 0.3, dtype: .float32).toArray(as: Float.self)
            == mask.toArray(as: Bool.self).map { $0 ? 1 : 0 })
        #expect(c.bernoulli([10], p: 0).toArray(as: Bool.self).allSatisfy { !$0 })
        #expect(c.bernoulli([10], p: 1).toArray(as: Bool.self).allSatisfy { $0 })
    }

    @Test func randintMapping() {
        var s = RandomStream(seed: 5, stream: 6)
        let start = s
        let x = s.randint([7], low: -10, high: 1000).toArray(as: Int64.self)
        #expect(s.position == 4)
        for i in 0..<7 {
            let bits = UInt64(word(start, 2 * i)) << 32 | UInt64(word(start, 2 * i + 1))
            // ⌊bits · 1010 / 2⁶⁴⌋ by exact decimal-free arithmetic: split bits into 32-bit halves.
            let hi = (bits >> 32) * 1010, lo = (bits & 0xFFFF_FFFF) * 1010
            #expect(x[i] == -10 + Int64((hi + (lo >> 32)) >> 32))
        }
        var t = RandomStream(seed: 5, stream: 6)
        #expect(t.randint([7], low: -10, high: 1000, dtype: .int32).toArray(as: Int32.self) == x.map { Int32($0) })
        #expect(t.randint([5], low: 3, high: 4).toArray(as: Int64.self) == [3, 3, 3, 3, 3])
    }

    @Test func permutationMapping() {
        var s = RandomStream(seed: 11, stream: 0)
        let start = s
        let p = s.permutation(9).toArray(as: Int64.self)
        #expect(s.position == 5)
        let keys = (0..<9).map { UInt64(word(start, 2 * $0)) << 32 | UInt64(word(start, 2 * $0 + 1)) }
        #expect(p == (0..<9).sorted { keys[$0] < keys[$1] }.map { Int64($0) })
        #expect(s.permutation(0).shape == [0])
    }

    // MARK: Streams

    @Test func reproducibleAndPositioned() {
        var a = RandomStream(seed: 100, stream: 1), b = a
        #expect(a.uniform([50]).toArray(as: Float.self) == b.uniform([50]).toArray(as: Float.self))
        // A draw of 8 float32 is two blocks, so it equals two draws of 4.
        var whole = RandomStream(seed: 100, stream: 1), parts = whole
        let x = whole.uniform([8]).toArray(as: Float.self)
        #expect(x == parts.uniform([4]).toArray(as: Float.self) + parts.uniform([4]).toArray(as: Float.self))
        var other = RandomStream(seed: 100, stream: 2)
        #expect(other.uniform([8]).toArray(as: Float.self) != x)
    }

    @Test func derivedStreams() {
        let root = RandomStream(seed: 0x1234_5678_9ABC_DEF0, stream: 77)
        let child = root.derived(3)
        let w = words(seed: root.seed ^ 0x4B55_5341_5249_2D31, stream: 77, block: 3)
        #expect(child == RandomStream(seed: root.seed, stream: UInt64(w[0]) << 32 | UInt64(w[1])))
        #expect(root.derived(3) == child && root.derived(4) != child && child.derived(3) != child)
        // FNV-1a 64 of "a" is 0xAF63DC4C8601EC8C (the published test vector).
        #expect(root.derived("a") == root.derived(0xAF63_DC4C_8601_EC8C))
        #expect(root.derived("dropout") != root.derived("init"))
    }

    @Test func threadCountInvariance() {
        let saved = Threading.threadCount
        defer { Threading.threadCount = saved }
        func draws() -> [NDArray] {
            var s = RandomStream(seed: 2024, stream: 3)
            return [s.uniform([100_003]), s.uniform([50_001], dtype: .float64), s.normal([100_001]),
                    s.normal([50_003], dtype: .float64), s.bernoulli([100_002], p: 0.5),
                    s.randint([50_001], low: 0, high: 10), s.permutation(20_000)]
        }
        #expect(Threading.chunkCount(100_003 / 4, grain: RandomStream.blockGrain) > 1)
        Threading.threadCount = 1
        let one = draws().map { $0.withUnsafeBytes { Array($0) } }
        for threads in [2, 3] {
            Threading.threadCount = threads
            #expect(draws().map { $0.withUnsafeBytes { Array($0) } } == one)
        }
    }

    // MARK: Distributions

    @Test func uniformStatistics() {
        var s = RandomStream(seed: 1)
        let n = 400_000
        let x = s.uniform([n], low: 2, high: 5).toArray(as: Float.self).map(Double.init)
        #expect(x.allSatisfy { $0 >= 2 && $0 < 5 })
        checkMoments(x, mean: 3.5, variance: 0.75, centralFourth: 81.0 / 80)
        var counts = [Int](repeating: 0, count: 100)
        for v in x { counts[min(99, Int((v - 2) / 3 * 100))] += 1 }
        #expect(chiSquare(counts, expected: Double(n) / 100) < chiSquareLimit(dof: 99))

        let y = s.uniform([n / 2], dtype: .float64).toArray(as: Double.self)
        #expect(y.allSatisfy { $0 >= 0 && $0 < 1 })
        checkMoments(y, mean: 0.5, variance: 1.0 / 12, centralFourth: 1.0 / 80)
    }

    @Test func normalStatistics() {
        var s = RandomStream(seed: 2)
        let n = 400_000
        for dtype in [DType.float32, .float64] {
            let x = s.normal([n], mean: 1, std: 3, dtype: dtype).astype(.float64).toArray(as: Double.self)
            // A normal's central fourth moment is 3σ⁴.
            checkMoments(x, mean: 1, variance: 9, centralFourth: 3 * 81)
            // Φ(1) − Φ(−1) = 0.682689...; also the pairs (cos, sin) must not be correlated.
            let inside = Double(x.filter { abs($0 - 1) < 3 }.count) / Double(n)
            #expect(abs(inside - 0.682_689_492) < 6 * (0.6827 * 0.3173 / Double(n)).squareRoot())
            var cross = 0.0
            for i in stride(from: 0, to: n, by: 2) { cross += (x[i] - 1) * (x[i + 1] - 1) / 9 }
            #expect(abs(cross / Double(n / 2)) < 6 / Double(n / 2).squareRoot())
        }
    }

    @Test func bernoulliAndRandintStatistics() {
        var s = RandomStream(seed: 3)
        let n = 400_000
        let mask = s.bernoulli([n], p: 0.2).toArray(as: Bool.self)
        let frequency = Double(mask.filter { $0 }.count) / Double(n)
        #expect(abs(frequency - 0.2) < 6 * (0.16 / Double(n)).squareRoot())

        let k = s.randint([n], low: -3, high: 7).toArray(as: Int64.self)
        #expect(k.allSatisfy { $0 >= -3 && $0 < 7 })
        var counts = [Int](repeating: 0, count: 10)
        for v in k { counts[Int(v + 3)] += 1 }
        #expect(chiSquare(counts, expected: Double(n) / 10) < chiSquareLimit(dof: 9))
    }

    @Test func permutationStatistics() {
        var s = RandomStream(seed: 4)
        let big = s.permutation(10_000).toArray(as: Int64.self)
        #expect(big.sorted() == Array(0..<10_000))
        #expect(big != Array(0..<10_000))
        // Where element 0 lands, and which element comes first, are both uniform on 0..<5.
        let trials = 20_000
        var first = [Int](repeating: 0, count: 5), whereZero = [Int](repeating: 0, count: 5)
        for _ in 0..<trials {
            let p = s.permutation(5).toArray(as: Int64.self)
            #expect(p.sorted() == [0, 1, 2, 3, 4])
            first[Int(p[0])] += 1
            whereZero[p.firstIndex(of: 0)!] += 1
        }
        #expect(chiSquare(first, expected: Double(trials) / 5) < chiSquareLimit(dof: 4))
        #expect(chiSquare(whereZero, expected: Double(trials) / 5) < chiSquareLimit(dof: 4))
    }
}
