// The gradient of max pooling, as a node of its own so that it can be differentiated again
// (Chainer's `MaxPooling2DGrad`).

/// gx[n, c, r, q] = Σ gy[n, c, oy, ox] over the windows whose argmax (from the forward pass)
/// is pixel (r, q); a gradient whose argmax is padding is dropped. Linear in gy, so its
/// gradient is `MaxPooling2DWithIndexes` of ggx, which reads ggx at the same argmaxes.
final class MaxPooling2DGrad: FunctionNode {
    let window: PoolingWindow
    let indexes: NDArray
    let inputSize: Pair

    init(_ window: PoolingWindow, indexes: NDArray, inputSize: Pair) {
        self.window = window
        self.indexes = indexes
        self.inputSize = inputSize
    }

    override var label: String { "max_pooling_2d_grad" }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let w = window
        return [NDArray.maxPooling2DBackward(inputs[0], indexes: indexes, h: inputSize.h, w: inputSize.w,
                                             kh: w.ksize.h, kw: w.ksize.w, sy: w.stride.h, sx: w.stride.w,
                                             ph: w.pad.h, pw: w.pad.w)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [MaxPooling2DWithIndexes(window, indexes: self.indexes).apply(gradOutputs[0]!)]
    }
}
