// Joins variables along a new axis.

extension F {
    /// The variables, all of one shape, joined along a new axis at `axis` (−ndim − 1 ... ndim),
    /// so that `y[..., i, ...] == xs[i]`. Chainer: `F.stack(xs, axis=0)`.
    public static func stack(_ xs: [Variable], axis: Int = 0) -> Variable {
        precondition(!xs.isEmpty, "stack: need at least one variable")
        for x in xs.dropFirst() where x.shape != xs[0].shape {
            preconditionFailure("stack: all shapes must be equal, actual \(NDArray.format(xs[0].shape)) != \(NDArray.format(x.shape))")
        }
        let expanded = xs.map { expandDims($0, axis: axis) }
        let n = xs[0].ndim
        return concat(expanded, axis: axis < 0 ? axis + n + 1 : axis)
    }
}
