// Inserts a size-1 axis.

extension F {
    /// `x` with a new axis of size 1 at `axis`, which may be −ndim − 1 ... ndim (negative
    /// counts from the end of the result, as NumPy). Chainer: `F.expand_dims`.
    public static func expandDims(_ x: Variable, axis: Int) -> Variable {
        do { return reshape(x, try expandedShape(x.shape, axis: axis)) } catch { preconditionFailure(error.description) }
    }

    /// The shape `expandDims` gives, or the error naming the out-of-range axis.
    static func expandedShape(_ shape: [Int], axis: Int) throws(ShapeError) -> [Int] {
        let n = shape.count
        guard axis >= -n - 1 && axis <= n else {
            throw ShapeError("expand_dims: -x.ndim - 1 <= axis <= x.ndim, actual axis \(axis) for ndim \(n)")
        }
        var result = shape
        result.insert(1, at: axis < 0 ? axis + n + 1 : axis)
        return result
    }
}
