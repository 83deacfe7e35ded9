// Gather (`take`) and its gradient, scatter-add: picking rows along an axis by index.

extension NDArray {
    /// The slices at `indices` along `axis`: `result[a…, i…, b…] = self[a…, indices[i…], b…]`,
    /// of shape `shape[..<axis] + indices.shape + shape[(axis+1)...]` (NumPy's
    /// `take(x, indices, axis)`; Chainer's `F.embed_id` is `W.take(ids, axis: 0)`).
    /// `indices` is int32 or int64; a negative index counts from the end as in NumPy, and an
    /// index outside `-n..<n` stops with a message.
    public func take(_ indices: NDArray, axis: Int = 0) -> NDArray {
        do { return try takeChecked(indices, axis: axis) } catch { NDArray.fail(error) }
    }

    func takeChecked(_ indices: NDArray, axis: Int) throws(ShapeError) -> NDArray {
        let axis = try NDArray.normalizeAxis(axis, ndim: ndim, operation: "take")
        let rows = try NDArray.resolve(indices, length: shape[axis], axis: axis, operation: "take")
        let outer = shape[..<axis].reduce(1, *), length = shape[axis]
        let rowBytes = shape[(axis + 1)...].reduce(1, *) * dtype.byteSize
        let out = NDArray(uninitialized: Array(shape[..<axis]) + indices.shape + shape[(axis + 1)...], dtype: dtype)
        let units = outer * rows.count
        let chunks = min(max(units, 1), Threading.chunkCount(out.count, grain: NDArray.elementwiseGrain))
        let source = storage.pointer, destination = out.storage.pointer
        rows.withUnsafeBufferPointer { rows in
            Threading.parallelFor(chunks) { chunk in
                for unit in Threading.range(of: chunk, in: chunks, count: units) {
                    let o = unit / rows.count, row = rows[unit % rows.count]
                    (destination + unit * rowBytes).copyMemory(from: source + (o * length + row) * rowBytes, byteCount: rowBytes)
                }
            }
        }
        return out
    }

    /// The gradient of `take`: an array of `shape`, zero except that each slice of `values`
    /// is added at its index along `axis`; repeated indices accumulate, in index order, so
    /// the result does not depend on the thread count. `values.shape` must be
    /// `shape[..<axis] + indices.shape + shape[(axis+1)...]` (NumPy's `np.add.at`); integer sums
    /// must not overflow.
    public static func scatterAdd(_ values: NDArray, indices: NDArray, axis: Int = 0, into shape: [Int]) -> NDArray {
        do { return try scatterAddChecked(values, indices: indices, axis: axis, into: shape) } catch { fail(error) }
    }

    static func scatterAddChecked(_ values: NDArray, indices: NDArray, axis: Int, into shape: [Int]) throws(ShapeError) -> NDArray {
        let axis = try normalizeAxis(axis, ndim: shape.count, operation: "scatter_add")
        let expected = Array(shape[..<axis]) + indices.shape + shape[(axis + 1)...]
        guard values.shape == expected else {
            throw ShapeError("scatter_add: values of shape \(format(values.shape)) don't fit indices of shape \(format(indices.shape)) along axis \(axis) of shape \(format(shape)); expected \(format(expected))")
        }
        let rows = try resolve(indices, length: shape[axis], axis: axis, operation: "scatter_add")
        let outer = shape[..<axis].reduce(1, *), length = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
        func run<T: NDArithmetic>(_ type: T.Type) -> NDArray {
            var out = NDArray(zeros: shape, dtype: values.dtype)
            // Each unit owns a block of columns of one outer slice and adds every index into
            // it in order, so no two threads touch one element.
            let columnBlocks = min(max(inner, 1), Threading.chunkCount(inner * rows.count, grain: NDArray.elementwiseGrain))
            let units = outer * columnBlocks
            let chunks = min(max(units, 1), Threading.chunkCount(values.count, grain: NDArray.elementwiseGrain))
            values.withUnsafeBufferPointer(as: T.self) { pv in
                out.withUnsafeMutableBufferPointer(as: T.self) { po in
                    rows.withUnsafeBufferPointer { rows in
                        Threading.parallelFor(chunks) { chunk in
                            for unit in Threading.range(of: chunk, in: chunks, count: units) {
                                let o = unit / columnBlocks
                                let columns = Threading.range(of: unit % columnBlocks, in: columnBlocks, count: inner)
                                for (k, row) in rows.enumerated() {
                                    let from = (o * rows.count + k) * inner, to = (o * length + row) * inner
                                    for j in columns { po[to + j] += pv[from + j] }
                                }
                            }
                        }
                    }
                }
            }
            return out
        }
        return byArithmetic(values.dtype, "scatter_add", f32: run(Float.self), f64: run(Double.self),
                            i32: run(Int32.self), i64: run(Int64.self), u8: run(UInt8.self))
    }

    /// The entries of an int32 or int64 `indices` array as positions in `0..<length`,
    /// negative ones counted from the end.
    static func resolve(_ indices: NDArray, length: Int, axis: Int, operation: String) throws(ShapeError) -> [Int] {
        let raw: [Int]
        switch indices.dtype {
        case .int32: raw = indices.withUnsafeBufferPointer(as: Int32.self) { $0.map(Int.init) }
        case .int64: raw = indices.withUnsafeBufferPointer(as: Int64.self) { $0.map(Int.init) }
        default: throw ShapeError("\(operation): indices must be int32 or int64, got \(indices.dtype)")
        }
        var resolved = raw
        for (i, index) in raw.enumerated() {
            guard index >= -length && index < length else {
                throw ShapeError("\(operation): index \(index) is out of bounds for axis \(axis) with size \(length)")
            }
            if index < 0 { resolved[i] = index + length }
        }
        return resolved
    }
}
