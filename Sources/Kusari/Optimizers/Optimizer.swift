// Chainer's `chainer.Optimizer`: the target link, the update and epoch counts, and hooks.
import Foundation

/// The base of all optimizers: updates the parameters of a target link.
///
/// `setup(_:)` registers the target; `update()` updates from the gradients already computed,
/// and `update { loss }` computes them first. Hooks run around every update in the order they
/// were added. Subclasses override `update()`; `GradientMethod` is the base of every built-in
/// optimizer.
open class Optimizer {
    /// The link whose parameters are optimized; nil until `setup`. Chainer: `target`.
    public private(set) var target: Link?
    /// The number of updates done. Chainer: `Optimizer.t`.
    public var t = 0
    /// The current epoch, advanced by `newEpoch()`. Chainer: `Optimizer.epoch`.
    public var epoch = 0
    /// Parameters that received no gradient in the first `update { }` while others did (their
    /// absolute names), reported once on stderr; see `noGradientMessage(for:)`.
    public private(set) var parametersWithoutGradient: [String] = []
    private var hooks = HookList<OptimizerHook>()
    private var checkedGradients = false

    public init() {}

    /// Makes `link` the target and starts afresh: `t`, `epoch` and the hooks are reset.
    /// Chainer: `setup(link)`, which also returns the optimizer.
    @discardableResult
    open func setup(_ link: Link) -> Self {
        target = link
        t = 0
        epoch = 0
        hooks = HookList()
        checkedGradients = false
        parametersWithoutGradient = []
        return self
    }

    /// The target; stops with Chainer's message when `setup` was not called.
    public func requireTarget() -> Link {
        guard let target else { preconditionFailure("Optimizer is not set up. Call `setup` method.") }
        return target
    }

    /// Updates the parameters from the gradients they hold. Every optimizer overrides it.
    open func update() {
        preconditionFailure("\(type(of: self)) must override update()")
    }

    /// Computes the loss with `lossfun`, clears the target's gradients, backpropagates from the
    /// loss and updates. Chainer: `update(lossfun, *args)`, in the same order (the loss is
    /// computed before the gradients are cleared).
    ///
    /// The first call also checks that every updatable parameter received a gradient when
    /// some did, and warns on stderr about each one that did not.
    public func update(_ lossfun: () throws -> Variable) rethrows {
        let target = requireTarget()
        let loss = try lossfun()
        target.cleargrads()
        loss.backward()
        if !checkedGradients {
            checkedGradients = true
            reportParametersWithoutGradient()
        }
        update()
    }

    /// Starts a new epoch. Chainer: `new_epoch()`.
    public func newEpoch() { epoch += 1 }

    /// Adds a hook that runs once per update, before (`.pre`, the default) or after the
    /// parameter updates; hooks of one timing run in the order added. The name defaults to
    /// `hook.name` and must be unique. Call after `setup`, which clears the hooks.
    /// Chainer: `add_hook(hook, name, timing)`.
    public func addHook(_ hook: OptimizerHook, name: String? = nil, timing: HookTiming = .pre) {
        _ = requireTarget()
        hooks.add(hook, name: name ?? hook.name, timing: timing)
    }

    /// Removes the hook registered as `name`. Chainer: `remove_hook(name)`.
    public func removeHook(_ name: String) { hooks.remove(name) }

    /// Runs the hooks of `timing` in the order they were added. Chainer: `call_hooks(timing)`.
    public func callHooks(_ timing: HookTiming) {
        for hook in hooks.hooks(timing) { callHook(hook) }
    }

    /// Runs one hook. Chainer: `call_hook`.
    open func callHook(_ hook: OptimizerHook) { hook(self) }

    /// The target's parameters whose link has updates enabled, with absolute names, in
    /// `namedParams()` order.
    public func updatableParams() -> [(String, Parameter)] {
        let target = requireTarget()
        var frozen = Set<ObjectIdentifier>()
        for (_, link) in target.namedLinks() where !link.updateEnabled {
            for (_, param) in link.members.params { frozen.insert(ObjectIdentifier(param)) }
        }
        return target.namedParams().filter { !frozen.contains(ObjectIdentifier($0.1)) }
    }

    /// The warning for a parameter that got no gradient in a backward pass that reached others.
    public static func noGradientMessage(for name: String) -> String {
        "parameter \(name) received no gradient: it is not used in forward (or its link is called outside the model)"
    }

    // Chainer users lost hours to parameters that were silently never trained: a layer
    // defined but not called, or called through a link the model does not own.
    private func reportParametersWithoutGradient() {
        let params = updatableParams()
        guard params.contains(where: { $0.1.grad != nil }) else { return }
        parametersWithoutGradient = params.filter { $0.1.grad == nil }.map(\.0)
        for name in parametersWithoutGradient {
            FileHandle.standardError.write(Data(("warning: " + Optimizer.noGradientMessage(for: name) + "\n").utf8))
        }
    }
}
