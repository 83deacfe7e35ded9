// Slicing: a rectangular, possibly strided, block of an array, copied out.

extension NDArray {
    /// The elements `range.lowerBound, range.lowerBound + step, …` (below `range.upperBound`)
    /// along `axis`, every other axis whole: NumPy's `x[..., lo:hi:step]` on one axis.
    /// `range` must lie within the axis and `step` must be positive (Swift ranges cannot
    /// express NumPy's clamping or reversal). Returns a new contiguous array.
    public func slice(axis: Int, range: Range<Int>, step: Int = 1) -> NDArray {
        do { return try sliceChecked(axis: axis, range: range, step: step) } catch { NDArray.fail(error) }
    }

    func sliceChecked(axis: Int, range: Range<Int>, step: Int = 1) throws(ShapeError) -> NDArray {
        let axis = try NDArray.normalizeAxis(axis, ndim: ndim, operation: "slice")
        var ranges = shape.map { 0..<$0 }, steps = [Int](repeating: 1, count: ndim)
        ranges[axis] = range
        steps[axis] = step
        return try block(ranges, steps: steps, operation: "slice")
    }

    /// The block `ranges[0] × ranges[1] × …` over the leading axes, the remaining axes whole:
    /// NumPy's `x[a:b, c:d]`. Each range is resolved against its axis, so `2...`, `..<3` and
    /// `1...2` all work; it must lie within the axis. Returns a new contiguous array.
    public func sliced(_ ranges: any RangeExpression<Int>...) -> NDArray {
        do { return try slicedChecked(ranges) } catch { NDArray.fail(error) }
    }

    func slicedChecked(_ ranges: [any RangeExpression<Int>]) throws(ShapeError) -> NDArray {
        guard ranges.count <= ndim else {
            throw ShapeError("slice: \(ranges.count) ranges for array of shape \(NDArray.format(shape))")
        }
        var resolved = shape.map { 0..<$0 }
        for (axis, range) in ranges.enumerated() {
            // Explicit bounds pass through unchanged, so the check below still sees them.
            resolved[axis] = range.relative(to: 0..<shape[axis])
        }
        return try block(resolved, steps: [Int](repeating: 1, count: ndim), operation: "slice")
    }

    /// Copies the elements `ranges[k].lowerBound + i·steps[k]` (below the upper bound) on
    /// every axis `k`.
    func block(_ ranges: [Range<Int>], steps: [Int], operation: String) throws(ShapeError) -> NDArray {
        for axis in shape.indices {
            let range = ranges[axis]
            guard range.lowerBound >= 0, range.upperBound <= shape[axis] else {
                throw ShapeError("\(operation): range \(range) is out of bounds for axis \(axis) of shape \(NDArray.format(shape))")
            }
            guard steps[axis] > 0 else {
                throw ShapeError("\(operation): step must be positive, got \(steps[axis])")
            }
        }
        let outShape = shape.indices.map { (ranges[$0].count + steps[$0] - 1) / steps[$0] }
        if outShape == shape { return self }
        let inStrides = strides
        let start = shape.indices.reduce(0) { $0 + ranges[$1].lowerBound * inStrides[$1] }
        let out = NDArray(uninitialized: outShape, dtype: dtype)
        if out.count > 0 {
            StridedCopy.copy(shape: outShape, elementSize: dtype.byteSize,
                             from: storage.pointer + start * dtype.byteSize,
                             strides: shape.indices.map { inStrides[$0] * steps[$0] },
                             to: out.storage.pointer, strides: out.strides)
        }
        return out
    }
}
