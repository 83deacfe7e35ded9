// Reshape and broadcast: the shape changes every other operation relies on.

extension NDArray {
    /// The same elements in a new shape; one dimension may be −1 and is inferred.
    /// Shares storage with `self` (no copy).
    public func reshaped(_ newShape: [Int]) -> NDArray {
        do { return try reshapedChecked(newShape) } catch { NDArray.fail(error) }
    }

    public func reshaped(_ newShape: Int...) -> NDArray { reshaped(newShape) }

    /// `reshaped(_:)` that throws the shape error instead of stopping.
    public func reshapedChecked(_ newShape: [Int]) throws(ShapeError) -> NDArray {
        let inferred = newShape.filter { $0 == -1 }.count
        guard inferred <= 1, newShape.allSatisfy({ $0 >= -1 }) else {
            throw ShapeError("reshape: invalid shape \(NDArray.format(newShape))")
        }
        var resolved = newShape
        if let axis = newShape.firstIndex(of: -1) {
            let known = newShape.filter { $0 != -1 }.reduce(1, *)
            guard known > 0, count % known == 0 else {
                throw ShapeError("reshape: cannot reshape array of size \(count) into shape \(NDArray.format(newShape))")
            }
            resolved[axis] = count / known
        }
        guard resolved.reduce(1, *) == count else {
            throw ShapeError("reshape: cannot reshape array of size \(count) into shape \(NDArray.format(newShape))")
        }
        var result = self
        result.setShape(resolved)
        return result
    }

    /// The array stretched to `shape` under NumPy's broadcasting rules (a copy, unless the
    /// shape is already `shape`).
    public func broadcast(to target: [Int]) -> NDArray {
        if shape == target { return self }
        let offset = target.count - ndim
        var fits = offset >= 0
        if fits {
            for axis in 0..<ndim where shape[axis] != 1 && shape[axis] != target[axis + offset] { fits = false }
        }
        guard fits else {
            NDArray.fail(ShapeError("broadcast_to: cannot broadcast shape \(NDArray.format(shape)) to \(NDArray.format(target))"))
        }
        let out = NDArray(uninitialized: target, dtype: dtype)
        let bytes = dtype.byteSize
        let source = storage.pointer, destination = out.storage.pointer
        BroadcastWalker(shape: target, operandShapes: [shape]).forEachRow { start, offsets, steps, n in
            var from = offsets[0]
            for i in start..<(start + n) {
                destination.advanced(by: i * bytes).copyMemory(from: source.advanced(by: from * bytes), byteCount: bytes)
                from += steps[0]
            }
        }
        return out
    }
}
