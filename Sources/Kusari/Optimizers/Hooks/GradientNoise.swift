// Annealed Gaussian gradient noise. Chainer: `optimizer_hooks.GradientNoise`.
import Foundation

/// Adds noise to each gradient: g ← g + noise, where `noise` is drawn by `noiseFunction`.
/// The default, `exponentialDecayNoise`, draws N(0, σ²) with σ = √(eta / (1 + t)^0.55) and t
/// the rule's update count before this step (Neelakantan et al., "Adding Gradient Noise
/// Improves Learning for Very Deep Networks"; Chainer recommends eta in {0.01, 0.3, 1.0}).
/// Runs per parameter; Chainer: `optimizer_hooks.GradientNoise(eta, noise_func)`, timing 'pre'.
///
/// The default draws come from a generator owned by the hook and seeded by `seed`, so a run
/// is reproducible; it is a stand-in until Kusari's Philox streams serve this hook.
public final class GradientNoise: UpdateRuleHook {
    /// Makes the noise array for one gradient: (shape, dtype, hook, rule) → noise.
    /// Chainer: `noise_func(xp, shape, dtype, hook, opt)`.
    public typealias NoiseFunction = (_ shape: [Int], _ dtype: DType, _ hook: GradientNoise, _ rule: UpdateRule) -> NDArray

    /// The noise scale.
    public var eta: Double
    /// Draws the noise added to a gradient.
    public var noiseFunction: NoiseFunction
    public var name: String { "GradientNoise" }
    private var normal: NormalStream

    /// Noise of scale `eta`; `seed` starts the default generator's stream.
    public init(eta: Double, seed: UInt64 = 0, noiseFunction: @escaping NoiseFunction = GradientNoise.exponentialDecayNoise) {
        self.eta = eta
        self.noiseFunction = noiseFunction
        normal = NormalStream(seed: seed)
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

    /// N(0, σ²) noise with σ = √(hook.eta / (1 + rule.t)^0.55), from the hook's own generator.
    /// Chainer: `exponential_decay_noise`.
    public static func exponentialDecayNoise(_ shape: [Int], _ dtype: DType, _ hook: GradientNoise, _ rule: UpdateRule) -> NDArray {
        let std = (hook.eta / pow(1 + Double(rule.t), 0.55)).squareRoot()
        let count = shape.reduce(1, *)
        var values = [Double](repeating: 0, count: count)
        for i in 0..<count { values[i] = std * hook.normal.next() }
        return NDArray(values, shape: shape).astype(dtype)
    }
}

/// Standard normal draws: SplitMix64 uniforms through the Box–Muller transform.
private struct NormalStream {
    private var state: UInt64
    private var spare: Double?

    init(seed: UInt64) { state = seed }

    mutating func next() -> Double {
        if let spare {
            self.spare = nil
            return spare
        }
        // u1 in (0, 1] keeps the logarithm finite.
        let u1 = Double((uniformBits() >> 11) + 1) * 0x1p-53
        let u2 = Double(uniformBits() >> 11) * 0x1p-53
        let radius = (-2 * log(u1)).squareRoot()
        spare = radius * sin(2 * Double.pi * u2)
        return radius * cos(2 * Double.pi * u2)
    }

    private mutating func uniformBits() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
