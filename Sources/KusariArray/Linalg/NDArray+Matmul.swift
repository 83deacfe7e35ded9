// Matrix products of NDArrays: 2-D `matmul` and 3-D `batchMatmul`, on the GEMM kernels.

extension NDArray {
    /// The matrix product op(a) · op(b) of two 2-D arrays, where op(x) is x, or xᵀ when the
    /// flag is set: (m, k) · (k, n) → (m, n). Matches Chainer's `F.matmul(a, b, transa, transb)`
    /// and NumPy's `a @ b`; float32 or float64, both operands of one dtype.
    public static func matmul(_ a: NDArray, _ b: NDArray, transA: Bool = false, transB: Bool = false) -> NDArray {
        do { return try matmulChecked(a, b, transA: transA, transB: transB) } catch { fail(error) }
    }

    /// `matmul`, throwing a `ShapeError` instead of stopping when the shapes do not fit.
    static func matmulChecked(_ a: NDArray, _ b: NDArray, transA: Bool = false, transB: Bool = false) throws(ShapeError) -> NDArray {
        let name = "matmul"
        guard a.ndim == 2 && b.ndim == 2 else {
            throw ShapeError("\(name): a.ndim == 2 and b.ndim == 2, actual \(format(a.shape)) \(format(b.shape))")
        }
        let (m, k) = transA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (kb, n) = transB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard k == kb else {
            throw ShapeError("\(name): a.shape[\(transA ? 0 : 1)] == b.shape[\(transB ? 1 : 0)], actual \(format(a.shape)) \(format(b.shape))")
        }
        return batchedProduct(a, b, batch: 1, m: m, n: n, k: k, transA: transA, transB: transB, shape: [m, n], name)
    }

    /// Matrix products of matching 3-D stacks: out[i] = op(a[i]) · op(b[i]),
    /// (batch, m, k) · (batch, k, n) → (batch, m, n), op as in `matmul`. Matches Chainer's
    /// `F.batch_matmul(a, b, transa, transb)` for 3-D inputs.
    public static func batchMatmul(_ a: NDArray, _ b: NDArray, transA: Bool = false, transB: Bool = false) -> NDArray {
        do { return try batchMatmulChecked(a, b, transA: transA, transB: transB) } catch { fail(error) }
    }

    /// `batchMatmul`, throwing a `ShapeError` instead of stopping when the shapes do not fit.
    static func batchMatmulChecked(_ a: NDArray, _ b: NDArray, transA: Bool = false, transB: Bool = false) throws(ShapeError) -> NDArray {
        let name = "batchMatmul"
        let shapes = "\(format(a.shape)) \(format(b.shape))"
        guard a.ndim == 3 && b.ndim == 3 else { throw ShapeError("\(name): a.ndim == 3 and b.ndim == 3, actual \(shapes)") }
        guard a.shape[0] == b.shape[0] else { throw ShapeError("\(name): a.shape[0] == b.shape[0], actual \(shapes)") }
        let (m, k) = transA ? (a.shape[2], a.shape[1]) : (a.shape[1], a.shape[2])
        let (kb, n) = transB ? (b.shape[2], b.shape[1]) : (b.shape[1], b.shape[2])
        guard k == kb else {
            throw ShapeError("\(name): a.shape[\(transA ? 1 : 2)] == b.shape[\(transB ? 2 : 1)], actual \(shapes)")
        }
        return batchedProduct(a, b, batch: a.shape[0], m: m, n: n, k: k, transA: transA, transB: transB,
                              shape: [a.shape[0], m, n], name)
    }

    /// Runs `batch` products of contiguous matrices. Products too small to thread on their own
    /// are spread over threads a batch at a time; either way each product is computed alike.
    private static func batchedProduct(_ a: NDArray, _ b: NDArray, batch: Int, m: Int, n: Int, k: Int,
                                       transA: Bool, transB: Bool, shape: [Int], _ name: String) -> NDArray {
        checkSameDType(a, b, name)
        var out = NDArray(uninitialized: shape, dtype: a.dtype)
        let (lda, ldb) = (max(1, transA ? m : k), max(1, transB ? k : n))
        let work = m * n * max(k, 1)
        let chunks = work >= GEMM.parallelWork ? 1 : min(batch, Threading.chunkCount(batch * work, grain: GEMM.parallelWork))
        func forEachMatrix(_ body: (Int) -> Void) {
            Threading.parallelFor(chunks) { chunk in
                for i in Threading.range(of: chunk, in: chunks, count: batch) { body(i) }
            }
        }
        func run<T: NDFloat>(_: T.Type) {
            a.withUnsafeBufferPointer(as: T.self) { pa in
                b.withUnsafeBufferPointer(as: T.self) { pb in
                    out.withUnsafeMutableBufferPointer(as: T.self) { pc in
                        forEachMatrix { i in
                            GEMM.product(T.self, transA: transA, transB: transB, m: m, n: n, k: k,
                                         a: pa.baseAddress! + i * m * k, lda: lda, b: pb.baseAddress! + i * k * n, ldb: ldb,
                                         accumulate: false, c: pc.baseAddress! + i * m * n, ldc: max(1, n))
                        }
                    }
                }
            }
        }
        NDArray.byFloat(a.dtype, name, f32: run(Float.self), f64: run(Double.self))
        return out
    }
}
