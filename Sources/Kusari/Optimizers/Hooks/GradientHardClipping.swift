// Elementwise gradient clipping. Chainer: `optimizer_hooks.GradientHardClipping`.

/// Clips every gradient element into [lowerBound, upperBound]; NaN stays NaN, as with NumPy's
/// `clip`. Runs per parameter; Chainer: `optimizer_hooks.GradientHardClipping(lower_bound,
/// upper_bound)`, timing 'pre'.
public struct GradientHardClipping: UpdateRuleHook {
    /// The smallest value a gradient element keeps.
    public var lowerBound: Double
    /// The largest value a gradient element keeps.
    public var upperBound: Double
    public var name: String { "GradientHardClipping" }

    /// Clipping into [lowerBound, upperBound].
    public init(_ lowerBound: Double, _ upperBound: Double) {
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    public func callAsFunction(_ rule: UpdateRule, _ param: Parameter) {
        guard param.isInitialized else { return }
        func run<T: NDFloat>(_: T.Type) {
            let lower = T(lowerBound), upper = T(upperBound)
            param.withMutableGrad(as: T.self) { g, _ in
                for i in g.indices {
                    if g[i] < lower { g[i] = lower } else if g[i] > upper { g[i] = upper }
                }
            }
        }
        NDArray.byFloat(param.dtype, "GradientHardClipping", f32: run(Float.self), f64: run(Double.self))
    }
}
