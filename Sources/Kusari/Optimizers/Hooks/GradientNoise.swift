// Annealed Gaussian gradient noise. Chainer: `optimizer_hooks.GradientNoise`.
import Foundation

/// Adds noise to each gradient: g ← g + noise, where `noise` is drawn by `noiseFunction`.
/// The default, `exponentialDecayNoise`, draws N(0, σ²) with σ = √(eta / (1 + t)^0.55) and t
/// the rule's update count before this step (Neelakantan et al., "Adding Gradient Noise
/// Improves Learning for Very Deep Networks"; Chainer recommends eta in {0.01, 0.3, 1.0}).
/// Runs per parameter; Chainer: `optimizer_hooks.GradientNoise(eta, noise_func)`, timing 'pre'.
///
/// The default draws come from `stream`, a Philox stream the hook owns: `RandomStream(seed:)`
/// when a `seed` is given, else `RandomState.nextStream("gradient_noise")` taken at init, so
/// `Kusari.seed(_:)` fixes the noise of every hook created after it.
public final class GradientNoise: UpdateRuleHook {
    /// Makes the noise array for one gradient: (shape, dtype, hook, rule) → noise.
    /// Chainer: `noise_func(xp, shape, dtype, hook, opt)`.
    public typealias NoiseFunction = (_ shape: [Int], _ dtype: DType, _ hook: GradientNoise, _ rule: UpdateRule) -> NDArray

    /// The noise scale.
    public var eta: Double
    /// Draws the noise added to a gradient.
    public var noiseFunction: NoiseFunction
    public var name: String { "GradientNoise" }
    /// The stream the default noise is drawn from; each draw advances it.
    public var stream: RandomStream

    /// Noise of scale `eta`, drawn from `RandomStream(seed: seed)`, or from the global random
    /// state's next "gradient_noise" stream when `seed` is nil.
    public init(eta: Double, seed: UInt64? = nil, noiseFunction: @escaping NoiseFunction = GradientNoise.exponentialDecayNoise) {
        self.eta = eta
        self.noiseFunction = noiseFunction
        stream = seed.map { RandomStream(seed: $0) } ?? RandomState.nextStream("gradient_noise")
    }

    public func callAsFunction(_ rule: UpdateRule, _ param: Parameter) {
        guard param.isInitialized, param.grad != nil else { return }
        let noise = noiseFunction(param.shape, param.dtype, self, rule)
        precondition(noise.shape == param.shape && noise.dtype == param.dtype,
                     "GradientNoise: noise is \(NDArray.format(noise.shape)) \(noise.dtype), "
                        + "the gradient is \(NDArray.format(param.shape)) \(param.dtype)")
        func run<T: NDFloat>(_: T.Type) {
            noise.withUnsafeBufferPointer(as: T.self) { n in
                param.withMutableGrad(as: T.self) { g, _ in
                    for i in g.indices { g[i] += n[i] }
                }
            }
        }
        NDArray.byFloat(param.dtype, "GradientNoise", f32: run(Float.self), f64: run(Double.self))
    }

    /// N(0, σ²) noise with σ = √(hook.eta / (1 + rule.t)^0.55), drawn in `dtype` from the
    /// hook's `stream`. Chainer: `exponential_decay_noise`.
    public static func exponentialDecayNoise(_ shape: [Int], _ dtype: DType, _ hook: GradientNoise, _ rule: UpdateRule) -> NDArray {
        let std = (hook.eta / pow(1 + Double(rule.t), 0.55)).squareRoot()
        return hook.stream.normal(shape, std: std, dtype: dtype)
    }
}
