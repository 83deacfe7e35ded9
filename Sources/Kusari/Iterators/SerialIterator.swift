// SerialIterator: minibatches gathered on the calling thread (Chainer's `iterators.SerialIterator`).

/// Hands out batches of `dataset` in the calling thread, with Chainer 7's `SerialIterator`
/// semantics (see `EpochOrder` for the exact rule).
///
/// By default (`repeat: true`, `shuffle: nil` meaning shuffle) it loops forever, drawing a
/// fresh permutation each epoch; a batch that runs past the end of an epoch is completed from
/// the start of the next epoch's order. With `repeat: false` the last batch is short and
/// every later call returns nil, as an evaluation pass wants:
///
/// ```swift
/// let train = SerialIterator(trainSet, batchSize: 100)
/// let test = SerialIterator(testSet, batchSize: 100, repeat: false, shuffle: false)
/// ```
///
/// Shuffles draw from `RandomStream(seed: seed)` when `seed` is given, else from
/// `RandomState.nextStream("iterator")` taken at init; the stream is saved with the state.
public final class SerialIterator<D: BatchDataset>: BatchIterator {
    /// The dataset iterated over.
    public let dataset: D
    /// The visible state: what the batches so far have consumed.
    public private(set) var state: EpochOrder

    /// An iterator over `dataset`; `shuffle` and `orderSampler` follow Chainer's rule (see
    /// `EpochOrder.init`). Stops on an empty dataset or a non-positive batch size.
    public init(_ dataset: D, batchSize: Int, repeat repeats: Bool = true, shuffle: Bool? = nil,
                orderSampler: (any OrderSampler)? = nil, seed: UInt64? = nil) {
        self.dataset = dataset
        state = EpochOrder(count: dataset.count, batchSize: batchSize, repeats: repeats, shuffle: shuffle,
                           orderSampler: orderSampler, seed: seed, operation: "SerialIterator")
    }

    public var batchSize: Int { state.batchSize }
    public var datasetCount: Int { dataset.count }
    public var epoch: Int { state.epoch }
    public var epochDetail: Double { state.epochDetail }
    public var previousEpochDetail: Double? { state.previousEpochDetail }
    public var isNewEpoch: Bool { state.isNewEpoch }
    /// Whether iteration loops over the dataset forever (Chainer's `repeat`).
    public var repeats: Bool { state.repeats }

    /// The example indices of the next batch, or nil when a non-repeating iterator is done.
    public func nextIndices() -> [Int]? { state.next() }

    /// The next batch's arrays, `dataset.batch(at: nextIndices())`.
    public func nextBatch() -> [NDArray]? { nextIndices().map(dataset.batch(at:)) }

    /// The next batch as a list of examples: Chainer's `__next__`.
    public func next() -> [[NDArray]]? { nextIndices().map(dataset.examples(at:)) }

    public func reset() { state.reset() }

    /// Saves or loads the state (keys in `EpochOrder.serialize`). A failed load leaves the
    /// iterator as it was.
    public func serialize(_ serializer: any Serializer) throws {
        var copy = state
        try copy.serialize(serializer)
        state = copy
    }
}
