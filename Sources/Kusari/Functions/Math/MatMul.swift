// Matrix products of variables: one pair of matrices, or a batch of pairs.

extension F {
    /// The matrix product of 2-D `a` and `b`, either transposed first. Chainer: `F.matmul`.
    public static func matmul(_ a: Variable, _ b: Variable, transA: Bool = false, transB: Bool = false) -> Variable {
        MatMul(transA: transA, transB: transB, batched: false).apply(a, b)
    }

    /// yᵢ = op(aᵢ) · op(bᵢ) for each i along the first axis of 3-D `a` and `b`, where op
    /// transposes the last two axes when `transA` / `transB` is set. Chainer:
    /// `F.batch_matmul(a, b, transa=False, transb=False)` (3-D operands).
    public static func batchMatmul(_ a: Variable, _ b: Variable, transA: Bool = false, transB: Bool = false) -> Variable {
        MatMul(transA: transA, transB: transB, batched: true).apply(a, b)
    }
}

/// op(a)·op(b) on matrices, or on each pair of a batch when `batched`.
final class MatMul: FunctionNode {
    let transA: Bool
    let transB: Bool
    let batched: Bool

    init(transA: Bool, transB: Bool, batched: Bool) {
        self.transA = transA
        self.transB = transB
        self.batched = batched
    }

    override var label: String { batched ? "batch_matmul" : "matmul" }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let (a, b) = (inputs[0], inputs[1])
        let rank = batched ? 3 : 2
        guard a.ndim == rank, b.ndim == rank else {
            throw ShapeError("\(label): a.ndim == \(rank) and b.ndim == \(rank), actual \(a.ndim), \(b.ndim)")
        }
        try checkFloat(a, label, "a")
        guard a.dtype == b.dtype else { throw ShapeError("\(label): a.dtype == b.dtype, actual \(a.dtype) != \(b.dtype)") }
        if batched && a.shape[0] != b.shape[0] {
            throw ShapeError("\(label): a.shape[0] == b.shape[0], actual \(a.shape[0]) != \(b.shape[0])")
        }
        let (rows, columns) = (rank - 2, rank - 1)
        let inner = (transA ? a.shape[rows] : a.shape[columns], transB ? b.shape[columns] : b.shape[rows])
        guard inner.0 == inner.1 else {
            throw ShapeError("\(label): inner dimensions must agree, actual \(inner.0) != \(inner.1) "
                + "(shapes \(NDArray.format(a.shape)) \(NDArray.format(b.shape)))")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        batched
            ? [NDArray.batchMatmul(inputs[0], inputs[1], transA: transA, transB: transB)]
            : [NDArray.matmul(inputs[0], inputs[1], transA: transA, transB: transB)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        let (a, b) = (inputs[0], inputs[1])
        let product = batched ? F.batchMatmul : F.matmul
        return indexes.map { index in
            if index == 0 {
                // y = op(a)·op(b): d op(a) = gy·op(b)ᵀ
                transA ? product(b, gy, transB, true) : product(gy, b, false, !transB)
            } else {
                transB ? product(gy, a, true, transA) : product(a, gy, !transA, false)
            }
        }
    }
}
