// Stochastic gradient descent. Chainer: `optimizers.SGD`.

/// SGD's hyperparameters, with Chainer's default.
public struct SGDHyperparameters: Sendable {
    /// The learning rate. Chainer default: 0.01.
    public var lr: Double
    /// The given values; each default is Chainer's.
    public init(lr: Double = 0.01) { self.lr = lr }
}

/// The SGD step of one parameter: p ← p − lr·g. Chainer: `SGDRule`.
public final class SGDRule: UpdateRule {
    /// This parameter's hyperparameters; unset fields follow the optimizer's.
    public let hyperparam: Hyperparameter<SGDHyperparameters>

    /// A rule whose unset hyperparameters follow `parent` (the optimizer's `hyperparam`).
    public init(parent: Hyperparameter<SGDHyperparameters>) {
        hyperparam = Hyperparameter(parent: parent)
    }

    public override func updateCore(_ param: Parameter, grad: NDArray) {
        let hp = hyperparam.values
        func step<T: NDFloat>(_: T.Type) {
            let lr = T(hp.lr)
            withBuffers(as: T.self, param, grad) { p, g, _ in
                for i in p.indices { p[i] -= lr * g[i] }
            }
        }
        NDArray.byFloat(param.dtype, "SGD", f32: step(Float.self), f64: step(Double.self))
    }
}

/// Plain stochastic gradient descent: p ← p − lr·g. Chainer: `optimizers.SGD(lr=0.01)`.
public final class SGD: GradientMethod<SGDHyperparameters> {
    /// An optimizer starting from these hyperparameters; each default is Chainer's.
    public init(lr: Double = 0.01) { super.init(SGDHyperparameters(lr: lr)) }

    public override func createUpdateRule() -> UpdateRule { SGDRule(parent: hyperparam) }
}
