// SubDataset and the split helpers (Chainer's `SubDataset`, `split_dataset`,
// `split_dataset_random`).

/// Examples `start..<finish` of a base dataset, optionally seen through a permutation:
/// example i is `base[order[start + i]]`, or `base[start + i]` without an order. Chainer's
/// `datasets.SubDataset`; `order`, when given, must have one entry per base example.
public struct SubDataset<Base: Dataset>: Dataset {
    /// The dataset the examples come from.
    public let base: Base
    /// The first position (into `order`, or into `base` without one) this view covers.
    public let start: Int
    /// One past the last position this view covers.
    public let finish: Int
    /// The permutation of `base`'s indices the view reads through, or nil for index order.
    public let order: [Int]?

    /// Stops unless `0 <= start <= finish <= base.count` and `order` (if any) has
    /// `base.count` entries, each in `0..<base.count`.
    public init(_ base: Base, start: Int, finish: Int, order: [Int]? = nil) {
        do { try self.init(checking: base, start: start, finish: finish, order: order) } catch {
            preconditionFailure(error.description)
        }
    }

    init(checking base: Base, start: Int, finish: Int, order: [Int]?) throws(ShapeError) {
        guard 0 <= start, start <= finish, finish <= base.count else {
            throw ShapeError("SubDataset: need 0 <= start <= finish <= \(base.count), got start \(start), finish \(finish)")
        }
        if let order {
            guard order.count == base.count else {
                throw ShapeError("SubDataset: order has \(order.count) entries but the dataset has \(base.count) examples")
            }
            if let bad = order.first(where: { $0 < 0 || $0 >= base.count }) {
                throw ShapeError("SubDataset: order entry \(bad) out of range for \(base.count) examples")
            }
        }
        self.base = base
        self.start = start
        self.finish = finish
        self.order = order
    }

    public var count: Int { finish - start }

    /// The base index of example `index`.
    func baseIndex(_ index: Int) -> Int {
        precondition(index >= 0 && index < count, "SubDataset: index \(index) out of range for \(count) examples")
        return order?[start + index] ?? start + index
    }

    public subscript(index: Int) -> Base.Example { base[baseIndex(index)] }

    public func examples(at indices: [Int]) -> [Base.Example] { base.examples(at: indices.map(baseIndex)) }
}

extension SubDataset: BatchDataset where Base: BatchDataset {
    /// The base's batch at the mapped indices, so a split `TupleDataset` still gathers rows.
    public func batch(at indices: [Int]) -> [NDArray] { base.batch(at: indices.map(baseIndex)) }
}

/// Splits `dataset` into its first `firstSize` examples and the rest, both seen through
/// `order` when given: Chainer's `split_dataset(dataset, first_size, order=None)`. Stops
/// unless `0 <= firstSize <= dataset.count`.
public func splitDataset<D: Dataset>(_ dataset: D, firstSize: Int, order: [Int]? = nil) -> (SubDataset<D>, SubDataset<D>) {
    precondition(firstSize >= 0 && firstSize <= dataset.count,
                 "splitDataset: firstSize must be in 0...\(dataset.count), got \(firstSize)")
    return (SubDataset(dataset, start: 0, finish: firstSize, order: order),
            SubDataset(dataset, start: firstSize, finish: dataset.count, order: order))
}

/// `splitDataset` through a random permutation drawn from `seed`: Chainer's
/// `split_dataset_random(dataset, first_size, seed)`.
///
/// The permutation is `RandomStream(seed: seed).permutation(dataset.count)` (Philox), so the same seed gives the
/// same split on every machine; it is not NumPy's `RandomState(seed).permutation`, so the
/// examples differ from Chainer's for the same seed. Chainer's `seed=None` (a fresh random
/// split) is left out on purpose: every Kusari run is reproducible from its seeds.
public func splitDatasetRandom<D: Dataset>(_ dataset: D, firstSize: Int, seed: UInt64) -> (SubDataset<D>, SubDataset<D>) {
    var stream = RandomStream(seed: seed)
    let order = stream.permutation(dataset.count).toArray(as: Int64.self).map { Int($0) }
    return splitDataset(dataset, firstSize: firstSize, order: order)
}
