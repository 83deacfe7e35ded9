// Adam, with Chainer's decoupled weight decay (AdamW) and AMSGrad options.
// Chainer: `optimizers.Adam`.
import Foundation

/// Adam's hyperparameters, with Chainer's defaults.
public struct AdamHyperparameters: Sendable {
    /// The step size. Chainer default: 0.001.
    public var alpha: Double
    /// The decay rate of the first moment. Chainer default: 0.9.
    public var beta1: Double
    /// The decay rate of the second moment. Chainer default: 0.999.
    public var beta2: Double
    /// Added to √v for numerical stability. Chainer default: 1e-8.
    public var eps: Double
    /// The schedule multiplier of the whole step (for warm restarts). Chainer default: 1.
    public var eta: Double
    /// The decoupled weight decay rate. Chainer default: 0.
    public var weightDecayRate: Double
    /// Whether to use AMSGrad (the running maximum of v). Chainer default: false.
    public var amsgrad: Bool

    /// The given values; each default is Chainer's.
    public init(alpha: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8,
                eta: Double = 1.0, weightDecayRate: Double = 0, amsgrad: Bool = false) {
        self.alpha = alpha
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.eta = eta
        self.weightDecayRate = weightDecayRate
        self.amsgrad = amsgrad
    }

    /// The bias-corrected step size at step `t` (≥ 1): alpha·√(1 − beta2ᵗ) / (1 − beta1ᵗ).
    /// Chainer: `alpha_t`.
    public func alphaT(_ t: Int) -> Double {
        precondition(t > 0, "Adam: alpha_t is undefined before the first update (t = 0)")
        return alpha * (1 - pow(beta2, Double(t))).squareRoot() / (1 - pow(beta1, Double(t)))
    }
}

/// The Adam step of one parameter, at step t of this rule:
///
///     m ← m + (1 − beta1)·(g − m)
///     v ← v + (1 − beta2)·(g² − v)
///     v̂ ← max(v̂, v) with amsgrad, else v
///     p ← p − eta·(alphaT(t)·m / (√v̂ + eps) + weightDecayRate·p)
///
/// State: `"m"`, `"v"` and, with amsgrad, `"vhat"` (zeros at first). Chainer: `AdamRule`.
public final class AdamRule: UpdateRule {
    /// This parameter's hyperparameters; unset fields follow the optimizer's.
    public let hyperparam: Hyperparameter<AdamHyperparameters>

    /// A rule whose unset hyperparameters follow `parent` (the optimizer's `hyperparam`).
    public init(parent: Hyperparameter<AdamHyperparameters>) {
        hyperparam = Hyperparameter(parent: parent)
    }

    /// The bias-corrected step size of this rule's last update. Chainer: `AdamRule.alpha_t`.
    public var alphaT: Double { hyperparam.values.alphaT(t) }

    public override func initState(_ param: Parameter) {
        addZeroState("m", "v", like: param)
        if hyperparam.amsgrad { addZeroState("vhat", like: param) }
    }

    public override func updateCore(_ param: Parameter, grad: NDArray) {
        let hp = hyperparam.values
        precondition(param.dtype != .float32 || hp.eps == 0 || Float(hp.eps) != 0,
                     "eps of Adam optimizer is too small for float32 (\(hp.eps))")
        let step = AdamStep(oneMinusBeta1: 1 - hp.beta1, oneMinusBeta2: 1 - hp.beta2, alphaT: hp.alphaT(t), eta: hp.eta,
                            eps: hp.eps, weightDecayRate: hp.weightDecayRate)
        func run<T: NDFloat>(_: T.Type) {
            withBuffers(as: T.self, param, grad, states: hp.amsgrad ? ["m", "v", "vhat"] : ["m", "v"]) { p, g, s in
                step.apply(param: p, grad: g, m: s[0], v: s[1], vhat: hp.amsgrad ? s[2] : nil)
            }
        }
        NDArray.byFloat(param.dtype, "Adam", f32: run(Float.self), f64: run(Double.self))
    }
}

/// Adam (Kingma & Ba) with bias correction folded into the step size, Chainer's decoupled
/// weight decay (`eta`, `weightDecayRate`; the defaults make it plain Adam) and the AMSGrad
/// option; see `AdamRule` for the step. Chainer: `optimizers.Adam(alpha=0.001, beta1=0.9,
/// beta2=0.999, eps=1e-8, eta=1.0, weight_decay_rate=0, amsgrad=False)`. AdaBound is not
/// provided.
public class Adam: GradientMethod<AdamHyperparameters> {
    /// An optimizer starting from these hyperparameters; each default is Chainer's.
    public init(alpha: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8,
                eta: Double = 1.0, weightDecayRate: Double = 0, amsgrad: Bool = false) {
        super.init(AdamHyperparameters(alpha: alpha, beta1: beta1, beta2: beta2, eps: eps, eta: eta,
                                       weightDecayRate: weightDecayRate, amsgrad: amsgrad))
    }

    /// The bias-corrected step size at the optimizer's step `t`. Chainer: `Adam.alpha_t`.
    public var alphaT: Double { hyperparam.values.alphaT(t) }

    public override func createUpdateRule() -> UpdateRule { AdamRule(parent: hyperparam) }
}
