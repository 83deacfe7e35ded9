// The gradient of batch normalization as a node of its own: one fused kernel for the first
// order, a backward built from differentiable functions for the second.

/// Inputs x (outer, C, inner), γ (C), gy; outputs (gx, gγ, gβ) of batch normalization, with
/// x̂ = (x − μ) · s, s = 1/√(σ² + eps) and m elements per channel:
///
///     gβ = Σ gy,   gγ = Σ gy · x̂,   gx = γ · s · (gy − gβ/m − x̂ · gγ/m) = γ · P(gy)
///
/// where P is the (symmetric) Jacobian of x ↦ x̂ (`Standardization.pullback`).
final class BatchNormalizationGrad: FunctionNode {
    let layout: ChannelLayout
    let eps: Double
    let mean: NDArray
    let invStd: NDArray

    init(layout: ChannelLayout, eps: Double, mean: NDArray, invStd: NDArray) {
        self.layout = layout
        self.eps = eps
        self.mean = mean
        self.invStd = invStd
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        func run<T: NDFloat>(_ type: T.Type) -> [NDArray] { kernel(inputs[0], inputs[1], inputs[2], T.self) }
        return NDArray.byFloat(inputs[0].dtype, "batch_normalization", f32: run(Float.self), f64: run(Double.self))
    }

    /// With upstream gradients a = ggx, ggγ, ggβ and b = gy, the objective
    /// L = γ·⟨a, P(b)⟩ + ggγ·⟨b, x̂⟩ + ggβ·Σb (per channel) has the gradients
    ///
    ///     ∂L/∂gy = γ · P(a) + ggγ · x̂ + ggβ
    ///     ∂L/∂γ  = Q,  Q = Σ a · P(b)
    ///     ∂L/∂x  = −(γ s / m) · (Q · x̂ + Σ(b x̂) · P(a) + Σ(a x̂) · P(b)) + ggγ · P(b)
    ///
    /// (from ∂s/∂x = −s² x̂ / m and ∂⟨v, x̂⟩/∂x = P(v)), all built from differentiable functions.
    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let (x, gy) = (inputs[0], inputs[2])
        let gamma = F.reshape(inputs[1], [1, layout.channels, 1])
        let std = Standardization(x, axes: [0, 2], eps: eps)
        let pgy = std.pullback(gy)
        var gx: Variable?, ggamma: Variable?, ggy: Variable?
        func add(_ a: Variable?, _ b: Variable) -> Variable { a.map { $0 + b } ?? b }
        if let a = gradOutputs[0] {
            let pa = std.pullback(a)
            let q = std.total(a * pgy)
            let bxhat = std.total(gy * std.xhat), axhat = std.total(a * std.xhat)
            gx = -(gamma * std.invStd / Double(layout.batchCount)) * (q * std.xhat + bxhat * pa + axhat * pgy)
            ggamma = F.reshape(q, [layout.channels])
            ggy = gamma * pa
        }
        if let c = gradOutputs[1] {
            let c = F.reshape(c, [1, layout.channels, 1])
            gx = add(gx, c * pgy)
            ggy = add(ggy, c * std.xhat)
        }
        if let d = gradOutputs[2] {
            ggy = add(ggy, F.broadcastTo(F.reshape(d, [1, layout.channels, 1]), layout.view))
        }
        let grads = [gx, ggamma, ggy]
        return indexes.map { grads[$0] }
    }

    private func kernel<T: NDFloat>(_ x: NDArray, _ gamma: NDArray, _ gy: NDArray, _ type: T.Type) -> [NDArray] {
        let m = Double(layout.batchCount), inner = layout.inner
        let mu = mean.toArray(as: T.self), s = invStd.toArray(as: T.self), g = gamma.toArray(as: T.self)
        var gx = NDArray(uninitialized: x.shape, dtype: x.dtype)
        var gbeta: [Double] = [], ggamma: [Double] = []
        x.withUnsafeBufferPointer(as: T.self) { px in
            gy.withUnsafeBufferPointer(as: T.self) { pg in
                gbeta = layout.channelSums { _, i in Double(pg[i]) }
                ggamma = layout.channelSums { c, i in Double(pg[i]) * Double((px[i] - mu[c]) * s[c]) }
                let scale = (0..<layout.channels).map { g[$0] * s[$0] }
                let meanGy = gbeta.map { T($0 / m) }, meanGyXhat = ggamma.map { T($0 / m) }
                gx.withUnsafeMutableBufferPointer(as: T.self) { po in
                    layout.forEachRun { c, base in
                        let (mu, s, scale, a, b) = (mu[c], s[c], scale[c], meanGy[c], meanGyXhat[c])
                        for i in base ..< base + inner { po[i] = scale * (pg[i] - a - (px[i] - mu) * s * b) }
                    }
                }
            }
        }
        return [gx, NDArray(ggamma.map { T($0) }, shape: [layout.channels]),
                NDArray(gbeta.map { T($0) }, shape: [layout.channels])]
    }
}
