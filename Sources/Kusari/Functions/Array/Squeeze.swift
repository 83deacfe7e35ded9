// Removes size-1 axes.

extension F {
    /// `x` without the size-1 axes listed in `axes` (negative counts from the end), or without
    /// every size-1 axis when `axes` is nil. Chainer: `F.squeeze(x, axis=None)`; naming an axis
    /// whose size is not 1 is an error.
    public static func squeeze(_ x: Variable, axes: [Int]? = nil) -> Variable {
        do { return reshape(x, try squeezedShape(x.shape, axes: axes)) } catch { preconditionFailure(error.description) }
    }

    /// The shape `squeeze` gives, or the error naming the axis that cannot go.
    static func squeezedShape(_ shape: [Int], axes: [Int]?) throws(ShapeError) -> [Int] {
        let n = shape.count
        guard let axes else { return shape.filter { $0 != 1 } }
        var removed = Set<Int>()
        for axis in axes {
            guard axis >= -n && axis < n else {
                throw ShapeError("squeeze: -x.ndim <= axis < x.ndim, actual axis \(axis) for ndim \(n)")
            }
            let a = axis < 0 ? axis + n : axis
            guard shape[a] == 1 else { throw ShapeError("squeeze: x.shape[\(a)] == 1, actual \(shape[a]) != 1") }
            removed.insert(a)
        }
        return shape.indices.filter { !removed.contains($0) }.map { shape[$0] }
    }
}
