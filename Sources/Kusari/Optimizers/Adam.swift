// Adam, with Chainer's decoupled weight decay (AdamW) and AMSGrad options.
// Chainer: `optimizers.Adam`.
import CKusariKernels
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
        let states = hp.amsgrad ? ["m", "v", "vhat"] : ["m", "v"]
        let avx512: Int32 = GEMM.Variant.avx512.isSupported ? 1 : 0
        if param.dtype == .float32 {
            let eps = Float(hp.eps)
            precondition(hp.eps == 0 || eps != 0, "eps of Adam optimizer is too small for float32 (\(hp.eps))")
            withBuffers(as: Float.self, param, grad, states: states) { p, g, s in
                forEachChunk(p.count) { start, count in
                    kusari_adam_f32(p.baseAddress! + start, g.baseAddress! + start, s[0].baseAddress! + start,
                                    s[1].baseAddress! + start, hp.amsgrad ? s[2].baseAddress! + start : nil, count,
                                    Float(1 - hp.beta1), Float(1 - hp.beta2), Float(hp.alphaT(t)), Float(hp.eta), eps,
                                    Float(hp.weightDecayRate), avx512)
                }
            }
        } else {
            precondition(param.dtype == .float64, "Adam: float32 or float64 parameters, got \(param.dtype)")
            withBuffers(as: Double.self, param, grad, states: states) { p, g, s in
                forEachChunk(p.count) { start, count in
                    kusari_adam_f64(p.baseAddress! + start, g.baseAddress! + start, s[0].baseAddress! + start,
                                    s[1].baseAddress! + start, hp.amsgrad ? s[2].baseAddress! + start : nil, count,
                                    1 - hp.beta1, 1 - hp.beta2, hp.alphaT(t), hp.eta, hp.eps, hp.weightDecayRate, avx512)
                }
            }
        }
    }

    /// Runs `body(start, count)` over `0..<count` in chunks spread over threads; every element
    /// is independent, so the chunking cannot change the result.
    private func forEachChunk(_ count: Int, _ body: (Int, Int) -> Void) {
        let chunks = Threading.chunkCount(count, grain: NDArray.elementwiseGrain)
        Threading.parallelFor(chunks) { chunk in
            let range = Threading.range(of: chunk, in: chunks, count: count)
            body(range.lowerBound, range.count)
        }
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
