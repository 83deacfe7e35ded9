// Two-dimensional deconvolution, the transpose of convolution (Chainer's `F.deconvolution_2d`).

extension F {
    /// The transposed 2-D convolution of x (N, C, h, w) with filters W (C, O/groups, kh, kw),
    /// plus b (O,): every input pixel scatters W-weighted copies into the output,
    ///
    ///     y[n, g·O/groups + o, r, q] = b[·] + Σ x[n, c, iy, ix] · W[c, o, j, i]
    ///         over c in group g and iy·sy − ph + j·dy = r, ix·sx − pw + i·dx = q,
    ///
    /// which is the gradient of `convolution2D` with respect to its input. The output is
    /// (N, O, outH, outW) with `outsize` when given, else Chainer's `get_deconv_outsize`:
    /// outH = sy·(h − 1) + dkh − 2ph, with dkh = kh + (kh − 1)(dy − 1). A given `outsize` must be
    /// one whose convolution gives back h × w (with or without cover_all). Chainer:
    /// `F.deconvolution_2d(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1)`.
    public static func deconvolution2D(
        _ x: Variable, _ W: Variable, _ b: Variable? = nil,
        stride: Pair = 1, pad: Pair = 0, outsize: Pair? = nil, dilate: Pair = 1, groups: Int = 1
    ) -> Variable {
        let geometry = ConvolutionGeometry(stride: stride, pad: pad, dilate: dilate, groups: groups)
        return Deconvolution2DFunction(geometry, outsize: outsize).apply(b.map { [x, W, $0] } ?? [x, W])[0]
    }
}

final class Deconvolution2DFunction: FunctionNode {
    let geometry: ConvolutionGeometry
    let outsize: Pair?

    init(_ geometry: ConvolutionGeometry, outsize: Pair?) {
        self.geometry = geometry
        self.outsize = outsize
    }

    override var label: String { "deconvolution_2d" }

    /// The output size for an h × w input and a kh × kw kernel.
    func outputSize(h: Int, w: Int, kh: Int, kw: Int) -> Pair {
        func size(_ n: Int, _ k: Int, _ s: Int, _ p: Int, _ d: Int) -> Int { s * (n - 1) + k + (k - 1) * (d - 1) - 2 * p }
        let g = geometry
        return outsize ?? Pair(size(h, kh, g.stride.h, g.pad.h, g.dilate.h), size(w, kw, g.stride.w, g.pad.w, g.dilate.w))
    }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let (x, W) = (inputs[0], inputs[1])
        try geometry.checkOperands(x, W, label)
        let groups = geometry.groups
        guard x.shape[1] == W.shape[0] else {
            throw ShapeError("\(label): x.shape[1] == W.shape[0], actual \(x.shape[1]) != \(W.shape[0])")
        }
        guard W.shape[0] % groups == 0 else {
            throw ShapeError("\(label): W.shape[0] % groups == 0, actual \(W.shape[0]) % \(groups) != 0")
        }
        if inputs.count == 3 { try geometry.checkBias(inputs[2], x, channels: W.shape[1] * groups, label) }
        let (kh, kw) = (W.shape[2], W.shape[3])
        let size = outputSize(h: x.shape[2], w: x.shape[3], kh: kh, kw: kw)
        guard size.h > 0 && size.w > 0 else {
            throw ShapeError("\(label): output size must be positive, actual \(size) for input (\(x.shape[2]), \(x.shape[3])) "
                                 + "and kernel (\(kh), \(kw))")
        }
        let tight = geometry.outputSize(h: size.h, w: size.w, kh: kh, kw: kw, coverAll: false)
        let covered = geometry.outputSize(h: size.h, w: size.w, kh: kh, kw: kw, coverAll: true)
        guard tight.h <= x.shape[2], x.shape[2] <= covered.h, tight.w <= x.shape[3], x.shape[3] <= covered.w else {
            throw ShapeError("\(label): outsize \(size) must give back x's size by convolution, "
                                 + "\(tight) <= (x.shape[2], x.shape[3]) <= \(covered), actual (\(x.shape[2]), \(x.shape[3]))")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let (x, W) = (inputs[0], inputs[1])
        let size = outputSize(h: x.shape[2], w: x.shape[3], kh: W.shape[2], kw: W.shape[3])
        return [NDArray.deconvolution2D(x, W, bias: inputs.count == 3 ? inputs[2] : nil, geometry.options,
                                        outH: size.h, outW: size.w)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        let (x, W) = (inputs[0], inputs[1])
        let g = geometry
        // The convolution that maps y's size back to x's needs cover_all exactly when the
        // plain one falls short (Chainer's `_set_cover_all`).
        let tight = g.outputSize(h: gy.shape[2], w: gy.shape[3], kh: W.shape[2], kw: W.shape[3], coverAll: false)
        let coverAll = tight != Pair(x.shape[2], x.shape[3])
        return indexes.map { index in
            switch index {
            case 0: F.convolution2D(gy, W, stride: g.stride, pad: g.pad, coverAll: coverAll, dilate: g.dilate, groups: g.groups)
            case 1: Convolution2DGradW(g, kernel: Pair(W.shape[2], W.shape[3]), coverAll: coverAll).apply(gy, x)
            default: F.sum(gy, axes: [0, 2, 3])
            }
        }
    }
}
