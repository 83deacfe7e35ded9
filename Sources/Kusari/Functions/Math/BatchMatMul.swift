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
        [NDArray.batchMatmul(inputs[0], inputs[1], transA: transA, transB: transB)]
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
}
