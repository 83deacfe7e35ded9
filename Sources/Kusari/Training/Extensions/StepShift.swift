// Chainer's `extensions.StepShift`: multiplies an optimizer field by gamma every `step` calls.
import Foundation

/// Sets an optimizer hyperparameter to init·gamma^⌊t / step⌋ at its t-th call (every
/// iteration by default), held at `target` once reached.
///
///     trainer.extend(StepShift("lr", \MomentumHyperparameters.lr, gamma: 0.1, step: 10_000))
///
/// `initialValue` nil takes the optimizer's value when training starts; `initialize` sets
/// the field to the initial value (or, on resume, to the last value set).
/// Chainer: `StepShift(attr, gamma, step, init=None, target=None, optimizer=None)`, trigger
/// (1, 'iteration'), state `_t` and `_last_value`.
public final class StepShift<H>: Extension {
    public let gamma: Double
    public let step: Int
    public let target: Double?
    private let field: ScheduledHyperparameter<H>
    private var initialValue: Double?
    private var t = 0
    private var lastValue: Double?

    /// `name` is Chainer's attribute name, used in messages; `field` reaches it.
    public init(_ name: String, _ field: WritableKeyPath<H, Double>, gamma: Double, step: Int,
                initialValue: Double? = nil, target: Double? = nil, optimizer: GradientMethod<H>? = nil) {
        precondition(step > 0, "StepShift: step must be positive, got \(step)")
        self.gamma = gamma
        self.step = step
        self.target = target
        self.initialValue = initialValue
        self.field = ScheduledHyperparameter(owner: "StepShift", name: name, field: field, optimizer: optimizer)
    }

    public var defaultName: String { "StepShift" }

    public func initialize(_ trainer: Trainer) throws {
        let start = initialValue ?? field.value(trainer)
        initialValue = start
        update(trainer, lastValue ?? start)
    }

    public func callAsFunction(_ trainer: Trainer) throws {
        t += 1
        let initial = initialValue ?? field.value(trainer)
        update(trainer, heldAtTarget(initial * pow(gamma, Double(t / step)), factor: gamma, target: target))
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
