// TupleDataset: examples stored as rows of a few big arrays (Chainer's `datasets.TupleDataset`).

/// A dataset of tuples whose component k is row i of `arrays[k]`: Chainer's `TupleDataset`.
///
/// Every array's first axis is the example axis, so all arrays must have the same first
/// dimension. Example i is `[arrays[0][i], arrays[1][i], ...]` (a 1-D array of labels gives
/// 0-d arrays, as NumPy's `labels[i]`). `batch(at:)` gathers rows straight from `arrays`,
/// one copy per component.
public struct TupleDataset: BatchDataset {
    /// The component arrays, example axis first.
    public let arrays: [NDArray]

    /// A dataset over `arrays`; stops unless there is at least one array and all share their
    /// first dimension.
    public init(_ arrays: [NDArray]) {
        do { try self.init(checking: arrays) } catch { preconditionFailure(error.description) }
    }

    /// A dataset over `arrays`, as `TupleDataset(x, t)` in Chainer.
    public init(_ arrays: NDArray...) { self.init(arrays) }

    init(checking arrays: [NDArray]) throws(ShapeError) {
        guard let first = arrays.first else { throw ShapeError("TupleDataset: no arrays are given") }
        for (k, array) in arrays.enumerated() {
            guard array.ndim >= 1 else {
                throw ShapeError("TupleDataset: array \(k) is 0-d; every array needs an example axis")
            }
            guard array.shape[0] == first.shape[0] else {
                throw ShapeError("TupleDataset: all arrays must have the same length, array 0 has shape "
                                 + "\(NDArray.format(first.shape)) and array \(k) has shape \(NDArray.format(array.shape))")
            }
        }
        self.arrays = arrays
    }

    public var count: Int { arrays[0].shape[0] }

    public subscript(index: Int) -> [NDArray] {
        arrays.map { $0.gatherRows([index], operation: "TupleDataset").reshaped(Array($0.shape.dropFirst())) }
    }

    public func batch(at indices: [Int]) -> [NDArray] {
        arrays.map { $0.gatherRows(indices, operation: "TupleDataset") }
    }
}
