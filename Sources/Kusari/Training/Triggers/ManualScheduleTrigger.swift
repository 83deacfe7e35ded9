// Chainer's `triggers.ManualScheduleTrigger`: fires at listed iterations or epochs.

/// Fires when training passes one of `points`. Chainer: `ManualScheduleTrigger(points, unit)`.
///
/// With `.iteration` it fires at the update whose count first reaches a point
/// (`previous < p <= iteration`); with `.epoch` when `epochDetail` first reaches one, so
/// fractional epochs work with any batch size. `finished` becomes true once the last point
/// has fired, as in Chainer.
public final class ManualScheduleTrigger: Trigger {
    /// What `points` count. Chainer: `'iteration'` or `'epoch'`.
    public enum Unit: Sendable { case iteration, epoch }

    public let points: [Double]
    public let unit: Unit
    /// True once the trigger will not fire again. Chainer: `finished`.
    public private(set) var finished = false
    private var previousIteration = 0
    private var previousEpochDetail = 0.0

    /// A trigger firing at each of `points` (not empty).
    public init(points: [Double], unit: Unit) {
        precondition(!points.isEmpty, "ManualScheduleTrigger: points must not be empty")
        self.points = points
        self.unit = unit
    }

    public func callAsFunction(_ trainer: Trainer) -> Bool {
        let updater = trainer.updater
        defer {
            previousIteration = updater.iteration
            previousEpochDetail = updater.epochDetail
        }
        let (previous, current) = unit == .iteration
            ? (Double(previousIteration), Double(updater.iteration))
            : (previousEpochDetail, updater.epochDetail)
        let fire = points.contains { previous < $0 && $0 <= current }
        if fire && current >= points.max()! { finished = true }
        return fire
    }

    /// Saves or loads `finished` and the previous position, with Chainer's keys.
    public func serialize(_ serializer: any Serializer) throws {
        try serializer("finished", &finished)
        try serializer("previous_iteration", &previousIteration)
        try serializer("previous_epoch_detail", &previousEpochDetail)
    }
}
