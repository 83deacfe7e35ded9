// Chainer's `L.LayerNormalization`: layer normalization with a learned scale and shift.

/// y = γ · x̂ + β with x̂ each row of x (N, C) standardized (`F.layerNormalization`).
/// Chainer: `L.LayerNormalization(size=None, eps=1e-6, initial_gamma=1, initial_beta=0)` —
/// the link's eps is 1e-6 while the function's default is 1e-5, as in Chainer. With `size`
/// nil, γ and β are created at the first call from x's size per sample.
public final class LayerNormalization: Link, UnaryLink {
    public let gamma: Parameter
    public let beta: Parameter
    /// Added to the variance before the square root.
    public var eps: Double

    public init(_ size: Int? = nil, eps: Double = 1e-6, dtype: DType = .float32,
                initialGamma: Initializer = One(), initialBeta: Initializer = Zero()) {
        gamma = Parameter(initializer: initialGamma, shape: size.map { [$0] }, dtype: dtype)
        beta = Parameter(initializer: initialBeta, shape: size.map { [$0] }, dtype: dtype)
        self.eps = eps
        super.init()
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        let units = x.shape.dropFirst().reduce(1, *)
        if !gamma.isInitialized { gamma.initialize([units]) }
        if !beta.isInitialized { beta.initialize([units]) }
        return F.layerNormalization(x, gamma, beta, eps: eps)
    }
}
