// kusari-bench gemm: float32 matrix-product throughput on the shapes LeNet training runs.
import Kusari

/// One product: op(A) is m × k, op(B) is k × n.
struct GEMMShape {
    let m: Int, k: Int, n: Int, transA: Bool, transB: Bool

    /// `M,K,N,TT` where TT is two letters of N (as stored) or T (transposed), e.g. `50,6400,500,NT`.
    init(parsing text: String) throws(BenchError) {
        let parts = text.split(separator: ",").map(String.init)
        guard parts.count == 4, let m = Int(parts[0]), let k = Int(parts[1]), let n = Int(parts[2]),
              m > 0, k > 0, n > 0, ["NN", "NT", "TN", "TT"].contains(parts[3]) else {
            throw BenchError("--shape expects M,K,N,TT with positive sizes and TT in NN NT TN TT, found '\(text)'")
        }
        self.init(m, k, n, parts[3])
    }

    init(_ m: Int, _ k: Int, _ n: Int, _ flags: String) {
        (self.m, self.k, self.n) = (m, k, n)
        (transA, transB) = (flags.first == "T", flags.last == "T")
    }

    /// 1024³, then the products of one LeNet training step (conv1, conv2, fc1, fc2: forward,
    /// weight gradient, input gradient).
    static let standard = [
        GEMMShape(1024, 1024, 1024, "NN"),
        GEMMShape(20, 25, 57600, "NN"), GEMMShape(20, 57600, 25, "NT"), GEMMShape(25, 20, 57600, "TN"),
        GEMMShape(50, 500, 6400, "NN"), GEMMShape(50, 6400, 500, "NT"), GEMMShape(500, 50, 6400, "TN"),
        GEMMShape(100, 800, 500, "NN"), GEMMShape(800, 100, 500, "TN"), GEMMShape(100, 500, 800, "NT"),
        GEMMShape(100, 500, 10, "NN"), GEMMShape(500, 100, 10, "TN"), GEMMShape(100, 10, 500, "NT"),
    ]
}

/// Mode `gemm`: one line per shape with the median GFLOP/s (2mkn flops per product) of
/// `GEMM.sgemm` on preallocated buffers. Flags: `--shape M,K,N,TT` for a single shape.
func gemmBench(_ options: BenchOptions) throws(BenchError) {
    var options = options
    let shapes = try options.take("shape").map { text throws(BenchError) in [try GEMMShape(parsing: text)] } ?? GEMMShape.standard
    try options.checkAllRead()
    for shape in shapes {
        let a = (0..<(shape.m * shape.k)).map { Float(($0 * 7919) % 2001 - 1000) / 1000 }
        let b = (0..<(shape.k * shape.n)).map { Float(($0 * 104729) % 2001 - 1000) / 1000 }
        var c = [Float](repeating: 0, count: shape.m * shape.n)
        let seconds = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    medianSeconds {
                        GEMM.sgemm(transA: shape.transA, transB: shape.transB, m: shape.m, n: shape.n, k: shape.k,
                                   alpha: 1, a: a.baseAddress!, lda: shape.transA ? shape.m : shape.k,
                                   b: b.baseAddress!, ldb: shape.transB ? shape.k : shape.n,
                                   beta: 0, c: c.baseAddress!, ldc: shape.n)
                    }
                }
            }
        }
        let gflops = 2 * Double(shape.m * shape.k * shape.n) / seconds / 1e9
        print("{\"op\":\"gemm\",\"m\":\(shape.m),\"k\":\(shape.k),\"n\":\(shape.n),\"transA\":\(shape.transA),"
              + "\"transB\":\(shape.transB),\"threads\":\(Threading.threadCount),\"gflops\":\((gflops * 10).rounded() / 10)}")
    }
}
