import Testing
@testable import KusariArray

/// Deterministic values in [-1, 1) from a linear congruential generator.
private func randomValues(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed &* 6364136223846793005 &+ 1442695040888963407
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(Int((state >> 40) % 2001) - 1000) / 1000
    }
}

/// op(X)[r, q] of a row-major matrix stored with leading dimension `ld`.
private func element(_ x: [Float], _ r: Int, _ q: Int, trans: Bool, ld: Int) -> Double {
    Double(trans ? x[q * ld + r] : x[r * ld + q])
}

/// A product with its float64 reference: alpha op(A) op(B) + beta C0 (+ biases, ReLU), and the
/// bound sum |alpha a b| used for the tolerance.
private struct Case {
    let transA: Bool, transB: Bool, m: Int, n: Int, k: Int
    var alpha: Float = 1, beta: Float = 0
    var rowBias: [Float]? = nil, colBias: [Float]? = nil, relu = false

    var lda: Int { max(1, transA ? m : k) }
    var ldb: Int { max(1, transB ? k : n) }
    var a: [Float] { randomValues(m * k, seed: UInt64(m * 131 + k)) }
    var b: [Float] { randomValues(k * n, seed: UInt64(n * 137 + k + 7)) }
    var c0: [Float] { randomValues(m * n, seed: 99) }

    func run(_ variant: GEMM.Variant?) -> [Float] {
        let (a, b) = (self.a, self.b)
        // beta == 0 must ignore C, even NaN.
        var c = beta == 0 ? [Float](repeating: .nan, count: m * n) : c0
        withOptionalPointer(rowBias) { rowBias in
            withOptionalPointer(colBias) { colBias in
                GEMM.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                           beta: beta, c: &c, ldc: max(1, n),
                           epilogue: GEMM.Epilogue(rowBias: rowBias, colBias: colBias, relu: relu), variant: variant)
            }
        }
        return c
    }

    func check(_ variant: GEMM.Variant?) {
        let (a, b, c0) = (self.a, self.b, self.c0)
        let c = run(variant)
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0, bound = 0.0
                for q in 0..<k {
                    let term = element(a, i, q, trans: transA, ld: lda) * element(b, q, j, trans: transB, ld: ldb)
                    sum += term
                    bound += abs(term)
                }
                var expected = Double(alpha) * sum + (beta == 0 ? 0 : Double(beta) * Double(c0[i * n + j]))
                if let rowBias { expected += Double(rowBias[i]) }
                if let colBias { expected += Double(colBias[j]) }
                if relu { expected = max(0, expected) }
                let tolerance = 4 * Double(Float.ulpOfOne) * (Double(k + 3) * abs(Double(alpha)) * bound + 4)
                worst = max(worst, abs(Double(c[i * n + j]) - expected) / tolerance)
            }
        }
        #expect(worst <= 1, "\(variant.map(\.rawValue) ?? "default") \(transA ? "T" : "N")\(transB ? "T" : "N") m=\(m) n=\(n) k=\(k): error \(worst) x tolerance")
    }
}

private func withOptionalPointer<R>(_ values: [Float]?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let values else { return body(nil) }
    return values.withUnsafeBufferPointer { body($0.baseAddress) }
}

private let flagPairs = [(false, false), (false, true), (true, false), (true, true)]

@Suite struct GEMMTests {
    static let variants = GEMM.Variant.allCases.filter(\.isSupported)

    /// Odd sizes (1, 7, 31, 257) cover edge tiles in every direction, several k blocks (257 > 256),
    /// the thin-C orientation (n = 7 < NR) and the dot-product paths (k = 1500: NT, and NN
    /// through a transposed B).
    @Test(arguments: variants)
    func matchesFloat64Reference(variant: GEMM.Variant) {
        let shapes = [(1, 1, 1), (7, 1, 31), (31, 257, 7), (257, 7, 31), (1, 31, 257), (7, 257, 1), (31, 31, 31), (7, 7, 1500)]
        for (m, n, k) in shapes {
            for (transA, transB) in flagPairs {
                Case(transA: transA, transB: transB, m: m, n: n, k: k).check(variant)
            }
        }
    }

    @Test(arguments: variants)
    func alphaBetaAndEpilogue(variant: GEMM.Variant) {
        for (m, n, k) in [(31, 37, 257), (37, 5, 13), (5, 7, 1100)] {
            for (transA, transB) in flagPairs {
                Case(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, beta: -2).check(variant)
                Case(transA: transA, transB: transB, m: m, n: n, k: k, alpha: -1.5, beta: 0,
                     rowBias: randomValues(m, seed: 5), colBias: randomValues(n, seed: 6), relu: true).check(variant)
            }
        }
    }

    /// The dot-product path with several k blocks (k > 4096) and the zero-length sum.
    @Test(arguments: variants)
    func longAndEmptySums(variant: GEMM.Variant) {
        Case(transA: false, transB: true, m: 3, n: 6, k: 4500, beta: 0.25).check(variant)
        Case(transA: false, transB: false, m: 3, n: 6, k: 0, alpha: 2, beta: 0.5, colBias: randomValues(6, seed: 1)).check(variant)
    }

    @Test func float64MatchesReference() {
        for (m, n, k) in [(1, 1, 1), (7, 31, 5), (13, 1, 40), (3, 9, 0)] {
            for (transA, transB) in flagPairs {
                let a = randomValues(m * k, seed: 1).map(Double.init), b = randomValues(k * n, seed: 2).map(Double.init)
                let c0 = randomValues(m * n, seed: 3).map(Double.init)
                var c = c0
                let (lda, ldb) = (max(1, transA ? m : k), max(1, transB ? k : n))
                GEMM.dgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda, b: b, ldb: ldb,
                           beta: -1, c: &c, ldc: n)
                for i in 0..<m {
                    for j in 0..<n {
                        var sum = 0.0
                        for q in 0..<k { sum += (transA ? a[q * lda + i] : a[i * lda + q]) * (transB ? b[j * ldb + q] : b[q * ldb + j]) }
                        #expect(abs(c[i * n + j] - (0.5 * sum - c0[i * n + j])) <= 1e-12)
                    }
                }
            }
        }
    }

    @Test func matmulHandWorked() {
        let a = NDArray([Float(1), 2, 3, 4, 5, 6], shape: [2, 3])
        let b = NDArray([Float(7), 8, 9, 10, 11, 12], shape: [3, 2])
        #expect(NDArray.matmul(a, b).toArray(as: Float.self) == [58, 64, 139, 154])
        #expect(NDArray.matmul(a, b).shape == [2, 2])
        // aᵀ aᵀ... (3, 2) · (2, 3): [[1,4],[2,5],[3,6]] · [[1,2,3],[4,5,6]]
        #expect(NDArray.matmul(a, a, transA: true).toArray(as: Float.self) == [17, 22, 27, 22, 29, 36, 27, 36, 45])
        #expect(NDArray.matmul(a, a, transB: true).toArray(as: Float.self) == [14, 32, 32, 77])
        #expect(NDArray.matmul(b, a, transA: true, transB: true).toArray(as: Float.self) == [58, 139, 64, 154])
        let a64 = NDArray([1.0, 2, 3, 4, 5, 6], shape: [2, 3]), b64 = NDArray([7.0, 8, 9, 10, 11, 12], shape: [3, 2])
        #expect(NDArray.matmul(a64, b64).toArray(as: Double.self) == [58, 64, 139, 154])
        #expect(NDArray.matmul(b64, a64, transA: true, transB: true).dtype == .float64)
    }

    @Test func batchMatmulMatchesPerMatrixProducts() {
        for dtype in [DType.float32, .float64] {
            for (transA, transB) in flagPairs {
                let (batch, m, k, n) = (3, 5, 4, 6)
                let a = NDArray(randomValues(batch * m * k, seed: 8), shape: transA ? [batch, k, m] : [batch, m, k]).astype(dtype)
                let b = NDArray(randomValues(batch * k * n, seed: 9), shape: transB ? [batch, n, k] : [batch, k, n]).astype(dtype)
                let out = NDArray.batchMatmul(a, b, transA: transA, transB: transB)
                #expect(out.shape == [batch, m, n] && out.dtype == dtype)
                for i in 0..<batch {
                    let ai = NDArray(Array(a.scalars[(i * m * k)..<((i + 1) * m * k)]), shape: [a.shape[1], a.shape[2]]).astype(dtype)
                    let bi = NDArray(Array(b.scalars[(i * k * n)..<((i + 1) * k * n)]), shape: [b.shape[1], b.shape[2]]).astype(dtype)
                    let expected = NDArray.matmul(ai, bi, transA: transA, transB: transB).scalars
                    #expect(Array(out.scalars[(i * m * n)..<((i + 1) * m * n)]) == expected)
                }
            }
        }
        let hand = NDArray.batchMatmul(NDArray([Float(1), 2, 3, 4], shape: [2, 1, 2]), NDArray([Float(5), 6, 7, 8], shape: [2, 2, 1]))
        #expect(hand.toArray(as: Float.self) == [17, 53])
    }

    @Test func shapeErrorsNameOperationAndShapes() {
        let a = NDArray(zeros: [2, 3]), b = NDArray(zeros: [4, 5])
        #expect(throws: ShapeError("matmul: a.shape[1] == b.shape[0], actual (2, 3) (4, 5)")) {
            try NDArray.matmulChecked(a, b)
        }
        #expect(throws: ShapeError("matmul: a.shape[0] == b.shape[1], actual (2, 3) (4, 5)")) {
            try NDArray.matmulChecked(a, b, transA: true, transB: true)
        }
        #expect(throws: ShapeError("matmul: a.ndim == 2 and b.ndim == 2, actual (2, 3) (5,)")) {
            try NDArray.matmulChecked(a, NDArray(zeros: [5]))
        }
        #expect(throws: ShapeError("batchMatmul: a.shape[0] == b.shape[0], actual (2, 3, 4) (3, 4, 5)")) {
            try NDArray.batchMatmulChecked(NDArray(zeros: [2, 3, 4]), NDArray(zeros: [3, 4, 5]))
        }
        #expect(throws: ShapeError("batchMatmul: a.shape[2] == b.shape[2], actual (2, 3, 4) (2, 5, 6)")) {
            try NDArray.batchMatmulChecked(NDArray(zeros: [2, 3, 4]), NDArray(zeros: [2, 5, 6]), transB: true)
        }
        #expect(throws: ShapeError("batchMatmul: a.ndim == 3 and b.ndim == 3, actual (3, 4) (2, 4, 5)")) {
            try NDArray.batchMatmulChecked(NDArray(zeros: [3, 4]), NDArray(zeros: [2, 4, 5]))
        }
    }

    /// Tests in this suite change process-wide settings, so they run one at a time.
    @Suite(.serialized) struct GlobalSettings {
        /// Shapes big enough to be split over threads, on each path: rows split, columns split,
        /// dot products (NT, and NN with a thin B); the bits must not depend on the thread count.
        @Test(arguments: GEMMTests.variants)
        func bitIdenticalOnOneAndTwoThreads(variant: GEMM.Variant) {
            let saved = Threading.threadCount
            defer { Threading.threadCount = saved }
            let cases = [Case(transA: false, transB: false, m: 257, n: 257, k: 129),
                         Case(transA: true, transB: true, m: 31, n: 2200, k: 129),
                         Case(transA: false, transB: true, m: 8, n: 16, k: 65536),
                         Case(transA: false, transB: false, m: 1100, n: 16, k: 512)]
            for item in cases {
                #expect(GEMM.partCount(work: item.m * item.n * item.k, limit: 8, threads: 2) > 1)
                Threading.threadCount = 1
                let one = item.run(variant)
                Threading.threadCount = 2
                let two = item.run(variant)
                #expect(one.map(\.bitPattern) == two.map(\.bitPattern), "m=\(item.m) n=\(item.n) k=\(item.k)")
            }
        }

        @Test func forcedVariantIsUsedByDefault() {
            defer { GEMM.forcedVariant = nil }
            let item = Case(transA: false, transB: false, m: 13, n: 17, k: 19)
            for variant in GEMMTests.variants {
                GEMM.forcedVariant = variant
                #expect(item.run(nil).map(\.bitPattern) == item.run(variant).map(\.bitPattern))
                item.check(nil)
            }
        }
    }
}
