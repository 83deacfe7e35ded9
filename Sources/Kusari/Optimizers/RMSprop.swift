// RMSprop. Chainer: `optimizers.RMSprop`.

/// RMSprop's hyperparameters, with Chainer's defaults.
public struct RMSpropHyperparameters: Sendable {
    /// The learning rate. Chainer default: 0.01.
    public var lr: Double
    /// The decay rate of the running mean of g². Chainer default: 0.99.
    public var alpha: Double
    /// Added for numerical stability. Chainer default: 1e-8.
    public var eps: Double
    /// Whether eps goes inside the square root: √(ms + eps) instead of √ms + eps.
    /// Chainer default: false.
    public var epsInsideSqrt: Bool
    /// The given values; each default is Chainer's.
    public init(lr: Double = 0.01, alpha: Double = 0.99, eps: Double = 1e-8, epsInsideSqrt: Bool = false) {
        self.lr = lr
        self.alpha = alpha
        self.eps = eps
        self.epsInsideSqrt = epsInsideSqrt
    }
}

/// The RMSprop step of one parameter: ms ← alpha·ms + (1 − alpha)·g²;
/// p ← p − lr·g / (√ms + eps), or / √(ms + eps) with `epsInsideSqrt`.
/// State: `"ms"` (zeros at first). Chainer: `RMSpropRule`.
public final class RMSpropRule: UpdateRule {
    /// This parameter's hyperparameters; unset fields follow the optimizer's.
    public let hyperparam: Hyperparameter<RMSpropHyperparameters>

    /// A rule whose unset hyperparameters follow `parent` (the optimizer's `hyperparam`).
    public init(parent: Hyperparameter<RMSpropHyperparameters>) {
        hyperparam = Hyperparameter(parent: parent)
    }

    public override func initState(_ param: Parameter) { addZeroState("ms", like: param) }

    public override func updateCore(_ param: Parameter, grad: NDArray) {
        let hp = hyperparam.values
        func step<T: NDFloat>(_: T.Type) {
            let eps = T(hp.eps)
            precondition(hp.eps == 0 || eps != 0, "eps of RMSprop optimizer is too small for \(param.dtype) (\(hp.eps))")
            let lr = T(hp.lr), alpha = T(hp.alpha), oneMinusAlpha = T(1 - hp.alpha)
            let inside = hp.epsInsideSqrt
            withBuffers(as: T.self, param, grad, states: ["ms"]) { p, g, s in
                let ms = s[0]
                for i in p.indices {
                    ms[i] = alpha * ms[i] + oneMinusAlpha * g[i] * g[i]
                    let denominator = inside ? (ms[i] + eps).squareRoot() : ms[i].squareRoot() + eps
                    p[i] -= lr * g[i] / denominator
                }
            }
        }
        NDArray.byFloat(param.dtype, "RMSprop", f32: step(Float.self), f64: step(Double.self))
    }
}

/// RMSprop (Hinton): ms ← alpha·ms + (1 − alpha)·g²; p ← p − lr·g / (√ms + eps).
/// Chainer: `optimizers.RMSprop(lr=0.01, alpha=0.99, eps=1e-8, eps_inside_sqrt=False)`.
public final class RMSprop: GradientMethod<RMSpropHyperparameters> {
    /// An optimizer starting from these hyperparameters; each default is Chainer's.
    public init(lr: Double = 0.01, alpha: Double = 0.99, eps: Double = 1e-8, epsInsideSqrt: Bool = false) {
        super.init(RMSpropHyperparameters(lr: lr, alpha: alpha, eps: eps, epsInsideSqrt: epsInsideSqrt))
    }

    public override func createUpdateRule() -> UpdateRule { RMSpropRule(parent: hyperparam) }
}
