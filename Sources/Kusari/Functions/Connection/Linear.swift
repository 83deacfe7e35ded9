// The fully connected layer's function.

extension F {
    /// y = x·Wᵀ + b, with x reshaped to (N, −1) first as Chainer does (`n_batch_axes=1`).
    /// W has shape (out, in) and b (out,). Chainer: `F.linear(x, W, b=None)`.
    public static func linear(_ x: Variable, _ W: Variable, _ b: Variable? = nil) -> Variable {
        let flat = x.ndim == 2 ? x : F.reshape(x, [x.shape.first ?? 0, -1])
        if let b { return LinearFunction().apply([flat, W, b])[0] }
        return LinearFunction().apply(flat, W)
    }
}

final class LinearFunction: FunctionNode {
    override var label: String { "linear" }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let (x, W) = (inputs[0], inputs[1])
        guard x.dtype.isFloatingPoint else { throw ShapeError("linear: x.dtype.kind == 'f', actual \(x.dtype)") }
        guard W.ndim == 2 else { throw ShapeError("linear: W.ndim == 2, actual \(W.ndim)") }
        guard x.dtype == W.dtype else { throw ShapeError("linear: x.dtype == W.dtype, actual \(x.dtype) != \(W.dtype)") }
        guard x.shape[1] == W.shape[1] else {
            throw ShapeError("linear: x.shape[1] == W.shape[1], actual \(x.shape[1]) != \(W.shape[1])")
        }
        if inputs.count == 3 {
            let b = inputs[2]
            guard b.dtype == x.dtype else { throw ShapeError("linear: b.dtype == x.dtype, actual \(b.dtype) != \(x.dtype)") }
            guard b.ndim == 1, b.shape[0] == W.shape[0] else {
                throw ShapeError("linear: b.shape == (W.shape[0],), actual \(NDArray.format(b.shape)) != (\(W.shape[0]),)")
            }
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let y = NDArray.matmul(inputs[0], inputs[1], transB: true)
        return [inputs.count == 3 ? y + inputs[2] : y]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        return indexes.map { index in
            switch index {
            case 0: F.matmul(gy, inputs[1])
            case 1: F.matmul(gy, inputs[0], transA: true)
            default: F.sum(gy, axes: [0])
            }
        }
    }
}
