// Adding and removing length-1 axes; neither moves an element.

extension NDArray {
    /// The array with a new length-1 axis inserted at `axis` (NumPy's `expand_dims`,
    /// Chainer's `F.expand_dims`); `axis` ranges over `-(ndim + 1)...ndim`. Shares storage.
    public func expandDims(_ axis: Int) -> NDArray {
        do { return try expandDimsChecked(axis) } catch { NDArray.fail(error) }
    }

    func expandDimsChecked(_ axis: Int) throws(ShapeError) -> NDArray {
        let position = try NDArray.normalizeAxis(axis, ndim: ndim + 1, operation: "expand_dims")
        var newShape = shape
        newShape.insert(1, at: position)
        return reshaped(newShape)
    }

    /// The array without the length-1 `axes`; with no `axes`, without every length-1 axis
    /// (NumPy's `squeeze`, Chainer's `F.squeeze`). Naming an axis whose length is not 1 is an
    /// error. Shares storage.
    public func squeezed(_ axes: [Int]? = nil) -> NDArray {
        do { return try squeezedChecked(axes) } catch { NDArray.fail(error) }
    }

    func squeezedChecked(_ axes: [Int]?) throws(ShapeError) -> NDArray {
        let removed: [Int]
        if let axes {
            removed = try NDArray.normalizeAxes(axes, ndim: ndim, operation: "squeeze")
            for axis in removed where shape[axis] != 1 {
                throw ShapeError("squeeze: cannot select axis \(axis) of length \(shape[axis]) in shape \(NDArray.format(shape)); only length-1 axes can be squeezed")
            }
        } else {
            removed = shape.indices.filter { shape[$0] == 1 }
        }
        return reshaped(shape.indices.filter { !removed.contains($0) }.map { shape[$0] })
    }
}
