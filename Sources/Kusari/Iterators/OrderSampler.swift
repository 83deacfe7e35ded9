// Order samplers: how an iterator picks the order of examples for each epoch.

/// Chooses the order in which an iterator visits the examples of the next epoch: Chainer's
/// `iterators.OrderSampler`.
///
/// An iterator calls the sampler once when it starts (`reset()`, with the identity order and
/// position 0) and once each time an epoch ends (with the finished epoch's order and the
/// position the last batch started at). The result must have as many indices as
/// `currentOrder`, each in `0 ..< currentOrder.count`.
///
/// A sampler must be a pure function of its arguments: all its randomness comes from `rng`,
/// which the iterator owns and serializes. That is what lets a resumed iterator, and a
/// prefetching one working on a copy of its state, reproduce every order exactly.
public protocol OrderSampler: Sendable {
    /// The order of the next epoch; draws from `rng` advance it.
    func callAsFunction(_ currentOrder: [Int], position: Int, rng: inout RandomStream) -> [Int]
}

/// A fresh uniform permutation every epoch, `rng.permutation(n)`: Chainer's
/// `ShuffleOrderSampler`, which ignores the current order and position.
public struct ShuffleOrderSampler: OrderSampler {
    public init() {}

    public func callAsFunction(_ currentOrder: [Int], position: Int, rng: inout RandomStream) -> [Int] {
        rng.permutation(currentOrder.count).toArray(as: Int64.self).map(Int.init)
    }
}
