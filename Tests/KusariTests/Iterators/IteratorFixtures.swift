// Small datasets and helpers shared by the iterator tests.
import Foundation
@testable import Kusari

/// n examples: component 0 is the index i (int64), component 1 is [i / 2, -i] (float32), so a
/// batch's first array spells out the indices it was gathered from.
func indexed(_ n: Int) -> TupleDataset {
    TupleDataset(NDArray((0 ..< n).map(Int64.init), shape: [n]),
                 NDArray((0 ..< n).flatMap { [Float($0) / 2, -Float($0)] }, shape: [n, 2]))
}

/// The indices a batch of `indexed(_:)` was gathered from.
func indices(of batch: [NDArray]) -> [Int] { batch[0].toArray(as: Int64.self).map(Int.init) }

/// Permutation `rng.permutation(n)` as Ints, advancing `rng`: the reference for shuffled orders.
func permutation(_ n: Int, _ rng: inout RandomStream) -> [Int] {
    rng.permutation(n).toArray(as: Int64.self).map(Int.init)
}

/// The array saved under `key`, nil if absent or a string.
func savedArray(_ values: [String: NPYValue], _ key: String) -> NDArray? {
    guard case .array(let array)? = values[key] else { return nil }
    return array
}

/// What an iterator shows after a batch, for comparing two iterators step by step.
struct Snapshot: Equatable {
    var arrays: [[Double]]?
    var epoch: Int
    var epochDetail: Double
    var previousEpochDetail: Double?
    var isNewEpoch: Bool

    init(_ batch: [NDArray]?, _ iterator: some BatchIterator) {
        arrays = batch?.map { $0.astype(.float64).toArray(as: Double.self) }
        epoch = iterator.epoch
        epochDetail = iterator.epochDetail
        previousEpochDetail = iterator.previousEpochDetail
        isNewEpoch = iterator.isNewEpoch
    }
}

/// A dataset that counts the gathers running at any moment and in all, to see that an
/// iterator's background work has stopped.
struct CountingDataset: BatchDataset {
    /// Lock-protected counters; `@unchecked Sendable` because every access holds `lock`.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var running = 0
        private var total = 0
        var active: Int { lock.withLock { running } }
        var gathers: Int { lock.withLock { total } }
        func enter() { lock.withLock { running += 1; total += 1 } }
        func leave() { lock.withLock { running -= 1 } }
    }

    let base: TupleDataset
    let counter = Counter()

    var count: Int { base.count }
    subscript(index: Int) -> [NDArray] { base[index] }

    func batch(at indices: [Int]) -> [NDArray] {
        counter.enter()
        defer { counter.leave() }
        return base.batch(at: indices)
    }
}
