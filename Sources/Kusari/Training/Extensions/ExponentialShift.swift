// Chainer's `extensions.ExponentialShift`: multiplies an optimizer field by a rate each call.
import Foundation

/// Sets an optimizer hyperparameter to init·rateᵗ at its t-th call (every iteration by
/// default), stopping at `target` once reached. Typical use: exponential learning-rate decay.
///
///     trainer.extend(ExponentialShift("lr", \.lr, rate: 0.5, optimizer: sgd), trigger: .epochs(1))
///
/// `initialValue` nil takes the optimizer's value when training starts; `initialize` sets
/// the field to the initial value (or, on resume, to the last value set).
/// Chainer: `ExponentialShift(attr, rate, init=None, target=None, optimizer=None)`, trigger
/// (1, 'iteration'), state `_t` and `_last_value`.
public final class ExponentialShift<H>: Extension {
    public let rate: Double
    public let target: Double?
    private var schedule: MultiplicativeSchedule<H>

    /// `name` is Chainer's attribute name, used in messages; `field` reaches it.
    public init(_ name: String, _ field: WritableKeyPath<H, Double>, rate: Double, initialValue: Double? = nil,
                target: Double? = nil, optimizer: GradientMethod<H>? = nil) {
        precondition(rate >= 0, "ExponentialShift does not support negative rate, got \(rate)")
        self.rate = rate
        self.target = target
        schedule = MultiplicativeSchedule(
            field: ScheduledHyperparameter(owner: "ExponentialShift", name: name, field: field, optimizer: optimizer),
            initialValue: initialValue)
    }

    public var defaultName: String { "ExponentialShift" }

    public func initialize(_ trainer: Trainer) throws { schedule.initialize(trainer) }

    public func callAsFunction(_ trainer: Trainer) throws {
        schedule.advance(trainer) { Self.value(initial: $0, rate: rate, t: $1, target: target) }
    }

    /// init·rateᵗ, held at `target` once passed.
    static func value(initial: Double, rate: Double, t: Int, target: Double?) -> Double {
        heldAtTarget(initial * Foundation.pow(rate, Double(t)), factor: rate, target: target)
    }

    public func serialize(_ serializer: any Serializer) throws { try schedule.serialize(serializer) }
}
