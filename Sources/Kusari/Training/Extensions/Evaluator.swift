// Chainer's `extensions.Evaluator`: the validation loss and accuracy, in test mode.

/// Runs the target over a whole validation iterator and reports the sample-weighted means
/// of what it reports, prefixed with the evaluator's name (`validation/main/accuracy`).
///
/// Evaluation always runs under `using(train: false)` and `noBackprop`, as Chainer's
/// Evaluator does: dropout is off and batch normalization uses its running statistics.
/// Means weight each batch by its size, so a short last batch counts for what it holds.
/// Priority: writer (it runs before the extensions that read its results).
public final class Evaluator: Extension {
    public let iterator: any BatchIterator
    public let target: LossLink
    public let defaultName: String
    public let trigger: Interval
    public var priority: Int { ExtensionPriority.writer }
    private let evalFunc: (([Variable]) -> Variable)?

    /// `name` is Chainer's default "validation"; `trigger` the default (1 epoch).
    public init(_ iterator: any BatchIterator, _ target: LossLink, name: String = "validation",
                trigger: Interval = .epochs(1), evalFunc: (([Variable]) -> Variable)? = nil) {
        self.iterator = iterator
        self.target = target
        defaultName = name
        self.trigger = trigger
        self.evalFunc = evalFunc
    }

    public func callAsFunction(_ trainer: Trainer) throws {
        let result = evaluate()
        trainer.reporter.report(result.mapValues { Observed($0) })
    }

    /// The means over one pass of the iterator, keyed `NAME/main/KEY`.
    public func evaluate() -> [String: Double] {
        let reporter = Reporter()
        reporter.addObserver(defaultName + "/main", target)
        reporter.addObservers(prefix: defaultName + "/main", of: target)
        iterator.reset()
        var summary = DictSummary()
        using(train: false) {
            noBackprop {
                while let arrays = iterator.nextBatch() {
                    let observation = reporter.scope {
                        let batch = arrays.map { Variable($0, requiresGrad: false) }
                        _ = evalFunc?(batch) ?? target.loss(batch)
                    }
                    summary.add(observation)
                }
            }
        }
        return summary.mean
    }
}
