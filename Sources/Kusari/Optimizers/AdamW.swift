// Adam with decoupled weight decay, named as in Chainer 7: `optimizers.AdamW`.

/// Adam with decoupled weight decay (Loshchilov & Hutter): the same step as `Adam`, with
/// p ← p − eta·(alphaT·m / (√v + eps) + weightDecayRate·p). Chainer: `optimizers.AdamW(
/// alpha=0.001, beta1=0.9, beta2=0.999, eps=1e-8, eta=1.0, weight_decay_rate=0)`.
public final class AdamW: Adam {
    /// An AdamW optimizer; each default is Chainer's.
    public init(alpha: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8,
                eta: Double = 1.0, weightDecayRate: Double = 0) {
        super.init(alpha: alpha, beta1: beta1, beta2: beta2, eps: eps, eta: eta, weightDecayRate: weightDecayRate)
    }
}
