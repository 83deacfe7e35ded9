// 2-D max pooling over NCHW images: the forward pass with its argmax, and the backward pass.

extension NDArray {
    /// Max pooling of a 4-d (N, C, H, W) array, as Chainer's `F.max_pooling_2d` on the CPU:
    ///
    ///     y[n, c, oy, ox] = max over j < kh, i < kw of x[n, c, oy·sy − ph + j, ox·sx − pw + i]
    ///
    /// with padding read as −∞. Output size follows `convOutSize`; `coverAll` defaults to true,
    /// Chainer's default, so windows run past the input until every element is covered (stride
    /// defaulting to the kernel size is the caller's business, as in Chainer).
    ///
    /// `indexes` (int32, the shape of y) holds each window's argmax as a flat tap index
    /// `j·kw + i`, the first maximum on ties, as NumPy's `argmax`; NaN counts as the maximum
    /// and propagates, as in NumPy's `max`. float32 and float64.
    public func maxPooling2D(
        kh: Int, kw: Int, sy: Int, sx: Int, ph: Int = 0, pw: Int = 0, coverAll: Bool = true
    ) -> (y: NDArray, indexes: NDArray) {
        let window = Window2D("maxPooling2D", kh: kh, kw: kw, sy: sy, sx: sx, ph: ph, pw: pw)
        do { return try maxPooling2DChecked(window, coverAll: coverAll) } catch { NDArray.fail(error) }
    }

    func maxPooling2DChecked(_ window: Window2D, coverAll: Bool) throws(ShapeError) -> (y: NDArray, indexes: NDArray) {
        guard ndim == 4 else {
            throw ShapeError("maxPooling2D: x must be 4-d (N, C, H, W), got shape \(NDArray.format(shape))")
        }
        let (oh, ow) = try window.outputSize(h: shape[2], w: shape[3], coverAll: coverAll, "maxPooling2D")
        func run<T: NDFloat>(_: T.Type) -> (NDArray, NDArray) { maxPoolingKernel(T.self, window, oh, ow) }
        return NDArray.byFloat(dtype, "maxPooling2D", f32: run(Float.self), f64: run(Double.self))
    }

    private func maxPoolingKernel<T: NDFloat>(_: T.Type, _ g: Window2D, _ oh: Int, _ ow: Int) -> (NDArray, NDArray) {
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        var y = NDArray(uninitialized: [shape[0], shape[1], oh, ow], dtype: dtype)
        var indexes = NDArray(uninitialized: [shape[0], shape[1], oh, ow], dtype: .int32)
        withUnsafeBufferPointer(as: T.self) { px in
            y.withUnsafeMutableBufferPointer(as: T.self) { py in
                indexes.withUnsafeMutableBufferPointer(as: Int32.self) { pi in
                    Window2D.forEachPlane(planes, work: g.kh * g.kw * oh * ow) { plane in
                        let image = plane * h * w
                        var out = plane * oh * ow
                        for oy in 0..<oh {
                            let rows = Window2D.validTaps(window: oy, k: g.kh, s: g.sy, p: g.ph, size: h)
                            for ox in 0..<ow {
                                let columns = Window2D.validTaps(window: ox, k: g.kw, s: g.sx, p: g.pw, size: w)
                                // Padding (−∞) can only be the maximum when every tap is −∞, and then
                                // NumPy's argmax is tap 0, where the search starts: skipping it is exact.
                                var best = -T.infinity, argmax = 0
                                for j in rows {
                                    let row = image + (oy * g.sy - g.ph + j) * w + ox * g.sx - g.pw
                                    for i in columns {
                                        let v = px[row + i]
                                        // v wins when greater, or NaN facing a number; written as one
                                        // comparison so it compiles to selects, not unpredictable branches.
                                        let wins = !(v <= best) && best == best
                                        best = wins ? v : best
                                        argmax = wins ? j &* g.kw &+ i : argmax
                                    }
                                }
                                py[out] = best
                                pi[out] = Int32(argmax)
                                out += 1
                            }
                        }
                    }
                }
            }
        }
        return (y, indexes)
    }

    /// The gradient of `maxPooling2D` with respect to its (N, C, h, w) input: each window's
    /// gradient goes to the input element its argmax (`indexes`, from the forward pass) names,
    /// summed where windows share it, and is dropped when the argmax is padding. This is
    /// Chainer's `MaxPooling2DGrad`; each element sums its windows in the order Chainer's
    /// col2im adds them (ascending tap index), so the rounding is the same.
    public static func maxPooling2DBackward(
        _ gy: NDArray, indexes: NDArray, h: Int, w: Int, kh: Int, kw: Int, sy: Int, sx: Int, ph: Int = 0, pw: Int = 0
    ) -> NDArray {
        let window = Window2D("maxPooling2DBackward", kh: kh, kw: kw, sy: sy, sx: sx, ph: ph, pw: pw)
        do { return try maxPooling2DBackwardChecked(gy, indexes: indexes, h: h, w: w, window) } catch { fail(error) }
    }

    static func maxPooling2DBackwardChecked(
        _ gy: NDArray, indexes: NDArray, h: Int, w: Int, _ window: Window2D
    ) throws(ShapeError) -> NDArray {
        guard gy.ndim == 4 else {
            throw ShapeError("maxPooling2DBackward: gy must be 4-d (N, C, outH, outW), got shape \(format(gy.shape))")
        }
        guard indexes.shape == gy.shape, indexes.dtype == .int32 else {
            throw ShapeError("maxPooling2DBackward: indexes must be int32 of gy's shape \(format(gy.shape)), "
                                 + "got \(indexes.dtype) of shape \(format(indexes.shape))")
        }
        try window.checkOutputSize(gy.shape[2], gy.shape[3], h: h, w: w, "maxPooling2DBackward")
        func run<T: NDFloat>(_: T.Type) -> NDArray { maxPoolingBackwardKernel(T.self, gy, indexes, h, w, window) }
        return byFloat(gy.dtype, "maxPooling2DBackward", f32: run(Float.self), f64: run(Double.self))
    }

    private static func maxPoolingBackwardKernel<T: NDFloat>(
        _: T.Type, _ gy: NDArray, _ indexes: NDArray, _ h: Int, _ w: Int, _ g: Window2D
    ) -> NDArray {
        let (planes, oh, ow) = (gy.shape[0] * gy.shape[1], gy.shape[2], gy.shape[3])
        var gx = NDArray(zeros: [gy.shape[0], gy.shape[1], h, w], dtype: gy.dtype)
        let taps = g.kh * g.kw
        gy.withUnsafeBufferPointer(as: T.self) { pg in
            indexes.withUnsafeBufferPointer(as: Int32.self) { pi in
                gx.withUnsafeMutableBufferPointer(as: T.self) { px in
                    Window2D.forEachPlane(planes, work: oh * ow) { plane in
                        let image = plane * h * w, windows = plane * oh * ow
                        // Walking windows backwards makes each element's sum run in ascending tap order.
                        for oy in stride(from: oh - 1, through: 0, by: -1) {
                            for ox in stride(from: ow - 1, through: 0, by: -1) {
                                let k = Int(pi[windows + oy * ow + ox])
                                precondition(k >= 0 && k < taps, "maxPooling2DBackward: index \(k) outside a \(g.kh)×\(g.kw) window")
                                let iy = oy * g.sy - g.ph + k / g.kw, ix = ox * g.sx - g.pw + k % g.kw
                                if iy >= 0 && iy < h && ix >= 0 && ix < w {
                                    px[image + iy * w + ix] += pg[windows + oy * ow + ox]
                                }
                            }
                        }
                    }
                }
            }
        }
        return gx
    }
}
