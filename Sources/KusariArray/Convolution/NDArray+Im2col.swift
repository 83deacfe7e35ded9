// im2col and col2im: unfold every kernel window of an NCHW image into columns, and fold back.

extension NDArray {
    /// The patches of a 4-d (N, C, H, W) image under every window position, as Chainer's
    /// `conv.im2col_cpu`, in an array of shape (N, C, kh, kw, outH, outW):
    ///
    ///     col[n, c, j, i, y, x] = x[n, c, y·sy − ph + j·dy, x·sx − pw + i·dx]
    ///
    /// and `padValue` where that index falls outside the image. outH and outW follow
    /// `convOutSize`; `coverAll` (default false, as in Chainer's convolution) adds the windows
    /// that run past the padded image.
    ///
    /// For one image, the trailing axes read as a (C·kh·kw) × (outH·outW) matrix, so the
    /// convolution `W.reshaped(outC, C·kh·kw) · col[n]` gives that image's (outC, outH, outW)
    /// output already in NCHW order: this is the layout GEMM wants, and no second one is kept.
    /// float32 and float64.
    public func im2col(
        kh: Int, kw: Int, sy: Int, sx: Int, ph: Int, pw: Int, dy: Int = 1, dx: Int = 1,
        coverAll: Bool = false, padValue: Double = 0
    ) -> NDArray {
        let window = Window2D("im2col", kh: kh, kw: kw, sy: sy, sx: sx, ph: ph, pw: pw, dy: dy, dx: dx)
        do { return try im2colChecked(window, coverAll: coverAll, padValue: padValue) } catch { NDArray.fail(error) }
    }

    func im2colChecked(_ window: Window2D, coverAll: Bool, padValue: Double) throws(ShapeError) -> NDArray {
        guard ndim == 4 else {
            throw ShapeError("im2col: x must be 4-d (N, C, H, W), got shape \(NDArray.format(shape))")
        }
        let (oh, ow) = try window.outputSize(h: shape[2], w: shape[3], coverAll: coverAll, "im2col")
        func run<T: NDFloat>(_: T.Type) -> NDArray { im2colKernel(T.self, window, oh, ow, T(padValue)) }
        return NDArray.byFloat(dtype, "im2col", f32: run(Float.self), f64: run(Double.self))
    }

    private func im2colKernel<T: NDFloat>(_: T.Type, _ g: Window2D, _ oh: Int, _ ow: Int, _ pad: T) -> NDArray {
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        var col = NDArray(uninitialized: [shape[0], shape[1], g.kh, g.kw, oh, ow], dtype: dtype)
        let colPlane = g.kh * g.kw * oh * ow
        withUnsafeBufferPointer(as: T.self) { px in
            col.withUnsafeMutableBufferPointer(as: T.self) { pc in
                Window2D.forEachPlane(planes, work: colPlane) { plane in
                    NDArray.im2colPlane(px.baseAddress! + plane * h * w, h: h, w: w, g, oh: oh, ow: ow, pad: pad,
                                        into: pc.baseAddress! + plane * colPlane, tapStride: oh * ow)
                }
            }
        }
        return col
    }

    /// im2col of one (h, w) plane into its kh·kw blocks of oh·ow columns, one per tap, the
    /// blocks `tapStride` elements apart (oh·ow when they are contiguous).
    @inline(__always)
    static func im2colPlane<T: NDFloat>(
        _ image: UnsafePointer<T>, h: Int, w: Int, _ g: Window2D, oh: Int, ow: Int, pad: T,
        into columns: UnsafeMutablePointer<T>, tapStride: Int
    ) {
        for j in 0..<g.kh {
            for i in 0..<g.kw {
                var row = columns + (j * g.kw + i) * tapStride
                let valid = g.validColumns(tap: i, width: w, outWidth: ow)
                let offset = i * g.dx - g.pw
                for y in 0..<oh {
                    let iy = y * g.sy - g.ph + j * g.dy
                    if iy < 0 || iy >= h {
                        row.update(repeating: pad, count: ow)
                    } else {
                        let source = image + iy * w + offset
                        row.update(repeating: pad, count: valid.lowerBound)
                        if g.sx == 1 {
                            (row + valid.lowerBound).update(from: source + valid.lowerBound, count: valid.count)
                        } else {
                            for x in valid { row[x] = source[x * g.sx] }
                        }
                        (row + valid.upperBound).update(repeating: pad, count: ow - valid.upperBound)
                    }
                    row += ow
                }
            }
        }
    }

    /// The adjoint of `im2col`, as Chainer's `conv.col2im_cpu`: folds a column array of shape
    /// (N, C, kh, kw, outH, outW) back into an (N, C, h, w) image, summing every tap that lands
    /// on the same pixel and dropping taps that land in the padding:
    ///
    ///     img[n, c, r, q] = Σ col[n, c, j, i, y, x]  over  y·sy − ph + j·dy = r,  x·sx − pw + i·dx = q
    ///
    /// so ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩. Each pixel sums its taps in ascending (j, i) order,
    /// the order Chainer's loop adds them in. float32 and float64.
    public func col2im(sy: Int, sx: Int, ph: Int, pw: Int, h: Int, w: Int, dy: Int = 1, dx: Int = 1) -> NDArray {
        do { return try col2imChecked(sy: sy, sx: sx, ph: ph, pw: pw, h: h, w: w, dy: dy, dx: dx) } catch {
            NDArray.fail(error)
        }
    }

    func col2imChecked(
        sy: Int, sx: Int, ph: Int, pw: Int, h: Int, w: Int, dy: Int, dx: Int
    ) throws(ShapeError) -> NDArray {
        guard ndim == 6 else {
            throw ShapeError("col2im: col must be 6-d (N, C, kh, kw, outH, outW), got shape \(NDArray.format(shape))")
        }
        precondition(h >= 0 && w >= 0, "col2im: image size must be non-negative, got (\(h), \(w))")
        let window = Window2D("col2im", kh: shape[2], kw: shape[3], sy: sy, sx: sx, ph: ph, pw: pw, dy: dy, dx: dx)
        func run<T: NDFloat>(_: T.Type) -> NDArray { col2imKernel(T.self, window, h, w) }
        return NDArray.byFloat(dtype, "col2im", f32: run(Float.self), f64: run(Double.self))
    }

    private func col2imKernel<T: NDFloat>(_: T.Type, _ g: Window2D, _ h: Int, _ w: Int) -> NDArray {
        let (planes, oh, ow) = (shape[0] * shape[1], shape[4], shape[5])
        var img = NDArray(uninitialized: [shape[0], shape[1], h, w], dtype: dtype)
        let colPlane = g.kh * g.kw * oh * ow
        withUnsafeBufferPointer(as: T.self) { pc in
            img.withUnsafeMutableBufferPointer(as: T.self) { px in
                Window2D.forEachPlane(planes, work: colPlane) { plane in
                    NDArray.col2imPlane(pc.baseAddress! + plane * colPlane, g, oh: oh, ow: ow, h: h, w: w,
                                        into: px.baseAddress! + plane * h * w)
                }
            }
        }
        return img
    }

    /// col2im of one (kh, kw, oh, ow) block of columns into its (h, w) plane, which it overwrites.
    @inline(__always)
    static func col2imPlane<T: NDFloat>(
        _ columns: UnsafePointer<T>, _ g: Window2D, oh: Int, ow: Int, h: Int, w: Int, into image: UnsafeMutablePointer<T>
    ) {
        image.update(repeating: 0, count: h * w)
        var row = columns
        for j in 0..<g.kh {
            for i in 0..<g.kw {
                let valid = g.validColumns(tap: i, width: w, outWidth: ow)
                let offset = i * g.dx - g.pw
                for y in 0..<oh {
                    let iy = y * g.sy - g.ph + j * g.dy
                    if iy >= 0 && iy < h {
                        let target = image + iy * w + offset
                        if g.sx == 1 {
                            for x in valid { target[x] += row[x] }
                        } else {
                            for x in valid { target[x * g.sx] += row[x] }
                        }
                    }
                    row += ow
                }
            }
        }
    }
}
