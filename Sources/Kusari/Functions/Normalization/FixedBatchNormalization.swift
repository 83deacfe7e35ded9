// Batch normalization with given statistics: the test-mode form of the BatchNormalization link.

extension F {
    /// y = γ · (x − mean) / √(var + eps) + β with fixed per-channel statistics. Chainer:
    /// `F.fixed_batch_normalization(x, gamma, beta, mean, var, eps=2e-5, axis=None)`.
    ///
    /// Channels and `axes` are as in `batchNormalization`; gamma, beta, mean and var share one
    /// shape. Differentiable (twice) in all five inputs.
    public static func fixedBatchNormalization(
        _ x: Variable, _ gamma: Variable, _ beta: Variable, _ mean: Variable, _ variance: Variable,
        eps: Double = 2e-5, axes: [Int]? = nil
    ) -> Variable {
        let layout = ChannelLayout.of("fixed_batch_normalization", x: x.array, gamma: gamma.array,
                                      [("beta", beta.array), ("mean", mean.array), ("var", variance.array)], axes: axes)
        let c = [layout.channels]
        let y = FixedBatchNormalization(layout: layout, eps: eps)
            .apply(reshape(x, layout.view), reshape(gamma, c), reshape(beta, c), reshape(mean, c), reshape(variance, c))
        return reshape(y, x.shape)
    }
}

/// Inputs x (outer, C, inner), γ, β, μ, σ² (C). With s = (σ² + eps)^(−1/2) and
/// x̂ = (x − μ) · s:
///
///     gx = gy · γ s,   gγ = Σ gy · x̂,   gβ = Σ gy,   gμ = −Σ gy · γ s,   gσ² = −½ γ s² · gγ
final class FixedBatchNormalization: FunctionNode {
    let layout: ChannelLayout
    let eps: Double

    init(layout: ChannelLayout, eps: Double) {
        self.layout = layout
        self.eps = eps
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        func run<T: NDFloat>(_ type: T.Type) -> NDArray { kernel(inputs, T.self) }
        return [NDArray.byFloat(inputs[0].dtype, "fixed_batch_normalization", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        let perChannel = [1, layout.channels, 1]
        func channel(_ v: Variable) -> Variable { F.reshape(v, perChannel) }
        func total(_ v: Variable) -> Variable { F.reshape(F.sum(v, axes: [0, 2]), [layout.channels]) }
        let (x, gamma, mean) = (inputs[0], channel(inputs[1]), channel(inputs[3]))
        let s = F.rsqrt(channel(inputs[4]) + eps)
        let gammaS = gamma * s
        let gx = gy * gammaS
        let ggamma = total(gy * ((x - mean) * s))
        return indexes.map { index -> Variable in
            switch index {
            case 0: gx
            case 1: ggamma
            case 2: total(gy)
            case 3: -total(gx)
            default: F.reshape(gammaS * s, [layout.channels]) * ggamma * -0.5
            }
        }
    }

    /// y = x · (γ s) + (β − μ γ s), one pass.
    private func kernel<T: NDFloat>(_ inputs: [NDArray], _ type: T.Type) -> NDArray {
        let x = inputs[0], inner = layout.inner
        let g = inputs[1].toArray(as: T.self), b = inputs[2].toArray(as: T.self)
        let mu = inputs[3].toArray(as: T.self), sigma2 = inputs[4].toArray(as: T.self)
        let scale = (0..<layout.channels).map { g[$0] / (sigma2[$0] + T(eps)).squareRoot() }
        let shift = (0..<layout.channels).map { b[$0] - mu[$0] * scale[$0] }
        var y = NDArray(uninitialized: x.shape, dtype: x.dtype)
        x.withUnsafeBufferPointer(as: T.self) { px in
            y.withUnsafeMutableBufferPointer(as: T.self) { py in
                layout.forEachRun { c, base in
                    let (scale, shift) = (scale[c], shift[c])
                    for i in base ..< base + inner { py[i] = px[i] * scale + shift }
                }
            }
        }
        return y
    }
}
