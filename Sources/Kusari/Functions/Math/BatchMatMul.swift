// Matrix products of a batch of matrix pairs.

extension F {
    /// yᵢ = op(aᵢ) · op(bᵢ) for each i along the first axis of 3-D `a` and `b`, where op
    /// transposes the last two axes when `transA` / `transB` is set. Chainer:
    /// `F.batch_matmul(a, b, transa=False, transb=False)` (3-D operands).
    public static func batchMatmul(_ a: Variable, _ b: Variable, transA: Bool = false, transB: Bool = false) -> Variable {
        BatchMatMul(transA: transA, transB: transB).apply(a, b)
    }
}

final class BatchMatMul: FunctionNode {
    let transA: Bool
    let transB: Bool

    init(transA: Bool, transB: Bool) {
        self.transA = transA
        self.transB = transB
    }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let (a, b) = (inputs[0], inputs[1])
        guard a.ndim == 3, b.ndim == 3 else {
            throw ShapeError("batch_matmul: a.ndim == 3 and b.ndim == 3, actual \(a.ndim), \(b.ndim)")
        }
        try checkFloat(a, "batch_matmul", "a")
        guard a.dtype == b.dtype else {
            throw ShapeError("batch_matmul: a.dtype == b.dtype, actual \(a.dtype) != \(b.dtype)")
        }
        guard a.shape[0] == b.shape[0] else {
            throw ShapeError("batch_matmul: a.shape[0] == b.shape[0], actual \(a.shape[0]) != \(b.shape[0])")
        }
        let inner = (transA ? a.shape[1] : a.shape[2], transB ? b.shape[2] : b.shape[1])
        guard inner.0 == inner.1 else {
            throw ShapeError("batch_matmul: inner dimensions must agree, actual \(inner.0) != \(inner.1) "
                + "(shapes \(NDArray.format(a.shape)) \(NDArray.format(b.shape)))")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        [BatchMatMul.kernel(inputs[0], inputs[1], transA: transA, transB: transB)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        let (a, b) = (inputs[0], inputs[1])
        return indexes.map { index in
            if index == 0 {
                // y = op(a)·op(b): d op(a) = gy·op(b)ᵀ
                transA ? F.batchMatmul(b, gy, transA: transB, transB: true) : F.batchMatmul(gy, b, transA: false, transB: !transB)
            } else {
                transB ? F.batchMatmul(gy, a, transA: true, transB: transA) : F.batchMatmul(a, gy, transA: !transA, transB: false)
            }
        }
    }

    /// One `NDArray.matmul` per batch element, on slices copied out of the operands' buffers,
    /// each product copied into its place in one output buffer.
    static func kernel(_ a: NDArray, _ b: NDArray, transA: Bool, transB: Bool) -> NDArray {
        let batch = a.shape[0]
        let m = transA ? a.shape[2] : a.shape[1], n = transB ? b.shape[1] : b.shape[2]
        let (aShape, bShape) = (Array(a.shape.dropFirst()), Array(b.shape.dropFirst()))
        let size = a.dtype.byteSize
        let (aBytes, bBytes, yBytes) = (aShape.reduce(1, *) * size, bShape.reduce(1, *) * size, m * n * size)
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            var out = NDArray(uninitialized: [batch, m, n], dtype: a.dtype)
            out.withUnsafeMutableBufferPointer(as: T.self) { po in
                let destination = UnsafeMutableRawPointer(po.baseAddress!)
                a.withUnsafeBytes { pa in
                    b.withUnsafeBytes { pb in
                        for i in 0..<batch {
                            let ai = NDArray(shape: aShape, dtype: a.dtype, bytes: UnsafeRawBufferPointer(rebasing: pa[(i * aBytes)..<((i + 1) * aBytes)]))
                            let bi = NDArray(shape: bShape, dtype: b.dtype, bytes: UnsafeRawBufferPointer(rebasing: pb[(i * bBytes)..<((i + 1) * bBytes)]))
                            NDArray.matmul(ai, bi, transA: transA, transB: transB).withUnsafeBytes { py in
                                destination.advanced(by: i * yBytes).copyMemory(from: py.baseAddress!, byteCount: yBytes)
                            }
                        }
                    }
                }
            }
            return out
        }
        return NDArray.byFloat(a.dtype, "batch_matmul", f32: run(Float.self), f64: run(Double.self))
    }
}
