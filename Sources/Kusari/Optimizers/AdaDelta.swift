// AdaDelta. Chainer: `optimizers.AdaDelta`.

/// AdaDelta's hyperparameters, with Chainer's defaults.
public struct AdaDeltaHyperparameters: Sendable {
    /// The decay rate of both running means. Chainer default: 0.95.
    public var rho: Double
    /// Added inside the square root for numerical stability. Chainer default: 1e-6.
    public var eps: Double
    /// The given values; each default is Chainer's.
    public init(rho: Double = 0.95, eps: Double = 1e-6) {
        self.rho = rho
        self.eps = eps
    }
}

/// The AdaDelta step of one parameter:
///
///     msg ← rho·msg + (1 − rho)·g²
///     dx ← √((msdx + eps) / (msg + eps))·g
///     msdx ← rho·msdx + (1 − rho)·dx²
///     p ← p − dx
///
/// State: `"msg"`, `"msdx"` (zeros at first). Chainer: `AdaDeltaRule`.
public final class AdaDeltaRule: UpdateRule {
    /// This parameter's hyperparameters; unset fields follow the optimizer's.
    public let hyperparam: Hyperparameter<AdaDeltaHyperparameters>

    /// A rule whose unset hyperparameters follow `parent` (the optimizer's `hyperparam`).
    public init(parent: Hyperparameter<AdaDeltaHyperparameters>) {
        hyperparam = Hyperparameter(parent: parent)
    }

    public override func initState(_ param: Parameter) { addZeroState("msg", "msdx", like: param) }

    public override func updateCore(_ param: Parameter, grad: NDArray) {
        let hp = hyperparam.values
        func step<T: NDFloat>(_: T.Type) {
            let rho = T(hp.rho), oneMinusRho = T(1 - hp.rho), eps = T(hp.eps)
            withBuffers(as: T.self, param, grad, states: ["msg", "msdx"]) { p, g, s in
                let msg = s[0], msdx = s[1]
                for i in p.indices {
                    msg[i] = rho * msg[i] + oneMinusRho * g[i] * g[i]
                    let dx = ((msdx[i] + eps) / (msg[i] + eps)).squareRoot() * g[i]
                    msdx[i] = rho * msdx[i] + oneMinusRho * dx * dx
                    p[i] -= dx
                }
            }
        }
        NDArray.byFloat(param.dtype, "AdaDelta", f32: step(Float.self), f64: step(Double.self))
    }
}

/// AdaDelta (Zeiler), which needs no learning rate; see `AdaDeltaRule` for the step.
/// Chainer: `optimizers.AdaDelta(rho=0.95, eps=1e-6)`.
public final class AdaDelta: GradientMethod<AdaDeltaHyperparameters> {
    /// An optimizer starting from these hyperparameters; each default is Chainer's.
    public init(rho: Double = 0.95, eps: Double = 1e-6) { super.init(AdaDeltaHyperparameters(rho: rho, eps: eps)) }

    public override func createUpdateRule() -> UpdateRule { AdaDeltaRule(parent: hyperparam) }
}
