// The interface the updater and the evaluator draw minibatches through. Chainer: `Iterator`.

/// Hands out minibatches of a dataset and tracks epochs.
///
/// A batch is the list of example indices plus the arrays built from them (Chainer's
/// `concat_examples` of the examples): component k of every example stacked on a new first
/// axis.
public protocol BatchIterator: AnyObject, Serializable {
    /// Examples per batch.
    var batchSize: Int { get }
    /// The number of examples in the dataset.
    var datasetCount: Int { get }
    /// Completed passes over the dataset.
    var epoch: Int { get }
    /// `epoch` plus the fraction of the current pass done. Chainer: `epoch_detail`.
    var epochDetail: Double { get }
    /// `epochDetail` before the last batch, nil before the first. Chainer: `previous_epoch_detail`.
    var previousEpochDetail: Double? { get }
    /// True when the last batch finished a pass. Chainer: `is_new_epoch`.
    var isNewEpoch: Bool { get }
    /// The next batch's arrays, or nil when a non-repeating iterator is exhausted.
    func nextBatch() -> [NDArray]?
    /// Starts over from the first batch (for evaluation iterators). Chainer: `reset()`.
    func reset()
    /// Stops background work, if any. Chainer: `finalize()`.
    func finalize()
}

extension BatchIterator {
    public func finalize() {}
}
