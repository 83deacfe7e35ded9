// Swish and SiLU: x times the sigmoid of a scaled x.

extension F {
    /// y = x · σ(βx), with a parameter β of shape x.shape[1..<1 + β.ndim] broadcast over the
    /// batch axis and the trailing axes. Chainer: `F.swish(x, beta)` (`L.Swish` holds β).
    public static func swish(_ x: Variable, beta: Variable) -> Variable {
        do { try Swish.check(x.array, beta.array) } catch { preconditionFailure(error.description) }
        let stretched = F.broadcastTo(F.reshape(beta, Swish.extendedShape(beta.shape, x.ndim)), x.shape)
        return x * F.sigmoid(stretched * x)
    }

    /// y = x · σ(x), the sigmoid linear unit: swish with β = 1. PyTorch: `silu`; Chainer has no
    /// separate name for it.
    public static func silu(_ x: Variable) -> Variable { x * F.sigmoid(x) }
}

/// The shape rules of `F.swish`.
enum Swish {
    /// Throws unless β's shape is x.shape[1..<1 + β.ndim] and the dtypes agree.
    static func check(_ x: NDArray, _ beta: NDArray) throws(ShapeError) {
        try checkFloat(x, "swish")
        guard beta.dtype == x.dtype else {
            throw ShapeError("swish: beta.dtype == x.dtype, actual \(beta.dtype) != \(x.dtype)")
        }
        guard beta.ndim <= x.ndim - 1, Array(x.shape.dropFirst().prefix(beta.ndim)) == beta.shape else {
            let expected = Array(x.shape.dropFirst().prefix(beta.ndim))
            throw ShapeError("swish: beta.shape == x.shape[1:\(1 + beta.ndim)], actual "
                + "\(NDArray.format(beta.shape)) != \(NDArray.format(expected))")
        }
    }

    /// (1, β.shape..., 1, ..., 1) with `ndim` axes.
    static func extendedShape(_ beta: [Int], _ ndim: Int) -> [Int] {
        [1] + beta + Array(repeating: 1, count: ndim - beta.count - 1)
    }
}
