// Chainer's `optimizer.GradientMethod`: an optimizer that gives each parameter an update rule.

/// The base of the single-gradient optimizers (SGD, Adam, ...).
///
/// `setup` gives every parameter of the target a new rule from `createUpdateRule()`, whose
/// hyperparameters fall back to `hyperparam`. The optimizer's fields read and write
/// `hyperparam` directly (`adam.alpha = 1e-4`), as Chainer's `HyperparameterProxy` does.
///
/// `update()` follows Chainer step by step: parameters without a gradient get a zero
/// gradient (`reallocate_cleared_grads`, so momentum and weight decay still act on them), the
/// pre-update hooks run, `t` advances, every parameter whose link has updates enabled is updated
/// by its rule, gradients are reallocated again and the post-update hooks run.
@dynamicMemberLookup
open class GradientMethod<Hyperparameters>: Optimizer {
    /// The optimizer's hyperparameters, the parent of every rule's. Chainer: `hyperparam`.
    public let hyperparam: Hyperparameter<Hyperparameters>

    /// An optimizer whose hyperparameters start as `defaults`.
    public init(_ defaults: Hyperparameters) {
        hyperparam = Hyperparameter(defaults)
        super.init()
    }

    /// One hyperparameter of the optimizer (`sgd.lr`).
    public subscript<Value>(dynamicMember field: WritableKeyPath<Hyperparameters, Value>) -> Value {
        get { hyperparam[dynamicMember: field] }
        set { hyperparam[dynamicMember: field] = newValue }
    }

    /// Registers `link` and gives each of its parameters a new update rule (existing state is
    /// dropped). Chainer: `GradientMethod.setup`.
    @discardableResult
    open override func setup(_ link: Link) -> Self {
        super.setup(link)
        for param in link.params() { param.updateRule = createUpdateRule() }
        return self
    }

    /// A new rule whose hyperparameters fall back to `hyperparam`. Every optimizer overrides it.
    /// Chainer: `create_update_rule()`.
    open func createUpdateRule() -> UpdateRule {
        preconditionFailure("\(type(of: self)) must override createUpdateRule()")
    }

    /// Updates every updatable parameter from its gradient. Chainer: `GradientMethod.update()`.
    open override func update() {
        reallocateClearedGrads()
        callHooks(.pre)
        t += 1
        for (_, param) in updatableParams() { param.updateRule?.update(param) }
        reallocateClearedGrads()
        callHooks(.post)
    }

    /// Runs one hook, then reallocates any gradient it cleared. Chainer: `call_hook`.
    open override func callHook(_ hook: OptimizerHook) {
        super.callHook(hook)
        reallocateClearedGrads()
    }

    /// Gives every initialized parameter without a gradient a zero gradient.
    /// Chainer: `reallocate_cleared_grads()`.
    public func reallocateClearedGrads() {
        for param in requireTarget().params() where param.isInitialized && param.grad == nil {
            param.zerograd()
        }
    }
}
