// The dataset protocols: Chainer's `DatasetMixin`, and the batch fast path of datasets whose
// examples are tuples of arrays.

/// A finite, indexable collection of examples: Chainer's `chainer.dataset.DatasetMixin`.
///
/// Design. An example is whatever `Example` is. The datasets that feed models use
/// `[NDArray]`, one array per tuple component (Chainer's `(x, t)`), so that a batch is built
/// component by component: component k of every example stacked along a new first axis. Those
/// datasets also conform to `BatchDataset`, which hands out that stacked batch directly;
/// `TupleDataset` does it with one row gather per component, so a training step that asks for
/// 100 examples builds two arrays instead of 200.
///
/// Datasets are `Sendable` so an iterator may prefetch on another thread.
public protocol Dataset<Example>: Sendable {
    associatedtype Example
    /// The number of examples (Chainer's `len(dataset)`).
    var count: Int { get }
    /// The example at `index` in `0..<count` (Chainer's `get_example`).
    subscript(index: Int) -> Example { get }
    /// The examples at `indices`, in that order (Chainer's `dataset[[i, j, ...]]`).
    func examples(at indices: [Int]) -> [Example]
}

extension Dataset {
    /// One subscript per index.
    public func examples(at indices: [Int]) -> [Example] { indices.map { self[$0] } }
}

/// A dataset of tuple-of-array examples that hands out whole batches.
///
/// `batch(at: indices)[k]` is component k of the examples at `indices` stacked along a new
/// first axis, shape `[indices.count] + shape of component k`: Chainer's `concat_examples`
/// (no padding) applied to `examples(at:)`. The default stacks `examples(at:)`; datasets that
/// hold their examples in big arrays gather rows instead.
public protocol BatchDataset: Dataset where Example == [NDArray] {
    func batch(at indices: [Int]) -> [NDArray]
}

extension BatchDataset {
    /// Stacks `examples(at:)`. With no indices, the component shapes come from example 0, so
    /// the result holds zero-length arrays; a dataset with no examples gives `[]`.
    public func batch(at indices: [Int]) -> [NDArray] {
        if indices.isEmpty {
            guard count > 0 else { return [] }
            return self[0].map { NDArray(zeros: [0] + $0.shape, dtype: $0.dtype) }
        }
        do { return try NDArray.stackExamplesChecked(examples(at: indices)) } catch { preconditionFailure(error.description) }
    }
}
