// Chainer's `L.Linear`: a fully connected layer.

/// y = x·Wᵀ + b, with x flattened to (N, −1).
///
/// W (out, in) defaults to `LeCunNormal()` and b to zeros, as in Chainer. With `inSize`
/// nil, W is created at the first call from x's size (Chainer's `L.Linear(None, out)`).
public final class Linear: Link, UnaryLink {
    public let W: Parameter
    public let b: Parameter?
    public let outSize: Int

    public init(_ inSize: Int?, _ outSize: Int, nobias: Bool = false,
                initialW: Initializer = LeCunNormal(), initialBias: Initializer = Zero()) {
        self.outSize = outSize
        W = Parameter(initializer: initialW, shape: inSize.map { [outSize, $0] })
        b = nobias ? nil : Parameter(initializer: initialBias, shape: [outSize])
        super.init()
    }

    /// A layer whose input size is taken from the first input. Chainer: `L.Linear(out)`.
    public convenience init(_ outSize: Int) { self.init(nil, outSize) }

    public func callAsFunction(_ x: Variable) -> Variable {
        if !W.isInitialized { W.initialize([outSize, x.count / max(x.shape.first ?? 1, 1)]) }
        return F.linear(x, W, b)
    }
}
