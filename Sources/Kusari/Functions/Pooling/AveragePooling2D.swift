// Two-dimensional average pooling (Chainer's `F.average_pooling_2d`).

extension F {
    /// The mean of every kh × kw window of x (N, C, H, W):
    ///
    ///     y[n, c, oy, ox] = (1 / (kh·kw)) · Σ over j < kh, i < kw of x[n, c, oy·sy − ph + j, ox·sx − pw + i]
    ///
    /// with padding counted as zero and the divisor kh·kw even where the window overlaps the
    /// padding; no cover_all. `stride` defaults to `ksize`. Chainer:
    /// `F.average_pooling_2d(x, ksize, stride=None, pad=0)`.
    public static func averagePooling2D(_ x: Variable, ksize: Pair, stride: Pair? = nil, pad: Pair = 0) -> Variable {
        AveragePooling2DFunction(PoolingWindow(ksize: ksize, stride: stride ?? ksize, pad: pad)).apply(x)
    }
}

final class AveragePooling2DFunction: FunctionNode {
    let window: PoolingWindow

    init(_ window: PoolingWindow) { self.window = window }

    override var label: String { "average_pooling_2d" }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try window.check(inputs[0], coverAll: false, label)
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let w = window
        return [inputs[0].averagePooling2D(kh: w.ksize.h, kw: w.ksize.w, sy: w.stride.h, sx: w.stride.w, ph: w.pad.h, pw: w.pad.w)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let x = inputs[0]
        return [AveragePooling2DGrad(window, inputSize: Pair(x.shape[2], x.shape[3])).apply(gradOutputs[0]!)]
    }
}
