// The optimizer field a learning-rate schedule (ExponentialShift, StepShift, ...) writes.

/// One hyperparameter of one optimizer, named as in Chainer (`"lr"`) and reached through a
/// key path of the optimizer's hyperparameter struct (`\SGDHyperparameters.lr`): Swift's
/// typed form of Chainer's `setattr(optimizer, attr, value)`.
///
/// Without an explicit optimizer, the updater's "main" optimizer is used, as Chainer's
/// `trainer.updater.get_optimizer('main')`.
struct ScheduledHyperparameter<H> {
    /// The extension using the field, for messages (`ExponentialShift`).
    let owner: String
    /// The attribute name, as Chainer spells it (`lr`, `alpha`, `momentum`).
    let name: String
    let field: WritableKeyPath<H, Double>
    let optimizer: GradientMethod<H>?

    func resolve(_ trainer: Trainer) -> GradientMethod<H> {
        if let optimizer { return optimizer }
        let main = trainer.updater.optimizers["main"]
        guard let typed = main as? GradientMethod<H> else {
            preconditionFailure(Self.mismatchMessage(owner: owner, name: name, found: main))
        }
        return typed
    }

    func value(_ trainer: Trainer) -> Double { resolve(trainer).hyperparam.values[keyPath: field] }

    func set(_ trainer: Trainer, _ value: Double) { resolve(trainer).hyperparam[dynamicMember: field] = value }

    /// Why the "main" optimizer cannot take this schedule.
    static func mismatchMessage(owner: String, name: String, found: Optimizer?) -> String {
        let expected = String(describing: H.self)
        guard let found else {
            return "\(owner)(\"\(name)\"): the updater has no \"main\" optimizer; pass optimizer:"
        }
        return "\(owner)(\"\(name)\"): the updater's \"main\" optimizer is \(type(of: found)), "
            + "whose hyperparameters are not \(expected); pass optimizer: or a key path of its own hyperparameters"
    }
}

/// `value`, or `target` once a schedule multiplying by `factor` has passed it. The test is on
/// the ratio value / target, so negative values work too, as in Chainer.
func heldAtTarget(_ value: Double, factor: Double, target: Double?) -> Double {
    guard let target else { return value }
    return (factor > 1 ? value / target > 1 : value / target < 1) ? target : value
}

extension Serializer {
    /// Saves or loads an optional Double, with NaN standing for nil (Chainer stores `None`).
    func optional(_ key: String, _ value: inout Double?) throws {
        var stored = value ?? .nan
        try self(key, &stored)
        value = stored.isNaN ? nil : stored
    }
}

/// What a multiplicative schedule (ExponentialShift, StepShift) keeps: the starting value,
/// the number of calls, and the last value written, which a resumed run writes back first.
struct MultiplicativeSchedule<H> {
    let field: ScheduledHyperparameter<H>
    var initialValue: Double?
    var t = 0
    var lastValue: Double?

    /// Fixes the starting value (the optimizer's, when none was given) and writes it, or the
    /// last value after a resume.
    mutating func initialize(_ trainer: Trainer) {
        let start = initialValue ?? field.value(trainer)
        initialValue = start
        write(trainer, lastValue ?? start)
    }

    /// Counts one call and writes `value(initial, t)`.
    mutating func advance(_ trainer: Trainer, _ value: (_ initial: Double, _ t: Int) -> Double) {
        t += 1
        write(trainer, value(initialValue ?? field.value(trainer), t))
    }

    private mutating func write(_ trainer: Trainer, _ value: Double) {
        field.set(trainer, value)
        lastValue = value
    }

    /// Chainer's state keys: `_t` and `_last_value`.
    mutating func serialize(_ serializer: any Serializer) throws {
        try serializer("_t", &t)
        try serializer.optional("_last_value", &lastValue)
    }
}
