// DatasetColumn: one component of a TupleDataset, stored however suits it and read by rows.

/// A stack of `rowCount` rows of one dtype and shape, read by gathering rows into a batch: one
/// component of a `TupleDataset` (Chainer's `TupleDataset` takes any indexable dataset per
/// component; here each one hands out whole batches).
///
/// An `NDArray` is a column of its rows along axis 0. Other columns compute their rows on
/// read from a more compact storage, as `ScaledImageColumn` turns bytes into floats, so a
/// dataset's memory is its stored form while every batch looks the same as from arrays.
public protocol DatasetColumn: Sendable {
    /// The number of rows: the dataset's example count.
    var rowCount: Int { get }
    /// The dtype rows are read as.
    var dtype: DType { get }
    /// The shape of one row.
    var rowShape: [Int] { get }
    /// The rows at `indices`, in that order, stacked along a new first axis: shape
    /// `[indices.count] + rowShape` (NumPy's `column[indices]`). Every index must lie in
    /// `0..<rowCount`.
    func rows(at indices: [Int]) -> NDArray
    /// The same kind of column restricted to the rows in `range`, which must lie in
    /// `0..<rowCount` (NumPy's `column[a:b]`).
    func sliced(rows range: Range<Int>) -> Self
    /// Every row, shape `[rowCount] + rowShape`; a column that computes its rows builds them
    /// all here.
    func allRows() -> NDArray
}

extension DatasetColumn {
    /// `rows(at: [0, 1, ..., rowCount - 1])`.
    public func allRows() -> NDArray { rows(at: Array(0..<rowCount)) }
}

/// Stops unless every index lies in `0..<count`; `operation` names the caller.
func checkExampleIndices(_ indices: [Int], count: Int, operation: String) {
    for i in indices where i < 0 || i >= count {
        preconditionFailure("\(operation): index \(i) out of range for \(count) examples")
    }
}
