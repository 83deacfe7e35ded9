// Two-dimensional max pooling (Chainer's `F.max_pooling_2d`).

extension F {
    /// The maximum of every kh × kw window of x (N, C, H, W):
    ///
    ///     y[n, c, oy, ox] = max over j < kh, i < kw of x[n, c, oy·sy − ph + j, ox·sx − pw + i]
    ///
    /// with padding read as −∞. `stride` defaults to `ksize` and `coverAll` to true (windows
    /// are added until every input pixel is covered), as in Chainer:
    /// `F.max_pooling_2d(x, ksize, stride=None, pad=0, cover_all=True)`. The gradient goes to
    /// each window's first maximum; it is differentiable again.
    public static func maxPooling2D(_ x: Variable, ksize: Pair, stride: Pair? = nil, pad: Pair = 0, coverAll: Bool = true) -> Variable {
        MaxPooling2DFunction(PoolingWindow(ksize: ksize, stride: stride ?? ksize, pad: pad), coverAll: coverAll).apply(x)
    }
}

final class MaxPooling2DFunction: FunctionNode {
    let window: PoolingWindow
    let coverAll: Bool
    private var indexes = NDArray(zeros: [0], dtype: .int32)

    init(_ window: PoolingWindow, coverAll: Bool) {
        self.window = window
        self.coverAll = coverAll
    }

    override var label: String { "max_pooling_2d" }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try window.check(inputs[0], coverAll: coverAll, label)
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let w = window
        let (y, indexes) = inputs[0].maxPooling2D(kh: w.ksize.h, kw: w.ksize.w, sy: w.stride.h, sx: w.stride.w,
                                                  ph: w.pad.h, pw: w.pad.w, coverAll: coverAll)
        self.indexes = indexes
        return [y]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let x = inputs[0]
        return [MaxPooling2DGrad(window, indexes: self.indexes, inputSize: Pair(x.shape[2], x.shape[3])).apply(gradOutputs[0]!)]
    }
}
