// Matrix products of variables.

extension F {
    /// The matrix product of 2-D `a` and `b`, either transposed first. Chainer: `F.matmul`.
    public static func matmul(_ a: Variable, _ b: Variable, transA: Bool = false, transB: Bool = false) -> Variable {
        MatMul(transA: transA, transB: transB).apply(a, b)
    }
}

final class MatMul: FunctionNode {
    let transA: Bool
    let transB: Bool

    init(transA: Bool, transB: Bool) {
        self.transA = transA
        self.transB = transB
    }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let (a, b) = (inputs[0], inputs[1])
        guard a.ndim == 2, b.ndim == 2 else {
            throw ShapeError("matmul: a.ndim == 2 and b.ndim == 2, actual \(a.ndim), \(b.ndim)")
        }
        guard a.dtype == b.dtype else { throw ShapeError("matmul: a.dtype == b.dtype, actual \(a.dtype) != \(b.dtype)") }
        let inner = (transA ? a.shape[0] : a.shape[1], transB ? b.shape[1] : b.shape[0])
        guard inner.0 == inner.1 else {
            throw ShapeError("matmul: inner dimensions must agree, actual \(inner.0) != \(inner.1) "
                + "(shapes \(NDArray.format(a.shape)) \(NDArray.format(b.shape)))")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        [NDArray.matmul(inputs[0], inputs[1], transA: transA, transB: transB)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        let (a, b) = (inputs[0], inputs[1])
        return indexes.map { index in
            if index == 0 {
                // y = op(a)·op(b): d op(a) = gy·op(b)ᵀ
                transA ? F.matmul(b, gy, transA: transB, transB: true) : F.matmul(gy, b, transA: false, transB: !transB)
            } else {
                transB ? F.matmul(gy, a, transA: true, transB: transA) : F.matmul(a, gy, transA: !transA, transB: false)
            }
        }
    }
}
