// TupleDataset: examples stored as rows of a few columns (Chainer's `datasets.TupleDataset`).

/// A dataset of tuples whose component k is row i of `columns[k]`: Chainer's `TupleDataset`.
///
/// Columns are usually arrays, example axis first (`TupleDataset(x, t)`); any `DatasetColumn`
/// works, as `getMNIST`'s images kept as bytes. All columns must have the same row count.
/// Example i is `[columns[0] row i, columns[1] row i, ...]` (a 1-D array of labels gives 0-d
/// arrays, as NumPy's `labels[i]`). `batch(at:)` gathers rows straight from the columns, one
/// array per component.
public struct TupleDataset: BatchDataset {
    /// The components' columns, in tuple order.
    public let columns: [any DatasetColumn]

    /// The columns as arrays, shape `[count] + row shape` each: the arrays themselves for
    /// array columns, built in full for columns that compute their rows (for `getMNIST`'s
    /// training images, 188 MB of float32). `batch(at:)`, the subscript and `prefix(_:)` read
    /// only what they need.
    public var arrays: [NDArray] { columns.map { $0.allRows() } }

    /// A dataset over `arrays`; stops unless there is at least one array and all share their
    /// first dimension.
    public init(_ arrays: [NDArray]) { self.init(columns: arrays) }

    /// A dataset over `arrays`, as `TupleDataset(x, t)` in Chainer.
    public init(_ arrays: NDArray...) { self.init(columns: arrays) }

    /// A dataset over `columns`; stops unless there is at least one column and all have the
    /// same row count.
    public init(columns: [any DatasetColumn]) {
        do { try self.init(checking: columns) } catch { preconditionFailure(error.description) }
    }

    init(checking columns: [any DatasetColumn]) throws(ShapeError) {
        guard let first = columns.first else { throw ShapeError("TupleDataset: no arrays are given") }
        for (k, column) in columns.enumerated() {
            if let array = column as? NDArray, array.ndim == 0 {
                throw ShapeError("TupleDataset: array \(k) is 0-d; every array needs an example axis")
            }
            guard column.rowCount == first.rowCount else {
                throw ShapeError("TupleDataset: all arrays must have the same length, array 0 has shape "
                                 + "\(NDArray.format([first.rowCount] + first.rowShape)) and array \(k) has shape "
                                 + NDArray.format([column.rowCount] + column.rowShape))
            }
        }
        self.columns = columns
    }

    public var count: Int { columns[0].rowCount }

    public subscript(index: Int) -> [NDArray] {
        checkExampleIndices([index], count: count, operation: "TupleDataset")
        return columns.map { $0.rows(at: [index]).reshaped($0.rowShape) }
    }

    public func batch(at indices: [Int]) -> [NDArray] {
        checkExampleIndices(indices, count: count, operation: "TupleDataset")
        return columns.map { $0.rows(at: indices) }
    }

    /// The first `maxLength` examples, or all of them when there are fewer (Swift's
    /// `prefix`). Each column is sliced as its own kind, so the prefix of `getMNIST`'s data
    /// still keeps its images as bytes.
    public func prefix(_ maxLength: Int) -> TupleDataset {
        precondition(maxLength >= 0, "TupleDataset.prefix: maxLength must be at least 0, got \(maxLength)")
        let rows = 0..<min(maxLength, count)
        return TupleDataset(columns: columns.map { $0.sliced(rows: rows) })
    }
}
