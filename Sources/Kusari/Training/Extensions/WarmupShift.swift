// Chainer's `extensions.WarmupShift`: ramps an optimizer field up to its value at the start.

/// Sets an optimizer hyperparameter at its t-th call, for t ≤ `warmupIterations` = W, to
///
///     (t·init + (W − t)·warmupStart) / W
///
/// and leaves it alone afterwards (so another schedule can take over). `warmupStart` nil
/// takes the optimizer's value when training starts; `initialize` sets the field to
/// `warmupStart` at the start. Chainer: `WarmupShift(attr, warmup_start, warmup_iter, init,
/// optimizer=None)`, trigger (1, 'iteration'), state `_t`. Unlike Chainer, which sets
/// `warmup_start` again on resume, a resumed run gets the value for the restored `_t`
/// (nothing after the warm-up).
public final class WarmupShift<H>: Extension {
    public let warmupIterations: Int
    public let initialValue: Double
    private let field: ScheduledHyperparameter<H>
    private var warmupStart: Double?
    private var t = 0

    /// `name` is Chainer's attribute name, used in messages; `field` reaches it.
    public init(_ name: String, _ field: WritableKeyPath<H, Double>, warmupStart: Double?, warmupIterations: Int,
                initialValue: Double, optimizer: GradientMethod<H>? = nil) {
        precondition(warmupIterations > 0, "WarmupShift: warmupIterations must be positive, got \(warmupIterations)")
        self.warmupStart = warmupStart
        self.warmupIterations = warmupIterations
        self.initialValue = initialValue
        self.field = ScheduledHyperparameter(owner: "WarmupShift", name: name, field: field, optimizer: optimizer)
    }

    public var defaultName: String { "WarmupShift" }

    public func initialize(_ trainer: Trainer) throws {
        warmupStart = warmupStart ?? field.value(trainer)
        if t <= warmupIterations { field.set(trainer, value(t)) }
    }

    public func callAsFunction(_ trainer: Trainer) throws {
        t += 1
        if t <= warmupIterations { field.set(trainer, value(t)) }
    }

    private func value(_ t: Int) -> Double {
        let w = Double(warmupIterations), t = Double(t)
        return (t * initialValue + (w - t) * warmupStart!) / w
    }

    public func serialize(_ serializer: any Serializer) throws {
        try serializer("_t", &t)
    }
}
