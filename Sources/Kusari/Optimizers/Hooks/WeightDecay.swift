// L2 regularization as a gradient hook. Chainer: `optimizer_hooks.WeightDecay`.

/// Adds rate·p to each gradient: g ← g + rate·p (the gradient of rate/2·‖p‖²).
/// Runs per parameter; Chainer: `optimizer_hooks.WeightDecay(rate)`, timing 'pre'.
public struct WeightDecay: UpdateRuleHook {
    /// The decay coefficient.
    public var rate: Double
    public var name: String { "WeightDecay" }

    /// Weight decay with coefficient `rate`.
    public init(_ rate: Double) { self.rate = rate }

    public func callAsFunction(_ rule: UpdateRule, _ param: Parameter) {
        guard param.isInitialized else { return }
        func run<T: NDFloat>(_: T.Type) {
            let rate = T(rate)
            param.withMutableGrad(as: T.self) { g, p in
                for i in g.indices { g[i] += rate * p[i] }
            }
        }
        NDArray.byFloat(param.dtype, "WeightDecay", f32: run(Float.self), f64: run(Double.self))
    }
}
