// Chainer's `L.Convolution2D`: a 2-D convolution layer.

/// y = convolution2D(x, W, b) with filters W (out, in/groups, kh, kw) and bias b (out,).
///
/// W defaults to `LeCunNormal()` and b to zeros, as in Chainer. With `inChannels` nil, W is
/// created at the first call from x.shape[1] (Chainer's `L.Convolution2D(None, out, k)`).
/// Chainer: `L.Convolution2D(in_channels, out_channels, ksize, stride=1, pad=0, nobias=False,
/// initialW=None, initial_bias=None, dilate=1, groups=1)`.
public final class Convolution2D: Link, UnaryLink {
    public let W: Parameter
    public let b: Parameter?
    public let outChannels: Int
    public let ksize: Pair
    public let stride: Pair
    public let pad: Pair
    public let dilate: Pair
    public let groups: Int

    public init(_ inChannels: Int?, _ outChannels: Int, ksize: Pair, stride: Pair = 1, pad: Pair = 0,
                nobias: Bool = false, initialW: Initializer = LeCunNormal(), initialBias: Initializer = Zero(),
                dilate: Pair = 1, groups: Int = 1) {
        precondition(groups >= 1 && outChannels % groups == 0 && (inChannels ?? 0) % groups == 0,
                     "Convolution2D: channels must be divisible by groups, got in \(inChannels.map(String.init) ?? "nil"), "
                         + "out \(outChannels), groups \(groups)")
        (self.outChannels, self.ksize, self.stride, self.pad, self.dilate, self.groups) =
            (outChannels, ksize, stride, pad, dilate, groups)
        W = Parameter(initializer: initialW, shape: inChannels.map { [outChannels, $0 / groups, ksize.h, ksize.w] })
        b = nobias ? nil : Parameter(initializer: initialBias, shape: [outChannels])
        super.init()
    }

    /// A layer whose input channels are taken from the first input. Chainer:
    /// `L.Convolution2D(out_channels, ksize)`.
    public convenience init(_ outChannels: Int, ksize: Pair, stride: Pair = 1, pad: Pair = 0, nobias: Bool = false,
                            initialW: Initializer = LeCunNormal(), initialBias: Initializer = Zero(),
                            dilate: Pair = 1, groups: Int = 1) {
        self.init(nil, outChannels, ksize: ksize, stride: stride, pad: pad, nobias: nobias, initialW: initialW,
                  initialBias: initialBias, dilate: dilate, groups: groups)
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        if !W.isInitialized && x.ndim == 4 { W.initialize([outChannels, x.shape[1] / groups, ksize.h, ksize.w]) }
        return F.convolution2D(x, W, b, stride: stride, pad: pad, dilate: dilate, groups: groups)
    }
}
