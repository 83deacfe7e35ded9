// ConcatenatedDataset: several datasets read one after the other (Chainer's
// `datasets.ConcatenatedDataset`).

/// The examples of `datasets[0]`, then those of `datasets[1]`, and so on: Chainer's
/// `ConcatenatedDataset(*datasets)`. The parts may be of different types with one example
/// type.
public struct ConcatenatedDataset<Example>: Dataset {
    /// The parts, in reading order.
    public let datasets: [any Dataset<Example>]
    /// `offsets[p]` is the index of part p's first example; the last entry is `count`.
    private let offsets: [Int]

    /// The parts `datasets`, read in order; an empty part contributes nothing.
    public init(_ datasets: [any Dataset<Example>]) {
        self.datasets = datasets
        var offsets = [0]
        for dataset in datasets { offsets.append(offsets[offsets.count - 1] + dataset.count) }
        self.offsets = offsets
    }

    /// The parts as arguments, as `ConcatenatedDataset(a, b)` in Chainer.
    public init(_ datasets: any Dataset<Example>...) { self.init(datasets) }

    public var count: Int { offsets[offsets.count - 1] }

    public subscript(index: Int) -> Example {
        precondition(index >= 0 && index < count, "ConcatenatedDataset: index \(index) out of range for \(count) examples")
        // The last part starting at or before `index`; empty parts start where the next one does.
        var low = 0, high = datasets.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if offsets[middle] <= index { low = middle } else { high = middle - 1 }
        }
        return datasets[low][index - offsets[low]]
    }
}

/// Concatenated tuple-of-array examples are stacked into batches.
extension ConcatenatedDataset: BatchDataset where Example == [NDArray] {}
