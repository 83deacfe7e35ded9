// Chainer's `extensions.MultistepShift`: multiplies an optimizer field by gamma at listed steps.
import Foundation

/// Sets an optimizer hyperparameter at its t-th call (every iteration by default) to
/// init·gamma^k, where k is the number of `stepValues` ≤ t: init until the first step
/// value, init·gamma from there to the second, and so on.
///
/// `initialValue` nil takes the optimizer's value when training starts. Chainer:
/// `MultistepShift(attr, init, gamma, step_value, optimizer=None)`, trigger (1, 'iteration'),
/// state `_t`. Unlike Chainer, which counts passed steps in memory and restarts the count on
/// resume, k is derived from `_t`, and `initialize` sets the value for the restored `_t`.
public final class MultistepShift<H>: Extension {
    public let gamma: Double
    public let stepValues: [Int]
    private let field: ScheduledHyperparameter<H>
    private var initialValue: Double?
    private var t = 0

    /// `name` is Chainer's attribute name, used in messages; `field` reaches it.
    public init(_ name: String, _ field: WritableKeyPath<H, Double>, gamma: Double, stepValues: [Int],
                initialValue: Double? = nil, optimizer: GradientMethod<H>? = nil) {
        self.gamma = gamma
        self.stepValues = stepValues
        self.initialValue = initialValue
        self.field = ScheduledHyperparameter(owner: "MultistepShift", name: name, field: field, optimizer: optimizer)
    }

    public var defaultName: String { "MultistepShift" }

    public func initialize(_ trainer: Trainer) throws {
        initialValue = initialValue ?? field.value(trainer)
        field.set(trainer, value(t))
    }

    public func callAsFunction(_ trainer: Trainer) throws {
        t += 1
        field.set(trainer, value(t))
    }

    private func value(_ t: Int) -> Double {
        let initial = initialValue!
        return initial * pow(gamma, Double(stepValues.count { $0 <= t }))
    }

    public func serialize(_ serializer: any Serializer) throws {
        try serializer("_t", &t)
    }
}
