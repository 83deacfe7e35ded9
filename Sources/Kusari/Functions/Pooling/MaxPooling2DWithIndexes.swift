// Pooling by given argmaxes: the second-order gradient of max pooling (Chainer's
// `MaxPooling2DWithIndexes`).

/// y[n, c, oy, ox] = x[n, c, oy·sy − ph + k / kw, ox·sx − pw + k mod kw] where
/// k = indexes[n, c, oy, ox] (the argmaxes of an earlier max pooling), and 0 where that tap
/// is padding, since such a window's output does not depend on x. Linear in x: its gradient
/// is `MaxPooling2DGrad` with the same argmaxes.
final class MaxPooling2DWithIndexes: FunctionNode {
    let window: PoolingWindow
    let indexes: NDArray

    init(_ window: PoolingWindow, indexes: NDArray) {
        self.window = window
        self.indexes = indexes
    }

    override var label: String { "max_pooling_2d_with_indexes" }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let x = inputs[0]
        func run<T: NDFloat>(_: T.Type) -> NDArray { gather(x, T.self) }
        return [NDArray.byFloat(x.dtype, label, f32: run(Float.self), f64: run(Double.self))]
    }

    private func gather<T: NDFloat>(_ x: NDArray, _: T.Type) -> NDArray {
        let (h, w) = (x.shape[2], x.shape[3])
        let (oh, ow) = (indexes.shape[2], indexes.shape[3])
        let (kw, sy, sx, ph, pw) = (window.ksize.w, window.stride.h, window.stride.w, window.pad.h, window.pad.w)
        var y = NDArray(uninitialized: indexes.shape, dtype: x.dtype)
        x.withUnsafeBufferPointer(as: T.self) { px in
            indexes.withUnsafeBufferPointer(as: Int32.self) { pi in
                y.withUnsafeMutableBufferPointer(as: T.self) { py in
                    for plane in 0..<(indexes.shape[0] * indexes.shape[1]) {
                        for oy in 0..<oh {
                            for ox in 0..<ow {
                                let out = (plane * oh + oy) * ow + ox, k = Int(pi[out])
                                let (iy, ix) = (oy * sy - ph + k / kw, ox * sx - pw + k % kw)
                                py[out] = iy >= 0 && iy < h && ix >= 0 && ix < w ? px[(plane * h + iy) * w + ix] : 0
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let x = inputs[0]
        return [MaxPooling2DGrad(window, indexes: self.indexes, inputSize: Pair(x.shape[2], x.shape[3])).apply(gradOutputs[0]!)]
    }
}
