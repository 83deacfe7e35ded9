// NDArray as a dataset column (rows along axis 0) and the stacking of examples into a batch.
import Foundation

extension NDArray: DatasetColumn {
    /// `shape[0]`; a 0-d array has no rows and stops.
    public var rowCount: Int {
        precondition(ndim >= 1, "DatasetColumn: a 0-d array has no rows")
        return shape[0]
    }

    /// `shape[1...]`.
    public var rowShape: [Int] { Array(shape.dropFirst()) }

    /// The rows along axis 0 at `indices`, in that order: NumPy's `a[indices]`, shape
    /// `[indices.count] + shape[1...]`. A copy of each row's bytes.
    public func rows(at indices: [Int]) -> NDArray {
        checkExampleIndices(indices, count: rowCount, operation: "rows(at:)")
        var out = NDArray(uninitialized: [indices.count] + rowShape, dtype: dtype)
        let rowBytes = rowShape.reduce(dtype.byteSize, *)
        guard rowBytes > 0 else { return out }
        withUnsafeBytes { source in
            out.withUnsafeMutableBytes { destination in
                for (row, i) in indices.enumerated() {
                    (destination.baseAddress! + row * rowBytes).copyMemory(
                        from: source.baseAddress! + i * rowBytes, byteCount: rowBytes)
                }
            }
        }
        return out
    }

    /// `slice(axis: 0, range: range)`.
    public func sliced(rows range: Range<Int>) -> NDArray { slice(axis: 0, range: range) }

    /// The array itself.
    public func allRows() -> NDArray { self }
}

extension NDArray {
    /// The examples' components stacked along a new first axis: component k of the result
    /// has shape `[examples.count] + shape of component k` (Chainer's `concat_examples`
    /// without padding). Every example must have the same number of components, and each
    /// component the same shape and dtype in every example.
    static func stackExamplesChecked(_ examples: [[NDArray]]) throws(ShapeError) -> [NDArray] {
        guard let first = examples.first else { return [] }
        for (n, example) in examples.enumerated() {
            guard example.count == first.count else {
                throw ShapeError("stack: example 0 has \(first.count) components, example \(n) has \(example.count)")
            }
            for (k, component) in example.enumerated()
            where component.shape != first[k].shape || component.dtype != first[k].dtype {
                throw ShapeError("stack: component \(k) is \(first[k].dtype) \(format(first[k].shape)) in example 0 "
                                 + "but \(component.dtype) \(format(component.shape)) in example \(n)")
            }
        }
        return first.indices.map { k in
            let rowBytes = first[k].byteCount
            var out = NDArray(uninitialized: [examples.count] + first[k].shape, dtype: first[k].dtype)
            guard rowBytes > 0 else { return out }
            out.withUnsafeMutableBytes { destination in
                for (n, example) in examples.enumerated() {
                    example[k].withUnsafeBytes { source in
                        (destination.baseAddress! + n * rowBytes).copyMemory(from: source.baseAddress!, byteCount: rowBytes)
                    }
                }
            }
            return out
        }
    }
}
