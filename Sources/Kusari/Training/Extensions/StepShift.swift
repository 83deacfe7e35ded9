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
    private var schedule: MultiplicativeSchedule<H>

    /// `name` is Chainer's attribute name, used in messages; `field` reaches it.
    public init(_ name: String, _ field: WritableKeyPath<H, Double>, gamma: Double, step: Int,
                initialValue: Double? = nil, target: Double? = nil, optimizer: GradientMethod<H>? = nil) {
        precondition(step > 0, "StepShift: step must be positive, got \(step)")
        self.gamma = gamma
        self.step = step
        self.target = target
        schedule = MultiplicativeSchedule(
            field: ScheduledHyperparameter(owner: "StepShift", name: name, field: field, optimizer: optimizer),
            initialValue: initialValue)
    }

    public var defaultName: String { "StepShift" }

    public func initialize(_ trainer: Trainer) throws { schedule.initialize(trainer) }

    public func callAsFunction(_ trainer: Trainer) throws {
        schedule.advance(trainer) { initial, t in
            heldAtTarget(initial * pow(gamma, Double(t / step)), factor: gamma, target: target)
        }
    }

    public func serialize(_ serializer: any Serializer) throws { try schedule.serialize(serializer) }
}
