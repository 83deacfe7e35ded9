// Float64 matrix products, for gradient checks: exact BLAS semantics, modest speed.
import CKusariKernels

extension GEMM {
    /// C = alpha · op(A) · op(B) + beta · C for float64; the same conventions as `sgemm`
    /// (C is not read when beta = 0). Each element is summed over k in increasing order, and
    /// threads split rows of C only, so results do not depend on the thread count.
    public static func dgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "dgemm: negative size m=\(m) n=\(n) k=\(k)")
        precondition(lda >= max(1, transA ? m : k) && ldb >= max(1, transB ? k : n) && ldc >= max(1, n),
                     "dgemm: leading dimensions lda=\(lda) ldb=\(ldb) ldc=\(ldc) too small for m=\(m) n=\(n) k=\(k)")
        if m == 0 || n == 0 { return }
        // The inner loop runs along rows of op(B), so a transposed B is first copied row-major.
        ScratchMemory.with(transB ? k * n : 0, of: Double.self) { copy in
            var rowsB = b, ldRowsB = ldb
            if transB {
                for q in 0..<k { for j in 0..<n { copy[q * n + j] = b[j * ldb + q] } }
                (rowsB, ldRowsB) = (UnsafePointer(copy), n)
            }
            let parts = partCount(work: m * n * max(k, 1), limit: m)
            Threading.parallelFor(parts) { part in
                ScratchMemory.with(n, of: Double.self) { sum in
                    for i in Threading.range(of: part, in: parts, count: m) {
                        sum.initialize(repeating: 0, count: n)
                        for q in 0..<k {
                            kusari_daxpy(n, transA ? a[q * lda + i] : a[i * lda + q], rowsB + q * ldRowsB, sum)
                        }
                        let row = c + i * ldc
                        for j in 0..<n { row[j] = beta == 0 ? alpha * sum[j] : alpha * sum[j] + beta * row[j] }
                    }
                }
            }
        }
    }
}
