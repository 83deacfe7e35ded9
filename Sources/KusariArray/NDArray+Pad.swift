// Constant padding around an array.

extension NDArray {
    /// The array with `widths[k].0` elements of `value` added before and `widths[k].1` after
    /// it on each axis `k`: NumPy's `pad(x, widths, mode='constant', constant_values=value)`,
    /// Chainer's `F.pad(x, widths, 'constant')`. One pair per axis; widths are non-negative.
    public func padded(_ widths: [(Int, Int)], value: Double = 0) -> NDArray {
        do { return try paddedChecked(widths, value: value) } catch { NDArray.fail(error) }
    }

    func paddedChecked(_ widths: [(Int, Int)], value: Double = 0) throws(ShapeError) -> NDArray {
        guard widths.count == ndim, widths.allSatisfy({ $0.0 >= 0 && $0.1 >= 0 }) else {
            throw ShapeError("pad: need \(ndim) pairs of non-negative widths for shape \(NDArray.format(shape)), got \(widths.map { [$0.0, $0.1] })")
        }
        let outShape = shape.indices.map { shape[$0] + widths[$0].0 + widths[$0].1 }
        let out = NDArray.full(outShape, value, dtype: dtype)
        let outStrides = out.strides
        let start = shape.indices.reduce(0) { $0 + widths[$1].0 * outStrides[$1] }
        StridedCopy.copy(shape: shape, elementSize: dtype.byteSize, from: storage.pointer, strides: strides,
                         to: out.storage.pointer + start * dtype.byteSize, strides: outStrides)
        return out
    }
}
