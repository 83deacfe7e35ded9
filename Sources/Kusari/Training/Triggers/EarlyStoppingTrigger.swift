// Chainer's `triggers.EarlyStoppingTrigger`: stops training when a metric stops improving.
import Foundation

/// A stop trigger that fires when the monitored value has not improved for `patience`
/// checks in a row, or when `maxTrigger` is reached.
///
/// The monitored value is accumulated every iteration and averaged over each period of
/// `checkTrigger`; a period mean that beats the best so far resets the count, any other
/// adds one. Use it as the trainer's stop trigger:
///
///     let stop = EarlyStoppingTrigger(monitor: "validation/main/loss", patience: 5)
///     let trainer = Trainer(updater, stopTrigger: stop, plannedLength: stop.maxTrigger)
///
/// Chainer: `EarlyStoppingTrigger(check_trigger=(1, 'epoch'), monitor='main/loss',
/// patience=3, mode='auto', verbose=False, max_trigger=(100, 'epoch'))`; `.auto` maximizes
/// a monitor whose name contains "accuracy" and minimizes any other.
public final class EarlyStoppingTrigger: Trigger {
    /// Whether larger or smaller values are better. Chainer: `mode`.
    public enum Mode: Sendable { case auto, min, max }

    public let monitor: String
    public let patience: Int
    public let verbose: Bool
    /// The length at which training stops anyway; pass it as the trainer's planned length.
    public let maxTrigger: Interval
    /// True when larger values are better.
    public let maximizes: Bool
    /// The best period mean so far (−∞ or +∞ before the first). Chainer: `best`.
    public private(set) var best: Double
    /// Checks in a row without improvement. Chainer: `count`.
    public private(set) var count = 0
    private let checkInterval: IntervalTrigger
    private let maxStop: StopTrigger
    private var summary = DictSummary()
    private var warnedMissing = false

    public init(checkTrigger: Interval = .epochs(1), monitor: String = "main/loss", patience: Int = 3,
                mode: Mode = .auto, verbose: Bool = false, maxTrigger: Interval = .epochs(100)) {
        precondition(patience > 0, "EarlyStoppingTrigger: patience must be positive, got \(patience)")
        self.monitor = monitor
        self.patience = patience
        self.verbose = verbose
        self.maxTrigger = maxTrigger
        maximizes = mode == .max || (mode == .auto && monitor.contains("accuracy"))
        best = maximizes ? -.infinity : .infinity
        checkInterval = IntervalTrigger(checkTrigger)
        maxStop = StopTrigger(maxTrigger)
        if verbose { print("early stopping: \(monitor) is better when \(maximizes ? "greater" : "less")") }
    }

    public func callAsFunction(_ trainer: Trainer) -> Bool {
        let observation = trainer.observation
        if let observed = observation[monitor] { summary.add([monitor: observed]) }
        if maxStop(trainer) { return true }
        guard checkInterval(trainer) else { return false }
        guard let value = summary.mean[monitor] else {
            if !warnedMissing {
                warnedMissing = true
                FileHandle.standardError.write(Data("warning: EarlyStoppingTrigger: \(monitor) is not in the observation\n".utf8))
            }
            return false
        }
        summary = DictSummary()
        if maximizes ? value > best : value < best {
            best = value
            count = 0
        } else {
            count += 1
        }
        guard count >= patience else { return false }
        if verbose { print("Epoch \(trainer.updater.epoch): early stopping") }
        return true
    }

    /// Saves or loads the check trigger, the running summary, `best` and `count`.
    public func serialize(_ serializer: any Serializer) throws {
        try checkInterval.serialize(serializer["interval_trigger"])
        try summary.serialize(serializer["summary"])
        try serializer("best", &best)
        try serializer("count", &count)
    }
}
