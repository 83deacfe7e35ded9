// The gradient of average pooling, as a node of its own so that it can be differentiated
// again (Chainer's `AveragePooling2DGrad`).

/// gx[n, c, r, q] = (1 / (kh·kw)) · Σ gy[n, c, oy, ox] over the windows that cover pixel
/// (r, q). Linear in gy and the adjoint of average pooling, so its gradient is
/// `averagePooling2D` of ggx.
final class AveragePooling2DGrad: FunctionNode {
    let window: PoolingWindow
    let inputSize: Pair

    init(_ window: PoolingWindow, inputSize: Pair) {
        self.window = window
        self.inputSize = inputSize
    }

    override var label: String { "average_pooling_2d_grad" }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let w = window
        return [NDArray.averagePooling2DBackward(inputs[0], h: inputSize.h, w: inputSize.w, kh: w.ksize.h, kw: w.ksize.w,
                                                 sy: w.stride.h, sx: w.stride.w, ph: w.pad.h, pw: w.pad.w)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [AveragePooling2DFunction(window).apply(gradOutputs[0]!)]
    }
}
