// Transpose: the axes of an array in a new order.

extension NDArray {
    /// The array with its axes permuted: `result.shape[i] == shape[axes[i]]`. With no `axes`
    /// the order is reversed, as in NumPy's `transpose` and Chainer's `F.transpose`.
    /// Negative axes count from the end.
    ///
    /// The result is a new contiguous array (the same storage when the order is unchanged).
    /// A 2-D transpose, and the NCHW ↔ NHWC layouts, run as cache-tiled transposes.
    public func transposed(_ axes: [Int]? = nil) -> NDArray {
        do { return try transposedChecked(axes) } catch { NDArray.fail(error) }
    }

    func transposedChecked(_ axes: [Int]?) throws(ShapeError) -> NDArray {
        let order: [Int]
        if let axes {
            guard axes.count == ndim else {
                throw ShapeError("transpose: axes \(axes) don't match array of shape \(NDArray.format(shape))")
            }
            order = try NDArray.normalizeAxes(axes, ndim: ndim, operation: "transpose")
        } else {
            order = Array((0..<ndim).reversed())
        }
        if order == Array(0..<ndim) { return self }
        let outShape = order.map { shape[$0] }
        let inStrides = strides
        let out = NDArray(uninitialized: outShape, dtype: dtype)
        StridedCopy.copy(shape: outShape, elementSize: dtype.byteSize,
                         from: storage.pointer, strides: order.map { inStrides[$0] },
                         to: out.storage.pointer, strides: out.strides)
        return out
    }
}
