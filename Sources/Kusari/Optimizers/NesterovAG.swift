// Nesterov's accelerated gradient. Chainer: `optimizers.NesterovAG`.

/// The Nesterov step of one parameter (Sutskever's form, as Chainer writes it):
/// v ← momentum·v − lr·g; p ← p + momentum²·v − (1 + momentum)·lr·g.
/// State: `"v"` (zeros at first). Chainer: `NesterovAGRule`.
public final class NesterovAGRule: UpdateRule {
    /// This parameter's hyperparameters; unset fields follow the optimizer's.
    public let hyperparam: Hyperparameter<MomentumHyperparameters>

    /// A rule whose unset hyperparameters follow `parent` (the optimizer's `hyperparam`).
    public init(parent: Hyperparameter<MomentumHyperparameters>) {
        hyperparam = Hyperparameter(parent: parent)
    }

    public override func initState(_ param: Parameter) { addZeroState("v", like: param) }

    public override func updateCore(_ param: Parameter, grad: NDArray) {
        let hp = hyperparam.values
        func step<T: NDFloat>(_: T.Type) {
            let lr = T(hp.lr), momentum = T(hp.momentum)
            let momentumSquared = T(hp.momentum * hp.momentum), gradScale = T((1 + hp.momentum) * hp.lr)
            withBuffers(as: T.self, param, grad, states: ["v"]) { p, g, s in
                let v = s[0]
                for i in p.indices {
                    v[i] = momentum * v[i] - lr * g[i]
                    p[i] += momentumSquared * v[i]
                    p[i] -= gradScale * g[i]
                }
            }
        }
        NDArray.byFloat(param.dtype, "NesterovAG", f32: step(Float.self), f64: step(Double.self))
    }
}

/// Nesterov's accelerated gradient: v ← momentum·v − lr·g;
/// p ← p + momentum²·v − (1 + momentum)·lr·g.
/// Chainer: `optimizers.NesterovAG(lr=0.01, momentum=0.9)`.
public final class NesterovAG: GradientMethod<MomentumHyperparameters> {
    /// An optimizer starting from these hyperparameters; each default is Chainer's.
    public init(lr: Double = 0.01, momentum: Double = 0.9) {
        super.init(MomentumHyperparameters(lr: lr, momentum: momentum))
    }

    public override func createUpdateRule() -> UpdateRule { NesterovAGRule(parent: hyperparam) }
}
