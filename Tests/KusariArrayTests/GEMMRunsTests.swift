import Testing
@testable import KusariArray

/// A product C = A · Bᵀ whose k is `runs` runs of `run` elements, A's runs `gap` elements
/// further apart than B's (B's runs follow each other when `bGap` is 0).
private struct RunsCase: CustomTestStringConvertible, Sendable {
    let m, n, runs, run: Int
    var gap = 5, bGap = 0

    var testDescription: String { "m=\(m) n=\(n) runs=\(runs) run=\(run)" }
    var k: Int { runs * run }
    var aRunStride: Int { m * run + gap }
    var bRunStride: Int { run + bGap }
    var lda: Int { run }
    var ldb: Int { bGap == 0 ? k : run }
    var bRunStrideForLayout: Int { bGap == 0 ? run : n * run + bGap }

    /// Storage of A: row i's run r at i · lda + r · aRunStride; the gaps hold NaN, never read.
    func storageA<T: NDFloat>(_: T.Type) -> [T] { storage(rows: m, ld: lda, runStride: aRunStride, seed: 1) }
    func storageB<T: NDFloat>(_: T.Type) -> [T] { storage(rows: n, ld: ldb, runStride: bRunStrideForLayout, seed: 2) }

    private func storage<T: NDFloat>(rows: Int, ld: Int, runStride: Int, seed: UInt64) -> [T] {
        var values = [T](repeating: .nan, count: (runs - 1) * runStride + (rows - 1) * ld + run)
        var stream = RandomStream(seed: seed, stream: 9)
        let random = stream.uniform([rows * k], low: -1, high: 1, dtype: .float64).toArray(as: Double.self)
        for i in 0..<rows {
            for p in 0..<k { values[i * ld + p / run * runStride + p % run] = T(random[i * k + p]) }
        }
        return values
    }

    /// C = A Bᵀ (+ C0 when accumulating) in float64, reading the operands by definition.
    func reference(_ a: [Double], _ b: [Double], c0: [Double]?) -> [Double] {
        (0..<m * n).map { index in
            let (i, j) = (index / n, index % n)
            var sum = c0?[index] ?? 0
            for p in 0..<k {
                sum += a[i * lda + p / run * aRunStride + p % run] * b[j * ldb + p / run * bRunStrideForLayout + p % run]
            }
            return sum
        }
    }

    func product<T: NDFloat>(_: T.Type, accumulate: Bool, variant: GEMM.Variant? = nil) -> [T] {
        let (a, b) = (storageA(T.self), storageB(T.self))
        var c = (0..<m * n).map { T(Double($0 % 7) - 3) }
        GEMM.productNT(runs: runs, run: run, m: m, n: n, a: a, lda: lda, aRunStride: aRunStride, b: b, ldb: ldb,
                       bRunStride: bRunStrideForLayout, accumulate: accumulate, c: &c, ldc: n, variant: variant)
        return c
    }
}

private let runsCases = [
    // Dot products (k >= 1024, small C): whole runs per block, runs that are not whole vectors.
    RunsCase(m: 5, n: 7, runs: 3, run: 600),
    RunsCase(m: 6, n: 4, runs: 40, run: 37, gap: 3, bGap: 2),
    // A run longer than a block of k: pieces of runs.
    RunsCase(m: 2, n: 3, runs: 2, run: 5000),
    // The packed path: runs copied together first.
    RunsCase(m: 13, n: 150, runs: 3, run: 64, gap: 1, bGap: 4),
]

@Suite struct GEMMRunsTests {
    @Test(arguments: runsCases)
    fileprivate func matchesFloat64Reference(_ t: RunsCase) {
        let c0 = (0..<t.m * t.n).map { Double($0 % 7) - 3 }
        for accumulate in [false, true] {
            let expected = t.reference(t.storageA(Double.self), t.storageB(Double.self), c0: accumulate ? c0 : nil)
            let double = t.product(Double.self, accumulate: accumulate)
            #expect(zip(double, expected).allSatisfy { abs($0 - $1) <= 1e-12 * Double(t.k) }, "float64")
            for variant in GEMM.Variant.allCases.filter(\.isSupported) {
                let single = t.product(Float.self, accumulate: accumulate, variant: variant)
                let worst = zip(single, expected).map { abs(Double($0) - $1) }.max()!
                #expect(worst <= 4e-7 * Double(t.k), "\(variant) accumulate \(accumulate): \(worst)")
            }
        }
    }

    /// Blocks of k, worked by hand: pieces of a contiguous k, whole runs, and pieces of long runs.
    @Test func kBlocks() {
        func problem(k: Int, run: Int, aRunStride: Int, bRunStride: Int) -> GEMM.Problem {
            let none = UnsafeMutablePointer<Float>(bitPattern: 64)!
            return GEMM.Problem(transA: false, transB: true, m: 1, n: 1, k: k, alpha: 1, a: none, lda: k, b: none, ldb: k,
                                beta: 0, c: none, rsc: 1, csc: 1, epilogue: .none, run: run, aRunStride: aRunStride,
                                bRunStride: bRunStride)
        }
        #expect(problem(k: 4500, run: 4500, aRunStride: 0, bRunStride: 0).kBlocks(upTo: 4096)
                    == [DotBlock(runs: 1, run: 4096, aOffset: 0, bOffset: 0), DotBlock(runs: 1, run: 404, aOffset: 4096, bOffset: 4096)])
        #expect(problem(k: 10 * 576, run: 576, aRunStride: 11520, bRunStride: 576).kBlocks(upTo: 4096)
                    == [DotBlock(runs: 7, run: 576, aOffset: 0, bOffset: 0),
                        DotBlock(runs: 3, run: 576, aOffset: 7 * 11520, bOffset: 7 * 576)])
        #expect(problem(k: 2 * 5000, run: 5000, aRunStride: 6000, bRunStride: 5000).kBlocks(upTo: 4096)
                    == [DotBlock(runs: 1, run: 4096, aOffset: 0, bOffset: 0), DotBlock(runs: 1, run: 904, aOffset: 4096, bOffset: 4096),
                        DotBlock(runs: 1, run: 4096, aOffset: 6000, bOffset: 5000),
                        DotBlock(runs: 1, run: 904, aOffset: 10096, bOffset: 9096)])
    }

    /// Changes the thread count, so it runs apart from other suites that depend on it.
    @Suite(.serialized) struct Threads {
        /// conv1's weight-gradient product, big enough to be split over threads: the same bits
        /// on one, two and three threads.
        @Test func bitIdenticalOnAnyThreadCount() {
            let saved = Threading.threadCount
            defer { Threading.threadCount = saved }
            let t = RunsCase(m: 20, n: 25, runs: 100, run: 576)
            Threading.threadCount = 1
            let one = t.product(Float.self, accumulate: false)
            for threads in [2, 3] {
                Threading.threadCount = threads
                #expect(t.product(Float.self, accumulate: false).map(\.bitPattern) == one.map(\.bitPattern), "\(threads) threads")
            }
        }
    }
}
