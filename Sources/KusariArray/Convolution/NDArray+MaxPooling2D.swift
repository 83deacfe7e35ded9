// 2-D max pooling over NCHW images: the forward pass with its argmax, and the backward pass.
import CKusariKernels

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
        // The windows whose tap column i lies inside a row, for the C kernel.
        let columnRanges = (0..<g.kw).map { g.validColumns(tap: $0, width: w, outWidth: ow) }
        let (starts, ends) = (columnRanges.map(\.lowerBound), columnRanges.map(\.upperBound))
        starts.withUnsafeBufferPointer { columnStarts in
        ends.withUnsafeBufferPointer { columnEnds in
        withUnsafeBufferPointer(as: T.self) { px in
            y.withUnsafeMutableBufferPointer(as: T.self) { py in
                indexes.withUnsafeMutableBufferPointer(as: Int32.self) { pi in
                    Window2D.forEachPlane(planes, work: g.kh * g.kw * oh * ow) { plane in
                        let (image, out) = (px.baseAddress! + plane * h * w, plane * oh * ow)
                        let (best, argmax) = (py.baseAddress! + out, pi.baseAddress! + out)
                        // Ordered comparisons are exact unless the plane holds a NaN, which is rare:
                        // then the plane is pooled again with the NaN-aware comparison.
                        let sawNaN = T.self == Float.self
                            ? kusari_maxpool_plane_f32(UnsafeRawPointer(image).assumingMemoryBound(to: Float.self),
                                                       h, w, g.kh, g.kw, g.sy, g.sx, g.ph, g.pw, oh, ow,
                                                       columnStarts.baseAddress!, columnEnds.baseAddress!,
                                                       UnsafeMutableRawPointer(best).assumingMemoryBound(to: Float.self),
                                                       argmax) != 0
                            : true
                        if sawNaN { NDArray.maxPoolPlane(image, h, w, g, oh, ow, best, argmax) }
                    }
                }
            }
        }
        }
        }
        return (y, indexes)
    }

    /// Max pooling of one (h, w) plane into `best` and `argmax` (oh × ow), NaN-aware: v wins
    /// when greater, or when it is NaN facing a number, as NumPy's `max` propagates NaN. Taps are
    /// visited in ascending order, each over a whole output row, so every window keeps its first
    /// maximum (float64, and float32 planes holding a NaN).
    private static func maxPoolPlane<T: NDFloat>(
        _ image: UnsafePointer<T>, _ h: Int, _ w: Int, _ g: Window2D, _ oh: Int, _ ow: Int,
        _ best: UnsafeMutablePointer<T>, _ argmax: UnsafeMutablePointer<Int32>
    ) {
        for oy in 0..<oh {
            let (rowBest, rowArgmax) = (best + oy * ow, argmax + oy * ow)
            // Padding (−∞) can only be the maximum when every tap is −∞, and then NumPy's
            // argmax is tap 0, where the search starts: skipping it is exact.
            rowBest.update(repeating: -T.infinity, count: ow)
            rowArgmax.update(repeating: 0, count: ow)
            for j in Window2D.validTaps(window: oy, k: g.kh, s: g.sy, p: g.ph, size: h) {
                let row = image + (oy * g.sy - g.ph + j) * w
                for i in 0..<g.kw {
                    let tap = Int32(j * g.kw + i)
                    let source = row + i - g.pw
                    for ox in g.validColumns(tap: i, width: w, outWidth: ow) {
                        let v = source[ox * g.sx], current = rowBest[ox]
                        if !(v <= current) && current == current {
                            rowBest[ox] = v
                            rowArgmax[ox] = tap
                        }
                    }
                }
            }
        }
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
        // Tap k is row k / kw, column k mod kw of the window: looked up, not divided, per window.
        let tapRowArray = (0..<taps).map { $0 / g.kw }, tapColumnArray = (0..<taps).map { $0 % g.kw }
        gy.withUnsafeBufferPointer(as: T.self) { pg in
            indexes.withUnsafeBufferPointer(as: Int32.self) { pi in
                gx.withUnsafeMutableBufferPointer(as: T.self) { px in
                tapRowArray.withUnsafeBufferPointer { tapRows in
                tapColumnArray.withUnsafeBufferPointer { tapColumns in
                    Window2D.forEachPlane(planes, work: oh * ow) { plane in
                        let image = px.baseAddress! + plane * h * w, windows = plane * oh * ow
                        // Walking windows backwards makes each element's sum run in ascending tap order.
                        for oy in stride(from: oh - 1, through: 0, by: -1) {
                            for ox in stride(from: ow - 1, through: 0, by: -1) {
                                let k = Int(pi[windows + oy * ow + ox])
                                precondition(k >= 0 && k < taps, "maxPooling2DBackward: index \(k) outside a \(g.kh)×\(g.kw) window")
                                let iy = oy * g.sy - g.ph + tapRows[k], ix = ox * g.sx - g.pw + tapColumns[k]
                                if iy >= 0 && iy < h && ix >= 0 && ix < w {
                                    image[iy * w + ix] += pg[windows + oy * ow + ox]
                                }
                            }
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
