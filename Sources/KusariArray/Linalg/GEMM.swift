// Float32 matrix products on raw row-major buffers: the public entry point, the kernel
// variants, and the choice of path (packed micro-kernels, or dot products for long sums).
import CKusariKernels
import Foundation

/// General matrix products on row-major buffers, as BLAS `sgemm`/`dgemm` define them:
///
///     C = alpha · op(A) · op(B) + beta · C,   op(X) = X or Xᵀ,
///
/// where op(A) is m × k, op(B) is k × n and C is m × n, each stored row-major with a leading
/// dimension (the distance between rows, in elements). As in BLAS, C is not read when
/// beta = 0, so it may start uninitialized.
///
/// Determinism: every element of C is summed over k in one fixed order chosen from the
/// sizes alone (k is never split between threads); threads only split the rows or columns
/// of C. Results are bit-identical on any thread count (they may differ between kernel
/// variants, as between BLAS libraries).
public enum GEMM {
    /// A set of SIMD kernels; the best one this CPU supports is used unless one is forced.
    public enum Variant: String, CaseIterable, Sendable {
        case avx512, avx2, portable

        /// True when this CPU can run the variant.
        public var isSupported: Bool {
            switch self {
            case .avx512: GEMM.cpuFeatures & Int32(KUSARI_CPU_AVX512F) != 0
            case .avx2: GEMM.cpuFeatures & Int32(KUSARI_CPU_AVX2_FMA) != 0
            case .portable: true
            }
        }

        /// The fastest variant this CPU supports.
        public static let best: Variant = allCases.first { $0.isSupported }!
    }

    /// A step applied to each element of C after its last product is added, while the tile is
    /// still in registers: `c += rowBias[i]`, `c += colBias[j]`, then `c = max(c, 0)`.
    /// Convolution adds its bias per output channel (a row), Linear per output unit (a column).
    public struct Epilogue {
        public var rowBias: UnsafePointer<Float>?
        public var colBias: UnsafePointer<Float>?
        public var relu: Bool

        public init(rowBias: UnsafePointer<Float>? = nil, colBias: UnsafePointer<Float>? = nil, relu: Bool = false) {
            self.rowBias = rowBias
            self.colBias = colBias
            self.relu = relu
        }

        /// Nothing after the product.
        public static var none: Epilogue { Epilogue() }
    }

    static let cpuFeatures = kusari_cpu_features()
    private static let lock = NSLock()
    nonisolated(unsafe) private static var forced: Variant?

    /// The variant every product uses when set (tests and benchmarks); `nil` picks
    /// `Variant.best`. Forcing a variant the CPU lacks stops with a message.
    public static var forcedVariant: Variant? {
        get { lock.withLock { forced } }
        set {
            if let newValue { precondition(newValue.isSupported, "GEMM: this CPU cannot run the \(newValue) kernels") }
            lock.withLock { forced = newValue }
        }
    }

    /// C = alpha · op(A) · op(B) + beta · C for float32, then `epilogue`; see `GEMM`.
    ///
    /// - Parameters:
    ///   - transA, transB: use Aᵀ (stored k × m) or Bᵀ (stored n × k) instead of A, B.
    ///   - variant: the kernels to use; `nil` means `forcedVariant ?? Variant.best`.
    ///
    /// Large products run on `Threading.threadCount` threads; small ones on the calling thread.
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
        epilogue: Epilogue = .none, variant: Variant? = nil
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "sgemm: negative size m=\(m) n=\(n) k=\(k)")
        precondition(lda >= max(1, transA ? m : k) && ldb >= max(1, transB ? k : n) && ldc >= max(1, n),
                     "sgemm: leading dimensions lda=\(lda) ldb=\(ldb) ldc=\(ldc) too small for m=\(m) n=\(n) k=\(k)")
        if m == 0 || n == 0 { return }
        let kernels = Kernels(variant ?? forcedVariant ?? .best)
        var problem = Problem(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                              b: b, ldb: ldb, beta: beta, c: c, rsc: ldc, csc: 1, epilogue: epilogue)
        if usesDotProduct(transA: transA, transB: transB, m: m, n: n, k: k) {
            dotProduct(problem, kernels)
            return
        }
        // A thin C is computed as Cᵀ = op(B)ᵀ op(A)ᵀ so that its long side runs along the vectors.
        if n < kernels.nr && m > n { problem = problem.transposed }
        packedProduct(problem, kernels)
    }

    /// Whether a product goes to dot products: long sums into a small C (rows contiguous in
    /// k), or a product with a very thin plain B, which is cheaper to transpose (k × n) than A
    /// is to pack. Past 128 rows or columns, packing pays for itself and the micro-kernel wins.
    static func usesDotProduct(transA: Bool, transB: Bool, m: Int, n: Int, k: Int) -> Bool {
        !transA && (transB ? k >= 1024 && k >= 4 * max(m, n) && max(m, n) <= 128 : n <= 16 && k >= 256)
    }

    /// One product after argument checks: C[i, j] lives at `c[i * rsc + j * csc]`.
    struct Problem {
        var transA: Bool, transB: Bool, m: Int, n: Int, k: Int
        var alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int
        var beta: Float, c: UnsafeMutablePointer<Float>, rsc: Int, csc: Int
        var epilogue: Epilogue
        /// k as runs of `run` contiguous elements (all of k when nil), those of A `aRunStride`
        /// and those of B `bRunStride` elements apart (`GEMM.productNT(runs:...)`).
        var run: Int? = nil, aRunStride = 0, bRunStride = 0

        /// The same product written as Cᵀ = op(B)ᵀ op(A)ᵀ.
        var transposed: Problem {
            Problem(transA: !transB, transB: !transA, m: n, n: m, k: k, alpha: alpha, a: b, lda: ldb, b: a, ldb: lda,
                    beta: beta, c: c, rsc: csc, csc: rsc,
                    epilogue: Epilogue(rowBias: epilogue.colBias, colBias: epilogue.rowBias, relu: epilogue.relu),
                    run: run, aRunStride: bRunStride, bRunStride: aRunStride)
        }

        /// The C-side epilogue for the tile at (row, col): beta only on the first block of k,
        /// biases and ReLU only on the last.
        func tileEpilogue(row: Int, col: Int, firstBlock: Bool, lastBlock: Bool) -> kusari_epilogue {
            kusari_epilogue(alpha: alpha, beta: firstBlock ? beta : 1,
                            row_bias: lastBlock ? epilogue.rowBias.map { $0 + row } : nil,
                            col_bias: lastBlock ? epilogue.colBias.map { $0 + col } : nil,
                            relu: lastBlock && epilogue.relu ? 1 : 0)
        }
    }

    /// The kernels and block sizes of one variant.
    struct Kernels {
        let mr: Int, nr: Int, dotMR: Int, dotNR: Int
        /// Depth of one block of k; a packed A micro-panel (mr × kc) stays in L1.
        let kc: Int
        /// Columns of one packed B block (kc × nc), sized for L2.
        let nc: Int
        /// Rows of one packed A block (mc × kc).
        let mc: Int
        let kernel: kusari_sgemm_kernel
        let dot: kusari_sgemm_dot_kernel
        let pack: kusari_spack_fn

        init(_ variant: Variant) {
            switch variant {
            case .avx512:
                (mr, nr, dotMR, dotNR) = (Int(KUSARI_AVX512_MR), Int(KUSARI_AVX512_NR),
                                          Int(KUSARI_AVX512_DOT_MR), Int(KUSARI_AVX512_DOT_NR))
                (kernel, dot, pack) = (kusari_sgemm_kernel_avx512, kusari_sgemm_dot_avx512, kusari_spack_avx512)
            case .avx2:
                (mr, nr, dotMR, dotNR) = (Int(KUSARI_AVX2_MR), Int(KUSARI_AVX2_NR),
                                          Int(KUSARI_AVX2_DOT_MR), Int(KUSARI_AVX2_DOT_NR))
                (kernel, dot, pack) = (kusari_sgemm_kernel_avx2, kusari_sgemm_dot_avx2, kusari_spack)
            case .portable:
                (mr, nr, dotMR, dotNR) = (Int(KUSARI_PORTABLE_MR), Int(KUSARI_PORTABLE_NR),
                                          Int(KUSARI_PORTABLE_DOT_MR), Int(KUSARI_PORTABLE_DOT_NR))
                (kernel, dot, pack) = (kusari_sgemm_kernel_portable, kusari_sgemm_dot_portable, kusari_spack)
            }
            kc = 256
            nc = max(nr, (512 / nr) * nr)
            mc = 4096 / mr * mr
        }
    }

    /// Multiply-adds below which a product stays on the calling thread: dispatching costs
    /// 30–60 µs, about 3–6 million multiply-adds of work.
    static let parallelWork = 1 << 23

    /// How many parts to cut a product of `work` multiply-adds into: one per thread, at most
    /// `limit`, and one only when the product is too small to pay for a dispatch.
    ///
    /// Unlike elementwise kernels, the parts may follow the thread count: a part is a set of
    /// whole rows or columns of C, and each element's sum is computed the same way whichever
    /// part holds it. Fewer parts mean less repeated packing.
    static func partCount(work: Int, limit: Int, threads: Int = Threading.threadCount) -> Int {
        work < parallelWork ? 1 : max(1, min(threads, limit, work / (parallelWork / 2)))
    }
}
