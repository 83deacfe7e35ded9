// The gradient of a 2-D convolution with respect to its filters, as a node of its own so that
// it can be differentiated again (Chainer's `Convolution2DGradW`).

/// gW[o, c, j, i] = Σ over n, oy, ox of gy[n, o, oy, ox] · x[n, g·C/groups + c, oy·sy − ph + j·dy, ox·sx − pw + i·dx]
/// for inputs (x, gy); the output has the filter shape (O, C/groups, kh, kw). It is linear in
/// each input, so its gradients are a deconvolution (for x) and a convolution (for gy) of ggW.
final class Convolution2DGradW: FunctionNode {
    let geometry: ConvolutionGeometry
    let kernel: Pair
    let coverAll: Bool

    init(_ geometry: ConvolutionGeometry, kernel: Pair, coverAll: Bool) {
        self.geometry = geometry
        self.kernel = kernel
        self.coverAll = coverAll
    }

    override var label: String { "convolution_2d_grad_w" }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let (x, gy) = (inputs[0], inputs[1])
        try geometry.checkOperands(x, gy, label, names: ("x", "gy"))
        let size = geometry.outputSize(h: x.shape[2], w: x.shape[3], kh: kernel.h, kw: kernel.w, coverAll: coverAll)
        guard gy.shape[0] == x.shape[0], gy.shape[1] % geometry.groups == 0, x.shape[1] % geometry.groups == 0,
              Pair(gy.shape[2], gy.shape[3]) == size else {
            throw ShapeError("\(label): gy.shape == (\(x.shape[0]), O, \(size.h), \(size.w)) with O and x.shape[1] "
                                 + "divisible by groups \(geometry.groups), actual \(NDArray.format(gy.shape)) "
                                 + "for x \(NDArray.format(x.shape))")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        [NDArray.convolution2DGradW(inputs[0], inputs[1], kh: kernel.h, kw: kernel.w, geometry.options, coverAll: coverAll)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let ggW = gradOutputs[0]!
        let (x, gy) = (inputs[0], inputs[1])
        let g = geometry
        return indexes.map { index in
            index == 0
                ? F.deconvolution2D(gy, ggW, stride: g.stride, pad: g.pad, outsize: Pair(x.shape[2], x.shape[3]),
                                    dilate: g.dilate, groups: g.groups)
                : F.convolution2D(x, ggW, stride: g.stride, pad: g.pad, coverAll: coverAll, dilate: g.dilate, groups: g.groups)
        }
    }
}
