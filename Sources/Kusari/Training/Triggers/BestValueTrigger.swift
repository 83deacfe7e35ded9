// Chainer's `triggers.BestValueTrigger`: fires when an observed value reaches a new best.

/// Accumulates the observed `key` over each period of `trigger` and, at the end of the
/// period, fires if the period's mean beats the best mean so far (the first period always
/// does). `MaxValueTrigger` and `MinValueTrigger` are the two usual comparisons.
/// Chainer: `BestValueTrigger(key, compare, trigger=(1, 'epoch'))`.
///
/// Means weight each value by its `Observed.weight` (see `DictSummary`).
public class BestValueTrigger: Trigger {
    public let key: String
    /// The best period mean so far; nil before the first period ends. Chainer: `_best_value`.
    public private(set) var bestValue: Double?
    private let isBetter: (_ best: Double, _ new: Double) -> Bool
    private let interval: IntervalTrigger
    private var summary = DictSummary()

    /// A trigger that fires when `isBetter(best, new)` holds for a period's mean `new`.
    public init(key: String, trigger: Interval = .epochs(1), isBetter: @escaping (_ best: Double, _ new: Double) -> Bool) {
        self.key = key
        interval = IntervalTrigger(trigger)
        self.isBetter = isBetter
    }

    public func callAsFunction(_ trainer: Trainer) -> Bool {
        if let observed = trainer.observation[key] { summary.add([key: observed]) }
        guard interval(trainer) else { return false }
        guard let value = summary.mean[key] else {
            preconditionFailure("\(type(of: self)): key \"\(key)\" was not observed in this period; "
                + "observed keys: \(trainer.observation.keys.sorted())")
        }
        summary = DictSummary()
        guard bestValue.map({ isBetter($0, value) }) ?? true else { return false }
        bestValue = value
        return true
    }

    /// Saves or loads the period trigger, the running summary and the best value (NaN
    /// stands for none yet), with Chainer's keys.
    public func serialize(_ serializer: any Serializer) throws {
        try interval.serialize(serializer["interval_trigger"])
        try summary.serialize(serializer["summary"])
        var best = bestValue ?? .nan
        try serializer("best_value", &best)
        bestValue = best.isNaN ? nil : best
    }
}
