// Products whose sums run over separate stretches of memory: a convolution's weight gradient
// sums over the images of a batch, and one output channel's rows of gy lie an image apart.

extension GEMM {
    /// C = A · Bᵀ (+ C when `accumulate`), summing over k = `runs` · `run` elements that lie in
    /// runs of `run` contiguous elements:
    ///
    ///     C[i, j] = Σ over p < k of A(i, p) · B(j, p),
    ///     A(i, p) = a[i · lda + (p / run) · aRunStride + p % run],  B(j, p) likewise,
    ///
    /// float32 or float64. Float32 products that take the dot-product path read the runs in
    /// place; otherwise an operand whose runs are apart is first copied into scratch with its
    /// runs side by side, and the product is `sgemm`'s or `dgemm`'s. Either way each element's
    /// sum depends on the sizes alone, not on the thread count. `variant` as in `sgemm`.
    static func productNT<T: NDFloat>(
        runs: Int, run: Int, m: Int, n: Int, a: UnsafePointer<T>, lda: Int, aRunStride: Int,
        b: UnsafePointer<T>, ldb: Int, bRunStride: Int, accumulate: Bool, c: UnsafeMutablePointer<T>, ldc: Int,
        variant: Variant? = nil
    ) {
        precondition(runs >= 0 && run >= 0 && m >= 0 && n >= 0, "GEMM.productNT: negative size runs=\(runs) run=\(run) m=\(m) n=\(n)")
        let k = runs * run
        if T.self == Float.self && usesDotProduct(transA: false, transB: true, m: m, n: n, k: k) {
            let problem = Problem(transA: false, transB: true, m: m, n: n, k: k, alpha: 1, a: float(a), lda: lda,
                                  b: float(b), ldb: ldb, beta: accumulate ? 1 : 0,
                                  c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), rsc: ldc, csc: 1,
                                  epilogue: .none, run: run, aRunStride: aRunStride, bRunStride: bRunStride)
            dotProduct(problem, Kernels(variant ?? forcedVariant ?? .best))
            return
        }
        withRunsTogether(a, rows: m, ld: lda, runs: runs, run: run, runStride: aRunStride) { a, lda in
            withRunsTogether(b, rows: n, ld: ldb, runs: runs, run: run, runStride: bRunStride) { b, ldb in
                product(T.self, transA: false, transB: true, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                        accumulate: accumulate, c: c, ldc: ldc, variant: variant)
            }
        }
    }

    private static func float<T>(_ p: UnsafePointer<T>) -> UnsafePointer<Float> {
        UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
    }

    /// Runs `body` on `rows` rows of runs as contiguous rows and their leading dimension: in
    /// place when the runs already follow each other, else copied into scratch.
    private static func withRunsTogether<T>(
        _ source: UnsafePointer<T>, rows: Int, ld: Int, runs: Int, run: Int, runStride: Int,
        _ body: (UnsafePointer<T>, Int) -> Void
    ) {
        if runs <= 1 || runStride == run {
            body(source, ld)
            return
        }
        let k = runs * run
        ScratchMemory.with(rows * k, of: T.self) { together in
            for row in 0..<rows {
                for r in 0..<runs {
                    (together + row * k + r * run).update(from: source + row * ld + r * runStride, count: run)
                }
            }
            body(together, k)
        }
    }
}
