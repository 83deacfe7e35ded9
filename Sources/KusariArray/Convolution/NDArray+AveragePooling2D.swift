// 2-D average pooling over NCHW images: the forward pass and its gradient.

extension NDArray {
    /// Average pooling of a 4-d (N, C, H, W) array, as Chainer's `F.average_pooling_2d` with its
    /// default `pad_value=0`:
    ///
    ///     y[n, c, oy, ox] = (Σ over j < kh, i < kw of x[n, c, oy·sy − ph + j, ox·sx − pw + i]) / (kh·kw)
    ///
    /// Padding counts as zero and the divisor is always kh·kw, even for windows that overlap
    /// the padding. Chainer pools averages without `cover_all`, so the output size is
    /// `convOutSize(coverAll: false)`. The sum runs in ascending tap order (j, then i).
    /// float32 and float64.
    public func averagePooling2D(kh: Int, kw: Int, sy: Int, sx: Int, ph: Int = 0, pw: Int = 0) -> NDArray {
        let window = Window2D("averagePooling2D", kh: kh, kw: kw, sy: sy, sx: sx, ph: ph, pw: pw)
        do { return try averagePooling2DChecked(window) } catch { NDArray.fail(error) }
    }

    func averagePooling2DChecked(_ window: Window2D) throws(ShapeError) -> NDArray {
        guard ndim == 4 else {
            throw ShapeError("averagePooling2D: x must be 4-d (N, C, H, W), got shape \(NDArray.format(shape))")
        }
        let (oh, ow) = try window.outputSize(h: shape[2], w: shape[3], coverAll: false, "averagePooling2D")
        func run<T: NDFloat>(_: T.Type) -> NDArray { averagePoolingKernel(T.self, window, oh, ow) }
        return NDArray.byFloat(dtype, "averagePooling2D", f32: run(Float.self), f64: run(Double.self))
    }

    private func averagePoolingKernel<T: NDFloat>(_: T.Type, _ g: Window2D, _ oh: Int, _ ow: Int) -> NDArray {
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        var y = NDArray(uninitialized: [shape[0], shape[1], oh, ow], dtype: dtype)
        let divisor = T(g.kh * g.kw)
        withUnsafeBufferPointer(as: T.self) { px in
            y.withUnsafeMutableBufferPointer(as: T.self) { py in
                Window2D.forEachPlane(planes, work: g.kh * g.kw * oh * ow) { plane in
                    let image = plane * h * w
                    var out = plane * oh * ow
                    for oy in 0..<oh {
                        let rows = Window2D.validTaps(window: oy, k: g.kh, s: g.sy, p: g.ph, size: h)
                        for ox in 0..<ow {
                            let columns = Window2D.validTaps(window: ox, k: g.kw, s: g.sx, p: g.pw, size: w)
                            var sum = T.zero
                            for j in rows {
                                let row = image + (oy * g.sy - g.ph + j) * w + ox * g.sx - g.pw
                                for i in columns { sum += px[row + i] }
                            }
                            py[out] = sum / divisor
                            out += 1
                        }
                    }
                }
            }
        }
        return y
    }

    /// The gradient of `averagePooling2D` with respect to its (N, C, h, w) input, as Chainer's
    /// `AveragePooling2DGrad`: every element receives the sum of the gradients of the windows
    /// that cover it, divided by kh·kw; the share that fell on padding is dropped. Each sum runs
    /// in ascending tap order, the order Chainer's col2im adds them in.
    public static func averagePooling2DBackward(
        _ gy: NDArray, h: Int, w: Int, kh: Int, kw: Int, sy: Int, sx: Int, ph: Int = 0, pw: Int = 0
    ) -> NDArray {
        let window = Window2D("averagePooling2DBackward", kh: kh, kw: kw, sy: sy, sx: sx, ph: ph, pw: pw)
        do { return try averagePooling2DBackwardChecked(gy, h: h, w: w, window) } catch { fail(error) }
    }

    static func averagePooling2DBackwardChecked(_ gy: NDArray, h: Int, w: Int, _ window: Window2D) throws(ShapeError) -> NDArray {
        guard gy.ndim == 4 else {
            throw ShapeError("averagePooling2DBackward: gy must be 4-d (N, C, outH, outW), got shape \(format(gy.shape))")
        }
        try window.checkOutputSize(gy.shape[2], gy.shape[3], h: h, w: w, "averagePooling2DBackward")
        func run<T: NDFloat>(_: T.Type) -> NDArray { averagePoolingBackwardKernel(T.self, gy, h, w, window) }
        return byFloat(gy.dtype, "averagePooling2DBackward", f32: run(Float.self), f64: run(Double.self))
    }

    private static func averagePoolingBackwardKernel<T: NDFloat>(
        _: T.Type, _ gy: NDArray, _ h: Int, _ w: Int, _ g: Window2D
    ) -> NDArray {
        let (planes, oh, ow) = (gy.shape[0] * gy.shape[1], gy.shape[2], gy.shape[3])
        var gx = NDArray(zeros: [gy.shape[0], gy.shape[1], h, w], dtype: gy.dtype)
        let divisor = T(g.kh * g.kw)
        gy.withUnsafeBufferPointer(as: T.self) { pg in
            gx.withUnsafeMutableBufferPointer(as: T.self) { px in
                Window2D.forEachPlane(planes, work: g.kh * g.kw * oh * ow) { plane in
                    let image = plane * h * w, windows = plane * oh * ow
                    // Walking windows backwards makes each element's sum run in ascending tap order.
                    for oy in stride(from: oh - 1, through: 0, by: -1) {
                        let rows = Window2D.validTaps(window: oy, k: g.kh, s: g.sy, p: g.ph, size: h)
                        for ox in stride(from: ow - 1, through: 0, by: -1) {
                            let columns = Window2D.validTaps(window: ox, k: g.kw, s: g.sx, p: g.pw, size: w)
                            let grad = pg[windows + oy * ow + ox]
                            for j in rows {
                                let row = image + (oy * g.sy - g.ph + j) * w + ox * g.sx - g.pw
                                for i in columns { px[row + i] += grad }
                            }
                        }
                    }
                    for p in image..<(image + h * w) { px[p] /= divisor }
                }
            }
        }
        return gx
    }
}
