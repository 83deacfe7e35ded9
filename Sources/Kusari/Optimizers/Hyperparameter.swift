// Chainer's `optimizer.Hyperparameter`: hyperparameters that fall back to a parent's values.

/// The hyperparameters of an optimizer or of one parameter's update rule.
///
/// An optimizer owns the root (`GradientMethod.hyperparam`), made from its defaults; every
/// update rule it creates at `setup` gets a child whose parent is that root. Reading a field
/// returns the child's own value if it was set, and the parent's current value otherwise. So
/// `optimizer.lr = 0.1` reaches every rule whose `lr` was not set, while
/// `rule.hyperparam.lr = 1` overrides it for that parameter only, as in Chainer:
///
///     let sgd = SGD(lr: 0.01).setup(model)
///     (model.fc.W.updateRule as! SGDRule).hyperparam.lr = 0.1   // this parameter only
///     sgd.lr = 0.005                                            // every other parameter
///
/// `Values` is a struct of the optimizer's fields (for example `AdamHyperparameters`);
/// update kernels read them all at once through `values`.
@dynamicMemberLookup
public final class Hyperparameter<Values> {
    private let fallback: () -> Values
    private var overrides: [PartialKeyPath<Values>: (inout Values) -> Void] = [:]

    /// A root holding `defaults`.
    public init(_ defaults: Values) { fallback = { defaults } }

    /// A child that reads every field it has not set from `parent`.
    public init(parent: Hyperparameter<Values>) { fallback = { parent.values } }

    /// The effective values: the parent's (or the defaults), with this object's fields applied.
    public var values: Values {
        var resolved = fallback()
        for apply in overrides.values { apply(&resolved) }
        return resolved
    }

    /// One field; setting it overrides the parent's value from now on.
    public subscript<Value>(dynamicMember field: WritableKeyPath<Values, Value>) -> Value {
        get { values[keyPath: field] }
        set { overrides[field] = { $0[keyPath: field] = newValue } }
    }

    /// Drops this object's own value of `field`, so it follows the parent again.
    /// Chainer: `del hyperparam.field`.
    public func reset<Value>(_ field: WritableKeyPath<Values, Value>) { overrides[field] = nil }
}
