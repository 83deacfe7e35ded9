// Stochastic gradient descent with classical momentum. Chainer: `optimizers.MomentumSGD`.

/// The hyperparameters of MomentumSGD and NesterovAG, with Chainer's defaults (the same
/// for both).
public struct MomentumHyperparameters: Sendable {
    /// The learning rate. Chainer default: 0.01.
    public var lr: Double
    /// The momentum coefficient. Chainer default: 0.9.
    public var momentum: Double
    /// The given values; each default is Chainer's.
    public init(lr: Double = 0.01, momentum: Double = 0.9) {
        self.lr = lr
        self.momentum = momentum
    }
}

/// The momentum step of one parameter: v ← momentum·v − lr·g; p ← p + v.
/// State: `"v"` (the velocity, zeros at first). Chainer: `MomentumSGDRule`.
public final class MomentumSGDRule: UpdateRule {
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
            withBuffers(as: T.self, param, grad, states: ["v"]) { p, g, s in
                let v = s[0]
                for i in p.indices {
                    v[i] = momentum * v[i] - lr * g[i]
                    p[i] += v[i]
                }
            }
        }
        NDArray.byFloat(param.dtype, "MomentumSGD", f32: step(Float.self), f64: step(Double.self))
    }
}

/// SGD with classical momentum: v ← momentum·v − lr·g; p ← p + v.
/// Chainer: `optimizers.MomentumSGD(lr=0.01, momentum=0.9)`.
public final class MomentumSGD: GradientMethod<MomentumHyperparameters> {
    /// An optimizer starting from these hyperparameters; each default is Chainer's.
    public init(lr: Double = 0.01, momentum: Double = 0.9) {
        super.init(MomentumHyperparameters(lr: lr, momentum: momentum))
    }

    public override func createUpdateRule() -> UpdateRule { MomentumSGDRule(parent: hyperparam) }
}
