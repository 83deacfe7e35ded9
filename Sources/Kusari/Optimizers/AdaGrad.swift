// AdaGrad. Chainer: `optimizers.AdaGrad`.

/// AdaGrad's hyperparameters, with Chainer's defaults.
public struct AdaGradHyperparameters: Sendable {
    /// The learning rate. Chainer default: 0.001.
    public var lr: Double
    /// Added to √h for numerical stability. Chainer default: 1e-8.
    public var eps: Double
    /// The given values; each default is Chainer's.
    public init(lr: Double = 0.001, eps: Double = 1e-8) {
        self.lr = lr
        self.eps = eps
    }
}

/// The AdaGrad step of one parameter: h ← h + g²; p ← p − lr·g / (√h + eps).
/// State: `"h"` (zeros at first). Chainer: `AdaGradRule`.
public final class AdaGradRule: UpdateRule {
    /// This parameter's hyperparameters; unset fields follow the optimizer's.
    public let hyperparam: Hyperparameter<AdaGradHyperparameters>

    /// A rule whose unset hyperparameters follow `parent` (the optimizer's `hyperparam`).
    public init(parent: Hyperparameter<AdaGradHyperparameters>) {
        hyperparam = Hyperparameter(parent: parent)
    }

    public override func initState(_ param: Parameter) { addZeroState("h", like: param) }

    public override func updateCore(_ param: Parameter, grad: NDArray) {
        let hp = hyperparam.values
        func step<T: NDFloat>(_: T.Type) {
            let lr = T(hp.lr), eps = T(hp.eps)
            withBuffers(as: T.self, param, grad, states: ["h"]) { p, g, s in
                let h = s[0]
                for i in p.indices {
                    h[i] += g[i] * g[i]
                    p[i] -= lr * g[i] / (h[i].squareRoot() + eps)
                }
            }
        }
        NDArray.byFloat(param.dtype, "AdaGrad", f32: step(Float.self), f64: step(Double.self))
    }
}

/// AdaGrad (Duchi et al.): h ← h + g²; p ← p − lr·g / (√h + eps).
/// Chainer: `optimizers.AdaGrad(lr=0.001, eps=1e-8)`.
public final class AdaGrad: GradientMethod<AdaGradHyperparameters> {
    /// An optimizer starting from these hyperparameters; each default is Chainer's.
    public init(lr: Double = 0.001, eps: Double = 1e-8) { super.init(AdaGradHyperparameters(lr: lr, eps: eps)) }

    public override func createUpdateRule() -> UpdateRule { AdaGradRule(parent: hyperparam) }
}
