// Chainer's `extensions.LinearShift`: moves an optimizer field linearly between two values.

/// Sets an optimizer hyperparameter at its t-th call (every iteration by default) to
///
///     v1                                  t ≤ t1
///     v1 + (t − t1) / (t2 − t1)·(v2 − v1)  t1 < t < t2
///     v2                                  t ≥ t2
///
/// with `valueRange` = (v1, v2) and `timeRange` = (t1, t2). `initialize` sets the value for
/// the current t (v1 at the start, the last value set on resume). Typical use: warming up
/// the momentum. Chainer: `LinearShift(attr, value_range, time_range, optimizer=None)`,
/// trigger (1, 'iteration'), state `_t` and `_last_value`.
public final class LinearShift<H>: Extension {
    public let valueRange: (Double, Double)
    public let timeRange: (Int, Int)
    private let field: ScheduledHyperparameter<H>
    private var t = 0
    private var lastValue: Double?

    /// `name` is Chainer's attribute name, used in messages; `field` reaches it.
    public init(_ name: String, _ field: WritableKeyPath<H, Double>, valueRange: (Double, Double),
                timeRange: (Int, Int), optimizer: GradientMethod<H>? = nil) {
        precondition(timeRange.0 < timeRange.1, "LinearShift: timeRange must be increasing, got \(timeRange)")
        self.valueRange = valueRange
        self.timeRange = timeRange
        self.field = ScheduledHyperparameter(owner: "LinearShift", name: name, field: field, optimizer: optimizer)
    }

    public var defaultName: String { "LinearShift" }

    public func initialize(_ trainer: Trainer) throws {
        update(trainer, lastValue ?? value(t))
    }

    public func callAsFunction(_ trainer: Trainer) throws {
        t += 1
        update(trainer, value(t))
    }

    private func value(_ t: Int) -> Double {
        let (t1, t2) = timeRange, (v1, v2) = valueRange
        if t <= t1 { return v1 }
        if t >= t2 { return v2 }
        return v1 + Double(t - t1) / Double(t2 - t1) * (v2 - v1)
    }

    private func update(_ trainer: Trainer, _ value: Double) {
        field.set(trainer, value)
        lastValue = value
    }

    public func serialize(_ serializer: any Serializer) throws {
        try serializer("_t", &t)
        try serializer.optional("_last_value", &lastValue)
    }
}
