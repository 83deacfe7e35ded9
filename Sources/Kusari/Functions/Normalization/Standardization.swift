// The standardized input x̂ of the normalization functions as a differentiable graph, and the
// gradient of x ↦ x̂, which their backward passes share.

/// x̂ = (x − μ) · s over `axes`, with μ the mean, σ² the biased variance and
/// s = (σ² + eps)^(−1/2), built from differentiable functions so that gradients built on it
/// can be differentiated again. μ and s keep the reduced axes as 1.
struct Standardization {
    let xhat: Variable
    let invStd: Variable
    let axes: [Int]
    /// The number of elements each statistic is taken over.
    let count: Int

    init(_ x: Variable, axes: [Int], eps: Double) {
        self.axes = axes
        count = axes.reduce(1) { $0 * x.shape[$1] }
        let centered = x - F.mean(x, axes: axes, keepdims: true)
        invStd = F.rsqrt(F.mean(centered * centered, axes: axes, keepdims: true) + eps)
        xhat = centered * invStd
    }

    /// Σ v over the axes, kept as 1.
    func total(_ v: Variable) -> Variable { F.sum(v, axes: axes, keepdims: true) }

    /// The gradient of x ↦ x̂ against v: P(v) = s · (v − mean(v) − x̂ · mean(v · x̂)). The
    /// Jacobian s · (I − 11ᵀ/m − x̂x̂ᵀ/m) is symmetric, so P is also the Jacobian itself.
    func pullback(_ v: Variable) -> Variable {
        let m = Double(count)
        return invStd * (v - total(v) / m - xhat * (total(v * xhat) / m))
    }
}
