// The epoch bookkeeping every Kusari iterator shares: Chainer's iterator state machine as a value.

/// Where an iterator stands in its sequence of epochs, and the rule that picks each next batch:
/// Chainer's `IteratorState` (`current_position`, `epoch`, `is_new_epoch`, `order`) plus the
/// previous epoch detail and the random stream the order sampler draws from.
///
/// `next()` is Chainer's `iterator_statemachine`:
/// - A batch takes the next `batchSize` entries of the current order (`0, 1, 2, ...` without a
///   sampler). When it reaches the end of the epoch, the sampler draws the next epoch's order
///   at once, `epoch` grows by one, and, when repeating, the batch is filled up from the start
///   of that new order (a batch larger than an epoch spans several). `isNewEpoch` then holds
///   until the next batch.
/// - Without repeat, the last batch of the first epoch is short and every later `next()` is
///   nil.
/// - `epochDetail = epoch + position / n` with n the order's length; `previousEpochDetail` is
///   `epochDetail` as it was before the last `next()` (nil before the first).
///
/// It is a value, so a prefetching iterator can run `next()` on a copy to learn the next
/// batch without changing what its users see; equal states give equal batches forever after.
public struct EpochOrder: Sendable {
    /// The number of examples in the dataset.
    public let count: Int
    /// Examples per batch.
    public let batchSize: Int
    /// Whether iteration loops over the dataset forever (Chainer's `repeat`).
    public let repeats: Bool
    /// Draws each epoch's order; nil visits the examples in index order.
    public let sampler: (any OrderSampler)?
    /// The stream the sampler draws from.
    public private(set) var rng: RandomStream
    /// The index in `order` the next batch starts at (Chainer's `current_position`).
    public private(set) var position = 0
    /// Completed passes over the dataset.
    public private(set) var epoch = 0
    /// True when the last batch finished a pass.
    public private(set) var isNewEpoch = false
    /// This epoch's order of example indices; nil means `0 ..< count`.
    public private(set) var order: [Int]?
    /// `epochDetail` before the last `next()`, nil before the first.
    public private(set) var previousEpochDetail: Double?

    /// The state before the first batch, with the first order drawn.
    ///
    /// Chainer's rule for `shuffle` and `orderSampler`: `shuffle` nil or true without a sampler
    /// uses `ShuffleOrderSampler`; false visits examples in index order; a custom sampler
    /// needs `shuffle` nil. `rng` is `RandomStream(seed: seed)` when a seed is given, else
    /// `RandomState.nextStream("iterator")`, so `Kusari.seed(_:)` fixes the shuffles of every
    /// iterator created after it, in creation order. `operation` names the iterator in stops.
    public init(count: Int, batchSize: Int, repeats: Bool, shuffle: Bool?, orderSampler: (any OrderSampler)?,
                seed: UInt64?, operation: String) {
        precondition(count > 0, "\(operation): the dataset is empty")
        precondition(batchSize > 0, "\(operation): batchSize must be positive, got \(batchSize)")
        precondition(shuffle == nil || orderSampler == nil,
                     "\(operation): pass shuffle: nil to use a custom orderSampler")
        self.count = count
        self.batchSize = batchSize
        self.repeats = repeats
        sampler = orderSampler ?? (shuffle ?? true ? ShuffleOrderSampler() : nil)
        rng = seed.map { RandomStream(seed: $0) } ?? RandomState.nextStream("iterator")
        reset()
    }

    /// The number of examples in one epoch: the order's length.
    public var epochSize: Int { order?.count ?? count }

    /// `epoch + position / epochSize`. Chainer: `epoch_detail`.
    public var epochDetail: Double { Double(epoch) + Double(position) / Double(epochSize) }

    /// Back to the first batch of epoch 0, with a new first order drawn from the stream as it
    /// stands (Chainer's `reset()`: the stream is not rewound).
    public mutating func reset() {
        order = sampler.map { sample($0, Array(0 ..< count), position: 0) }
        position = 0
        epoch = 0
        isNewEpoch = false
        previousEpochDetail = nil
    }

    /// The example indices of the next batch, advancing the state; nil once a non-repeating
    /// iteration is over.
    public mutating func next() -> [Int]? {
        previousEpochDetail = epochDetail
        if !repeats && epoch > 0 { return nil }
        let n = epochSize
        var end = repeats ? position + batchSize : min(position + batchSize, n)
        var indices: [Int] = []
        indices.reserveCapacity(end - position)
        var newEpoch = false
        while end >= n {
            indices += entries(position ..< n)
            if let sampler, let current = order { order = sample(sampler, current, position: position) }
            position = 0
            end = repeats ? end - n : 0
            epoch += 1
            newEpoch = true
        }
        indices += entries(position ..< end)
        position = end
        isNewEpoch = newEpoch
        return indices
    }

    private func entries(_ range: Range<Int>) -> [Int] { order.map { Array($0[range]) } ?? Array(range) }

    private mutating func sample(_ sampler: any OrderSampler, _ current: [Int], position: Int) -> [Int] {
        let next = sampler(current, position: position, rng: &rng)
        precondition(next.count == current.count,
                     "order sampler: the new order has \(next.count) indices, the previous one \(current.count)")
        precondition(next.allSatisfy { (0 ..< count).contains($0) },
                     "order sampler: an index is outside 0..<\(count)")
        return next
    }
}

extension EpochOrder {
    /// Saves or loads the state with Chainer's `SerialIterator` keys: `current_position`,
    /// `epoch` (int64), `is_new_epoch` (bool), `order` (int64, only when there is a sampler,
    /// as Chainer stores it only when not None) and `previous_epoch_detail` (float64, −1 for
    /// nil). Kusari adds, with a sampler, the stream as int64 bit patterns: `rng_seed`,
    /// `rng_stream`, `rng_position`; so a loaded iterator draws exactly the orders the saved
    /// one would have. Loading checks the values fit this dataset and throws otherwise.
    public mutating func serialize(_ serializer: any Serializer) throws {
        try serializer("current_position", &position)
        try serializer("epoch", &epoch)
        try serializer("is_new_epoch", &isNewEpoch)
        if let current = order {
            var array = NDArray(current.map(Int64.init), shape: [current.count])
            try serializer("order", &array)
            order = array.toArray(as: Int64.self).map { Int($0) }
        }
        var previous = previousEpochDetail ?? -1
        try serializer("previous_epoch_detail", &previous)
        previousEpochDetail = previous < 0 ? nil : previous
        if sampler != nil {
            var seed = Int64(bitPattern: rng.seed)
            var stream = Int64(bitPattern: rng.stream)
            var position = Int64(bitPattern: rng.position)
            try serializer("rng_seed", &seed)
            try serializer("rng_stream", &stream)
            try serializer("rng_position", &position)
            rng = RandomStream(seed: UInt64(bitPattern: seed), stream: UInt64(bitPattern: stream),
                               position: UInt64(bitPattern: position))
        }
        if serializer.isLoading { try validate() }
    }

    private func validate() throws(SerializationError) {
        guard (0 ..< epochSize).contains(position) else {
            throw SerializationError("expected a position in 0..<\(epochSize), found \(position)", key: "current_position")
        }
        guard epoch >= 0 else { throw SerializationError("expected a non-negative epoch, found \(epoch)", key: "epoch") }
        if let order, let bad = order.first(where: { !(0 ..< count).contains($0) }) {
            throw SerializationError("expected indices in 0..<\(count), found \(bad)", key: "order")
        }
    }
}
