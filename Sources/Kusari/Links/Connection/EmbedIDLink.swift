// Chainer's `L.EmbedID`: a learned lookup table of word vectors.

/// y = embedID(x, W): the rows of W (inSize, outSize) named by the ids in x; ids equal to
/// `ignoreLabel` give zero vectors. W defaults to N(0, 1), Chainer's `initializers.Normal(1.0)`
/// for this link. Chainer: `L.EmbedID(in_size, out_size, initialW=None, ignore_label=None)`.
public final class EmbedID: Link, UnaryLink {
    public let W: Parameter
    public let ignoreLabel: Int?

    public init(_ inSize: Int, _ outSize: Int, initialW: Initializer = Normal(scale: 1), ignoreLabel: Int? = nil) {
        W = Parameter(initializer: initialW, shape: [inSize, outSize])
        self.ignoreLabel = ignoreLabel
        super.init()
    }

    public func callAsFunction(_ x: Variable) -> Variable { F.embedID(x, W, ignoreLabel: ignoreLabel) }
}
