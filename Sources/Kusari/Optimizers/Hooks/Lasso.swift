// L1 regularization as a gradient hook. Chainer: `optimizer_hooks.Lasso`.

/// Adds rate·sign(p) to each gradient: g ← g + rate·sign(p), with sign(0) = 0 (the
/// subgradient of rate·‖p‖₁ that NumPy's `sign` gives). Runs per parameter;
/// Chainer: `optimizer_hooks.Lasso(rate)`, timing 'pre'.
public struct Lasso: UpdateRuleHook {
    /// The regularization coefficient.
    public var rate: Double
    public var name: String { "Lasso" }

    /// Lasso with coefficient `rate`.
    public init(_ rate: Double) { self.rate = rate }

    public func callAsFunction(_ rule: UpdateRule, _ param: Parameter) {
        guard param.isInitialized else { return }
        func run<T: NDFloat>(_: T.Type) {
            let rate = T(rate)
            param.withMutableGrad(as: T.self) { g, p in
                for i in g.indices where p[i] != 0 { g[i] += p[i] > 0 ? rate : -rate }
            }
        }
        NDArray.byFloat(param.dtype, "Lasso", f32: run(Float.self), f64: run(Double.self))
    }
}
