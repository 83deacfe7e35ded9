// Hook functions that optimizers and update rules call around each update (Chainer's
// `optimizer_hooks` protocol: a callable with a `name` and a `timing`).

/// When a hook runs relative to the parameter updates. Chainer: `timing='pre'` or `'post'`.
public enum HookTiming: Sendable {
    /// Before any parameter is updated (Chainer's default for every built-in hook).
    case pre
    /// After every parameter has been updated.
    case post
}

/// A hook an optimizer calls once per update. Chainer: a hook with `call_for_each_param = False`
/// (for example `GradientClipping`, which needs every gradient at once).
public protocol OptimizerHook {
    /// The name the hook is registered under when `addHook` is given none. Chainer: `hook.name`.
    var name: String { get }
    /// Runs the hook on the optimizer (its `target` is set up).
    func callAsFunction(_ optimizer: Optimizer)
}

/// A hook that works on one parameter at a time. Registered on an optimizer it runs for every
/// parameter of the target; registered on one `UpdateRule` it runs for that parameter only.
/// Chainer: a hook with `call_for_each_param = True` (`WeightDecay`, `Lasso`, ...).
public protocol UpdateRuleHook: OptimizerHook {
    /// Runs the hook on `param`, whose update rule is `rule`.
    func callAsFunction(_ rule: UpdateRule, _ param: Parameter)
}

extension UpdateRuleHook {
    /// Runs the hook for every parameter of the target that has an update rule, in `params()`
    /// order, as Chainer's optimizer does for `call_for_each_param` hooks.
    public func callAsFunction(_ optimizer: Optimizer) {
        for param in optimizer.requireTarget().params() {
            if let rule = param.updateRule { self(rule, param) }
        }
    }
}

/// Named hooks in registration order, split by timing. Names are unique across both timings.
struct HookList<Hook> {
    private var entries: [(name: String, timing: HookTiming, hook: Hook)] = []

    mutating func add(_ hook: Hook, name: String, timing: HookTiming) {
        precondition(!entries.contains { $0.name == name }, "addHook: hook \"\(name)\" already exists")
        entries.append((name, timing, hook))
    }

    mutating func remove(_ name: String) {
        guard let index = entries.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("removeHook: no hook named \"\(name)\"")
        }
        entries.remove(at: index)
    }

    /// The hooks of `timing`, in the order they were added.
    func hooks(_ timing: HookTiming) -> [Hook] { entries.filter { $0.timing == timing }.map(\.hook) }
}
