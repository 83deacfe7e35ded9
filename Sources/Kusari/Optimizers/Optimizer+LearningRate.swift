// The effective learning rate of an optimizer, as Chainer's `optimizer.lr` reads it.

extension Optimizer {
    /// The learning rate the optimizer applies now. Chainer: `optimizer.lr`.
    ///
    /// - SGD, MomentumSGD, NesterovAG, AdaGrad, RMSprop: `lr`.
    /// - Adam, AdamW: the bias-corrected step alpha·√(1 − beta2ᵗ) / (1 − beta1ᵗ) at the
    ///   optimizer's step t (`alphaT`, Chainer's `Adam.lr`); nil before the first update,
    ///   where Chainer raises because it is undefined.
    /// - AdaDelta, and optimizers this extension does not know: nil (they have no learning rate).
    public var learningRate: Double? {
        switch self {
        case let sgd as GradientMethod<SGDHyperparameters>: sgd.lr
        case let momentum as GradientMethod<MomentumHyperparameters>: momentum.lr
        case let adagrad as GradientMethod<AdaGradHyperparameters>: adagrad.lr
        case let rmsprop as GradientMethod<RMSpropHyperparameters>: rmsprop.lr
        case let adam as GradientMethod<AdamHyperparameters>: t > 0 ? adam.hyperparam.values.alphaT(t) : nil
        default: nil
        }
    }
}
