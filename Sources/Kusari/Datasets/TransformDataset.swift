// TransformDataset: a dataset whose examples pass through a function on the way out
// (Chainer's `datasets.TransformDataset`).

/// Example i is `transform(base[i])`: Chainer's `TransformDataset(dataset, transform)`. The
/// transform runs every time an example is fetched (augmentation may draw fresh randomness),
/// and must be `@Sendable` because iterators may fetch on another thread.
public struct TransformDataset<Base: Dataset, Output>: Dataset {
    /// The dataset the raw examples come from.
    public let base: Base
    /// The function each fetched example passes through.
    public let transform: @Sendable (Base.Example) -> Output

    /// The examples of `base`, each passed through `transform` when fetched.
    public init(_ base: Base, _ transform: @escaping @Sendable (Base.Example) -> Output) {
        self.base = base
        self.transform = transform
    }

    public var count: Int { base.count }

    public subscript(index: Int) -> Output { transform(base[index]) }

    public func examples(at indices: [Int]) -> [Output] { base.examples(at: indices).map(transform) }
}

/// Transformed tuple-of-array examples are stacked into batches.
extension TransformDataset: BatchDataset where Output == [NDArray] {}
