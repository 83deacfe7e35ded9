// Chainer's `optimizer.UpdateRule`: how one parameter is updated from its gradient.

/// The update of one parameter: its state, its step count and its hooks.
///
/// `GradientMethod.setup` gives every parameter its own rule (`Parameter.updateRule`), whose
/// `hyperparam` falls back to the optimizer's (see `Hyperparameter`). Subclasses create their
/// state in `initState` and write the step in `updateCore`, one fused loop over raw buffers
/// (`withBuffers`).
///
/// `state` holds named arrays of the parameter's shape and dtype (`"m"` and `"v"` for Adam),
/// and `t` counts the updates made by this rule; together they are everything a serializer
/// saves, as in Chainer.
open class UpdateRule {
    /// The per-parameter state arrays, empty until the first update creates them.
    public var state: [String: NDArray] = [:]
    /// When false, `update` leaves the parameter and `t` alone. Chainer: `enabled`.
    public var enabled = true
    /// The number of updates made by this rule. Chainer: `UpdateRule.t`.
    public var t = 0
    private var hooks = HookList<UpdateRuleHook>()

    public init() {}

    /// Adds a hook that runs for this parameter only, before (`.pre`, the default) or after its
    /// update; hooks run in the order added. Chainer: `UpdateRule.add_hook`.
    public func addHook(_ hook: UpdateRuleHook, name: String? = nil, timing: HookTiming = .pre) {
        hooks.add(hook, name: name ?? hook.name, timing: timing)
    }

    /// Removes the hook registered as `name`. Chainer: `UpdateRule.remove_hook`.
    public func removeHook(_ name: String) { hooks.remove(name) }

    /// Counts the step, creates the state on first use, runs the pre-update hooks, updates the
    /// parameter from its gradient and runs the post-update hooks. A parameter whose array does
    /// not exist yet, or that has no gradient, is left as it is. Chainer: `UpdateRule.update`.
    public func update(_ param: Parameter) {
        guard enabled else { return }
        t += 1
        guard param.isInitialized else { return }
        if state.isEmpty { initState(param) }
        for hook in hooks.hooks(.pre) { hook(self, param) }
        if let grad = param.grad { updateCore(param, grad: grad) }
        for hook in hooks.hooks(.post) { hook(self, param) }
    }

    /// Creates the state arrays for `param`. The default creates none (plain SGD).
    open func initState(_ param: Parameter) {}

    /// Writes one step into `param.array` (and the state) from `grad`. Every rule overrides it.
    open func updateCore(_ param: Parameter, grad: NDArray) {
        preconditionFailure("\(type(of: self)) must override updateCore(_:grad:)")
    }

    /// Adds zero-filled state arrays named `names`, shaped like `param`.
    public final func addZeroState(_ names: String..., like param: Parameter) {
        for name in names { state[name] = NDArray(zeros: param.shape, dtype: param.dtype) }
    }

    /// Runs one fused update step on raw buffers of element type `T`: the parameter (written in
    /// place), its gradient, and the state arrays named `names` (written in place, in that order).
    /// Shared storage is copied first (copy-on-write), so no other array sees the writes.
    public final func withBuffers<T: NDFloat>(
        as type: T.Type, _ param: Parameter, _ grad: NDArray, states names: [String] = [],
        _ body: (_ param: UnsafeMutableBufferPointer<T>, _ grad: UnsafeBufferPointer<T>,
                 _ states: [UnsafeMutableBufferPointer<T>]) -> Void
    ) {
        // Read while `param.array` is not being written: the write below holds exclusive access.
        let shape = param.shape, dtype = param.dtype
        grad.withUnsafeBufferPointer(as: T.self) { grad in
            param.array.withUnsafeMutableBufferPointer(as: T.self) { values in
                withStateBuffers(names[...], shape: shape, dtype: dtype, acquired: []) { states in body(values, grad, states) }
            }
        }
    }

    /// Takes each named state array out of `state` while its buffer is in use, so it is
    /// uniquely referenced and written in place, then puts it back.
    private func withStateBuffers<T: NDFloat>(
        _ names: ArraySlice<String>, shape: [Int], dtype: DType, acquired: [UnsafeMutableBufferPointer<T>],
        _ body: ([UnsafeMutableBufferPointer<T>]) -> Void
    ) {
        guard let name = names.first else { return body(acquired) }
        guard var array = state.removeValue(forKey: name) else {
            preconditionFailure("\(type(of: self)): state \"\(name)\" is missing")
        }
        precondition(array.shape == shape && array.dtype == dtype,
                     "\(type(of: self)): state \"\(name)\" is \(NDArray.format(array.shape)) \(array.dtype), "
                        + "the parameter is \(NDArray.format(shape)) \(dtype)")
        array.withUnsafeMutableBufferPointer(as: T.self) { buffer in
            withStateBuffers(names.dropFirst(), shape: shape, dtype: dtype, acquired: acquired + [buffer], body)
        }
        state[name] = array
    }
}
