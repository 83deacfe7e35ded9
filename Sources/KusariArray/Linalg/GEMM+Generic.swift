// Matrix products for either float dtype, for code that is generic over NDFloat.

extension GEMM {
    /// C = op(A) · op(B) (+ C when `accumulate`), then C[i, ·] += rowBias[i]: `sgemm` with the
    /// bias in its epilogue for float32, `dgemm` and a bias loop for float64. `variant` as in
    /// `sgemm` (float32 only).
    @inline(__always)
    static func product<T: NDFloat>(
        _: T.Type, transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<T>, lda: Int,
        b: UnsafePointer<T>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<T>, ldc: Int,
        rowBias: UnsafePointer<T>? = nil, variant: Variant? = nil
    ) {
        if T.self == Float.self {
            func float(_ p: UnsafePointer<T>) -> UnsafePointer<Float> { UnsafeRawPointer(p).assumingMemoryBound(to: Float.self) }
            sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: float(a), lda: lda, b: float(b), ldb: ldb,
                  beta: accumulate ? 1 : 0, c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc: ldc,
                  epilogue: Epilogue(rowBias: rowBias.map(float)), variant: variant)
        } else {
            func double(_ p: UnsafePointer<T>) -> UnsafePointer<Double> { UnsafeRawPointer(p).assumingMemoryBound(to: Double.self) }
            dgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: double(a), lda: lda, b: double(b), ldb: ldb,
                  beta: accumulate ? 1 : 0, c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), ldc: ldc)
            if let rowBias {
                for i in 0..<m { for j in 0..<n { c[i * ldc + j] += rowBias[i] } }
            }
        }
    }
}
