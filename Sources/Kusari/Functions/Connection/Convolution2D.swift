// Two-dimensional convolution (Chainer's `F.convolution_2d`), and the geometry and GEMM
// plumbing it shares with its transpose and its weight gradient.

extension F {
    /// The 2-D convolution of x (N, C, H, W) with filters W (O, C/groups, kh, kw), plus b (O,):
    ///
    ///     y[n, o, oy, ox] = b[o] + Σ over c, j, i of
    ///                       W[o, c, j, i] · x[n, g·C/groups + c, oy·sy − ph + j·dy, ox·sx − pw + i·dx]
    ///
    /// where g = o / (O/groups) is o's group and inputs outside the image are zero. The output
    /// is (N, O, outH, outW) with outH = ⌊(H + 2ph − dkh) / sy⌋ + 1 (dkh = kh + (kh − 1)(dy − 1)),
    /// and with `coverAll` the extra windows that cover every input pixel. Chainer:
    /// `F.convolution_2d(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1)`.
    /// Computed as im2col and one matrix product per image and group (`NDArray.convolution2D`);
    /// the gradient with respect to x is `deconvolution2D` and with respect to W
    /// `Convolution2DGradW`, so it can be differentiated again.
    public static func convolution2D(
        _ x: Variable, _ W: Variable, _ b: Variable? = nil,
        stride: Pair = 1, pad: Pair = 0, coverAll: Bool = false, dilate: Pair = 1, groups: Int = 1
    ) -> Variable {
        let geometry = ConvolutionGeometry(stride: stride, pad: pad, dilate: dilate, groups: groups)
        return Convolution2DFunction(geometry, coverAll: coverAll).apply(b.map { [x, W, $0] } ?? [x, W])[0]
    }
}

final class Convolution2DFunction: FunctionNode {
    let geometry: ConvolutionGeometry
    let coverAll: Bool

    init(_ geometry: ConvolutionGeometry, coverAll: Bool) {
        self.geometry = geometry
        self.coverAll = coverAll
    }

    override var label: String { "convolution_2d" }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let (x, W) = (inputs[0], inputs[1])
        try geometry.checkOperands(x, W, label)
        let groups = geometry.groups
        guard x.shape[1] == W.shape[1] * groups else {
            throw ShapeError("\(label): x.shape[1] == W.shape[1] * groups, actual \(x.shape[1]) != \(W.shape[1] * groups)")
        }
        guard W.shape[0] % groups == 0 else {
            throw ShapeError("\(label): W.shape[0] % groups == 0, actual \(W.shape[0]) % \(groups) != 0")
        }
        if inputs.count == 3 { try geometry.checkBias(inputs[2], x, channels: W.shape[0], label) }
        let size = geometry.outputSize(h: x.shape[2], w: x.shape[3], kh: W.shape[2], kw: W.shape[3], coverAll: coverAll)
        guard size.h > 0 && size.w > 0 else {
            throw ShapeError("\(label): output size must be positive, actual \(size) for input (\(x.shape[2]), \(x.shape[3])) "
                                 + "and kernel (\(W.shape[2]), \(W.shape[3]))")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        [NDArray.convolution2D(inputs[0], inputs[1], bias: inputs.count == 3 ? inputs[2] : nil, geometry.options,
                               coverAll: coverAll)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        let (x, W) = (inputs[0], inputs[1])
        let g = geometry
        return indexes.map { index in
            switch index {
            case 0:
                F.deconvolution2D(gy, W, stride: g.stride, pad: g.pad, outsize: Pair(x.shape[2], x.shape[3]),
                                  dilate: g.dilate, groups: g.groups)
            case 1:
                Convolution2DGradW(g, kernel: Pair(W.shape[2], W.shape[3]), coverAll: coverAll).apply(x, gy)
            default: F.sum(gy, axes: [0, 2, 3])
            }
        }
    }
}

/// Stride, padding, dilation and groups of a 2-D convolution: what the convolution, its
/// transpose (deconvolution) and its weight gradient share.
struct ConvolutionGeometry {
    let stride: Pair
    let pad: Pair
    let dilate: Pair
    let groups: Int

    init(stride: Pair, pad: Pair, dilate: Pair, groups: Int) {
        precondition(stride.h >= 1 && stride.w >= 1 && dilate.h >= 1 && dilate.w >= 1 && pad.h >= 0 && pad.w >= 0
                         && groups >= 1,
                     "convolution: stride, dilate and groups must be positive and pad non-negative, got "
                         + "stride \(stride), pad \(pad), dilate \(dilate), groups \(groups)")
        (self.stride, self.pad, self.dilate, self.groups) = (stride, pad, dilate, groups)
    }

    /// The convolution's output size for an h × w input and a kh × kw kernel
    /// (Chainer's `get_conv_outsize`); zero or less when the input is too small.
    func outputSize(h: Int, w: Int, kh: Int, kw: Int, coverAll: Bool) -> Pair {
        Pair(convOutSize(size: h, k: kh, s: stride.h, p: pad.h, coverAll: coverAll, d: dilate.h),
             convOutSize(size: w, k: kw, s: stride.w, p: pad.w, coverAll: coverAll, d: dilate.w))
    }

    /// The checks every node makes of its two 4-d float operands of one dtype (x and W for
    /// the convolutions, x and gy for the weight gradient).
    func checkOperands(_ a: NDArray, _ b: NDArray, _ function: String, names: (String, String) = ("x", "W")) throws(ShapeError) {
        guard a.dtype.isFloatingPoint else { throw ShapeError("\(function): \(names.0).dtype.kind == 'f', actual \(a.dtype)") }
        guard b.dtype == a.dtype else {
            throw ShapeError("\(function): \(names.1).dtype == \(names.0).dtype, actual \(b.dtype) != \(a.dtype)")
        }
        guard a.ndim == 4 else { throw ShapeError("\(function): \(names.0).ndim == 4, actual \(a.ndim)") }
        guard b.ndim == 4 else { throw ShapeError("\(function): \(names.1).ndim == 4, actual \(b.ndim)") }
    }

    /// The check of a bias for `channels` output channels.
    func checkBias(_ b: NDArray, _ x: NDArray, channels: Int, _ function: String) throws(ShapeError) {
        guard b.dtype == x.dtype else { throw ShapeError("\(function): b.dtype == x.dtype, actual \(b.dtype) != \(x.dtype)") }
        guard b.ndim == 1, b.shape[0] == channels else {
            throw ShapeError("\(function): b.shape == (\(channels),), actual \(NDArray.format(b.shape))")
        }
    }

    /// The same settings as the array layer takes them.
    var options: Convolution2DOptions {
        Convolution2DOptions(sy: stride.h, sx: stride.w, ph: pad.h, pw: pad.w, dy: dilate.h, dx: dilate.w, groups: groups)
    }
}
