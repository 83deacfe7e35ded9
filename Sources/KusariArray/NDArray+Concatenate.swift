// Joining arrays along an axis, and splitting one apart.

extension NDArray {
    /// The arrays joined along `axis`; all have one dtype and agree on every other axis
    /// (NumPy's `concatenate`, default axis 0; Chainer's `F.concat` is the same with axis 1).
    public static func concatenate(_ arrays: [NDArray], axis: Int = 0) -> NDArray {
        do { return try concatenateChecked(arrays, axis: axis) } catch { fail(error) }
    }

    static func concatenateChecked(_ arrays: [NDArray], axis: Int) throws(ShapeError) -> NDArray {
        guard let first = arrays.first else { throw ShapeError("concatenate: need at least one array") }
        guard first.ndim > 0 else { throw ShapeError("concatenate: zero-dimensional arrays cannot be concatenated") }
        let axis = try normalizeAxis(axis, ndim: first.ndim, operation: "concatenate")
        var outShape = first.shape
        outShape[axis] = 0
        for array in arrays {
            guard array.dtype == first.dtype else {
                throw ShapeError("concatenate: dtype mismatch, \(first.dtype) and \(array.dtype)")
            }
            var expected = first.shape, found = array.shape
            if found.count == expected.count {
                expected[axis] = 0
                found[axis] = 0
            }
            guard found == expected else {
                throw ShapeError("concatenate: shapes \(format(first.shape)) and \(format(array.shape)) differ off axis \(axis)")
            }
            outShape[axis] += array.shape[axis]
        }
        let out = NDArray(uninitialized: outShape, dtype: first.dtype)
        let outStrides = out.strides, bytes = first.dtype.byteSize
        var offset = 0
        for array in arrays {
            StridedCopy.copy(shape: array.shape, elementSize: bytes, from: array.storage.pointer, strides: array.strides,
                             to: out.storage.pointer + offset * outStrides[axis] * bytes, strides: outStrides)
            offset += array.shape[axis]
        }
        return out
    }

    /// The arrays, which share one shape, joined along a new `axis` of length `arrays.count`
    /// (NumPy's `stack`, Chainer's `F.stack`, default axis 0).
    public static func stack(_ arrays: [NDArray], axis: Int = 0) -> NDArray {
        do { return try stackChecked(arrays, axis: axis) } catch { fail(error) }
    }

    static func stackChecked(_ arrays: [NDArray], axis: Int) throws(ShapeError) -> NDArray {
        guard let first = arrays.first else { throw ShapeError("stack: need at least one array") }
        for array in arrays where array.shape != first.shape {
            throw ShapeError("stack: all arrays must have the same shape, got \(format(first.shape)) and \(format(array.shape))")
        }
        let position = try normalizeAxis(axis, ndim: first.ndim + 1, operation: "stack")
        return try concatenateChecked(arrays.map { $0.expandDims(position) }, axis: position)
    }

    /// `sections` equal pieces along `axis`, whose length `sections` must divide (NumPy's
    /// `split(x, sections)`, Chainer's `F.split_axis(x, sections, axis)`).
    public func split(into sections: Int, axis: Int = 0) -> [NDArray] {
        do { return try splitChecked(into: sections, axis: axis) } catch { NDArray.fail(error) }
    }

    func splitChecked(into sections: Int, axis: Int) throws(ShapeError) -> [NDArray] {
        let axis = try NDArray.normalizeAxis(axis, ndim: ndim, operation: "split")
        guard sections > 0, shape[axis] % sections == 0 else {
            throw ShapeError("split: axis \(axis) of shape \(NDArray.format(shape)) does not divide into \(sections) equal sections")
        }
        let size = shape[axis] / sections
        return try splitChecked(at: (1..<sections).map { $0 * size }, axis: axis)
    }

    /// The pieces `[0, i₀), [i₀, i₁), …, [iₖ, end)` along `axis` (NumPy's
    /// `split(x, indices)`); indices past the end give empty pieces, as in NumPy, and must
    /// not decrease.
    public func split(at indices: [Int], axis: Int = 0) -> [NDArray] {
        do { return try splitChecked(at: indices, axis: axis) } catch { NDArray.fail(error) }
    }

    func splitChecked(at indices: [Int], axis: Int) throws(ShapeError) -> [NDArray] {
        let axis = try NDArray.normalizeAxis(axis, ndim: ndim, operation: "split")
        let length = shape[axis]
        let bounds = [0] + indices.map { min($0, length) } + [length]
        guard indices.allSatisfy({ $0 >= 0 }), Swift.zip(bounds, bounds.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw ShapeError("split: indices \(indices) must be non-negative and non-decreasing")
        }
        var pieces: [NDArray] = []
        for (lower, upper) in Swift.zip(bounds, bounds.dropFirst()) {
            pieces.append(try sliceChecked(axis: axis, range: lower..<upper))
        }
        return pieces
    }
}
