// MultithreadIterator: SerialIterator's batches, gathered ahead on a background queue
// (Chainer's `iterators.MultithreadIterator`).
import Foundation

/// Hands out exactly the batches of a `SerialIterator` with the same arguments (the same
/// indices, bit-identical arrays, the same epoch bookkeeping and saved state), but gathers the
/// next `nPrefetch` batches on a background queue while the current one is in use.
///
/// The prefetcher runs the `EpochOrder` state machine on a copy of the visible state, so
/// looking ahead changes nothing users see; `epoch`, `isNewEpoch` and `serialize` describe the
/// batches handed out so far. `reset()` and loading drop the batches gathered ahead.
/// Chainer's `n_threads` reads the examples of one batch in parallel; here `dataset.batch(at:)`
/// may itself use `Threading`, and `nPrefetch` sets how far ahead the queue works instead.
///
/// `finalize()` (also run on deinit) cancels the batches not yet started and waits for the one
/// being gathered, if any; the iterator cannot be used afterwards.
public final class MultithreadIterator<D: BatchDataset>: BatchIterator {
    /// The dataset iterated over.
    public let dataset: D
    /// How many batches are gathered ahead of the one handed out.
    public let nPrefetch: Int
    /// The visible state: what the batches handed out so far have consumed.
    public private(set) var state: EpochOrder

    /// Batches scheduled ahead, oldest first.
    private var ahead: [Prefetch] = []
    /// Runs the gathers one after another, in order.
    private let queue = DispatchQueue(label: "Kusari.MultithreadIterator")
    /// Holds every gather scheduled on `queue` until it has finished.
    private let inFlight = DispatchGroup()
    private var isFinalized = false

    /// An iterator over `dataset` with `SerialIterator`'s arguments, gathering `nPrefetch`
    /// (at least 1) batches ahead.
    public init(_ dataset: D, batchSize: Int, repeat repeats: Bool = true, shuffle: Bool? = nil,
                orderSampler: (any OrderSampler)? = nil, seed: UInt64? = nil, nPrefetch: Int = 1) {
        precondition(nPrefetch >= 1, "MultithreadIterator: nPrefetch must be at least 1, got \(nPrefetch)")
        self.dataset = dataset
        self.nPrefetch = nPrefetch
        state = EpochOrder(count: dataset.count, batchSize: batchSize, repeats: repeats, shuffle: shuffle,
                           orderSampler: orderSampler, seed: seed, operation: "MultithreadIterator")
    }

    deinit { finalize() }

    public var batchSize: Int { state.batchSize }
    public var datasetCount: Int { dataset.count }
    public var epoch: Int { state.epoch }
    public var epochDetail: Double { state.epochDetail }
    public var previousEpochDetail: Double? { state.previousEpochDetail }
    public var isNewEpoch: Bool { state.isNewEpoch }
    /// Whether iteration loops over the dataset forever (Chainer's `repeat`).
    public var repeats: Bool { state.repeats }

    /// The next batch's arrays, or nil when a non-repeating iterator is done. Waits only for
    /// this batch's gather, which the queue has already started or will start next.
    public func nextBatch() -> [NDArray]? {
        precondition(!isFinalized, "MultithreadIterator: nextBatch() after finalize()")
        scheduleAhead()
        let batch = ahead.removeFirst()
        state = batch.state
        scheduleAhead()
        return batch.arrays()
    }

    public func reset() {
        dropAhead()
        state.reset()
    }

    public func finalize() {
        guard !isFinalized else { return }
        isFinalized = true
        dropAhead()
        // Bounded: cancelled gathers return at once, so this waits for one gather at most.
        inFlight.wait()
    }

    /// Saves or loads the visible state, with `SerialIterator`'s keys. Loading drops the
    /// batches gathered ahead; a failed load leaves the iterator as it was.
    public func serialize(_ serializer: any Serializer) throws {
        var copy = state
        try copy.serialize(serializer)
        if serializer.isLoading {
            dropAhead()
            state = copy
        }
    }

    /// Schedules gathers until `nPrefetch` batches are ahead, each from the state the one
    /// before it leaves.
    private func scheduleAhead() {
        while ahead.count < nPrefetch {
            var next = ahead.last?.state ?? state
            let batch = Prefetch(indices: next.next(), state: next)
            ahead.append(batch)
            if let indices = batch.indices {
                let dataset = dataset
                queue.async(group: inFlight) { batch.fulfil { dataset.batch(at: indices) } }
            }
        }
    }

    private func dropAhead() {
        for batch in ahead { batch.cancel() }
        ahead.removeAll()
    }
}

/// One batch scheduled ahead: its indices, the state after it, and the arrays the queue
/// gathers for it.
///
/// Why `@unchecked Sendable` is safe: `indices` and `state` are immutable; `gathered` is
/// written once, by the queue, before `ready` is signalled, and read by the iterator only after
/// waiting on `ready`, so the semaphore orders the two accesses; `isCancelled` is only touched
/// under `lock`.
private final class Prefetch: @unchecked Sendable {
    let indices: [Int]?
    let state: EpochOrder
    private var gathered: [NDArray] = []
    private let ready = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var isCancelled = false

    init(indices: [Int]?, state: EpochOrder) {
        self.indices = indices
        self.state = state
    }

    /// Runs on the queue: gathers unless cancelled, then signals `ready` whatever happened.
    func fulfil(_ gather: () -> [NDArray]) {
        defer { ready.signal() }
        if !lock.withLock({ isCancelled }) { gathered = gather() }
    }

    /// The gathered arrays, nil for an exhausted iterator. Call once, on a batch not cancelled.
    func arrays() -> [NDArray]? {
        guard indices != nil else { return nil }
        ready.wait()
        return gathered
    }

    func cancel() { lock.withLock { isCancelled = true } }
}
