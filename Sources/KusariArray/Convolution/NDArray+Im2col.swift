// im2col and col2im: unfold every kernel window of an NCHW image into columns, and fold back.
// float32 runs through the C kernels (im2col.c), float64 through the loops below.
import CKusariKernels

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

    /// `avx512` picks the 16-wide float32 kernel (the default where the CPU has it); tests turn
    /// it off to check the portable one.
    func im2colChecked(
        _ window: Window2D, coverAll: Bool, padValue: Double, avx512: Bool = GEMM.Variant.avx512.isSupported
    ) throws(ShapeError) -> NDArray {
        guard ndim == 4 else {
            throw ShapeError("im2col: x must be 4-d (N, C, H, W), got shape \(NDArray.format(shape))")
        }
        let (oh, ow) = try window.outputSize(h: shape[2], w: shape[3], coverAll: coverAll, "im2col")
        let planeWindow = PlaneWindow(window, h: shape[2], w: shape[3], oh: oh, ow: ow)
        func run<T: NDFloat>(_: T.Type) -> NDArray { im2colKernel(T.self, planeWindow, T(padValue), avx512) }
        return NDArray.byFloat(dtype, "im2col", f32: run(Float.self), f64: run(Double.self))
    }

    private func im2colKernel<T: NDFloat>(_: T.Type, _ g: PlaneWindow, _ pad: T, _ avx512: Bool) -> NDArray {
        var col = NDArray(uninitialized: [shape[0], shape[1], g.window.kh, g.window.kw, g.oh, g.ow], dtype: dtype)
        let colPlane = g.window.kh * g.window.kw * g.oh * g.ow
        withUnsafeBufferPointer(as: T.self) { px in
            col.withUnsafeMutableBufferPointer(as: T.self) { pc in
                Window2D.forEachRunOfPlanes(shape[0] * shape[1], work: colPlane) { run in
                    NDArray.im2colPlanes(px.baseAddress! + run.lowerBound * g.h * g.w, count: run.count, g, pad: pad,
                                         into: pc.baseAddress! + run.lowerBound * colPlane, tapStride: g.oh * g.ow,
                                         avx512: avx512)
                }
            }
        }
        return col
    }

    /// im2col of `count` consecutive (h, w) planes, each into its kh·kw blocks of oh·ow columns,
    /// one per tap, the blocks `tapStride` elements apart (oh·ow when they are contiguous) and
    /// the planes kh·kw·tapStride apart.
    static func im2colPlanes<T: NDFloat>(
        _ image: UnsafePointer<T>, count: Int, _ g: PlaneWindow, pad: T, into columns: UnsafeMutablePointer<T>,
        tapStride: Int, avx512: Bool
    ) {
        if T.self == Float.self {
            g.withKernelArgument { geometry in
                kusari_im2col_f32(UnsafeRawPointer(image).assumingMemoryBound(to: Float.self), count, geometry,
                                  Float(pad.doubleValue), tapStride, avx512 ? 1 : 0,
                                  UnsafeMutableRawPointer(columns).assumingMemoryBound(to: Float.self))
            }
            return
        }
        let planeColumns = g.window.kh * g.window.kw * tapStride
        for plane in 0..<count {
            im2colPlane(image + plane * g.h * g.w, g, pad: pad, into: columns + plane * planeColumns, tapStride: tapStride)
        }
    }

    /// One float64 plane of `im2colPlanes`, as `kusari_im2col_f32` copies a float32 one.
    private static func im2colPlane<T: NDFloat>(
        _ image: UnsafePointer<T>, _ p: PlaneWindow, pad: T, into columns: UnsafeMutablePointer<T>, tapStride: Int
    ) {
        let (g, h, w, oh, ow) = (p.window, p.h, p.w, p.oh, p.ow)
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

    /// `avx512` as in `im2colChecked`.
    func col2imChecked(
        sy: Int, sx: Int, ph: Int, pw: Int, h: Int, w: Int, dy: Int, dx: Int,
        avx512: Bool = GEMM.Variant.avx512.isSupported
    ) throws(ShapeError) -> NDArray {
        guard ndim == 6 else {
            throw ShapeError("col2im: col must be 6-d (N, C, kh, kw, outH, outW), got shape \(NDArray.format(shape))")
        }
        precondition(h >= 0 && w >= 0, "col2im: image size must be non-negative, got (\(h), \(w))")
        let window = Window2D("col2im", kh: shape[2], kw: shape[3], sy: sy, sx: sx, ph: ph, pw: pw, dy: dy, dx: dx)
        let planeWindow = PlaneWindow(window, h: h, w: w, oh: shape[4], ow: shape[5])
        func run<T: NDFloat>(_: T.Type) -> NDArray { col2imKernel(T.self, planeWindow, avx512) }
        return NDArray.byFloat(dtype, "col2im", f32: run(Float.self), f64: run(Double.self))
    }

    private func col2imKernel<T: NDFloat>(_: T.Type, _ g: PlaneWindow, _ avx512: Bool) -> NDArray {
        var img = NDArray(uninitialized: [shape[0], shape[1], g.h, g.w], dtype: dtype)
        let colPlane = g.window.kh * g.window.kw * g.oh * g.ow
        withUnsafeBufferPointer(as: T.self) { pc in
            img.withUnsafeMutableBufferPointer(as: T.self) { px in
                Window2D.forEachRunOfPlanes(shape[0] * shape[1], work: colPlane) { run in
                    NDArray.col2imPlanes(pc.baseAddress! + run.lowerBound * colPlane, count: run.count, g,
                                         into: px.baseAddress! + run.lowerBound * g.h * g.w, avx512: avx512)
                }
            }
        }
        return img
    }

    /// col2im of `count` consecutive (kh, kw, oh, ow) blocks of columns into their (h, w)
    /// planes, which it overwrites.
    static func col2imPlanes<T: NDFloat>(
        _ columns: UnsafePointer<T>, count: Int, _ g: PlaneWindow, into image: UnsafeMutablePointer<T>, avx512: Bool
    ) {
        if T.self == Float.self {
            g.withKernelArgument { geometry in
                kusari_col2im_f32(UnsafeRawPointer(columns).assumingMemoryBound(to: Float.self), count, geometry,
                                  avx512 ? 1 : 0, UnsafeMutableRawPointer(image).assumingMemoryBound(to: Float.self))
            }
            return
        }
        let planeColumns = g.window.kh * g.window.kw * g.oh * g.ow
        for plane in 0..<count {
            col2imPlane(columns + plane * planeColumns, g, into: image + plane * g.h * g.w)
        }
    }

    /// One float64 plane of `col2imPlanes`, summed as `kusari_col2im_f32` sums a float32 one.
    private static func col2imPlane<T: NDFloat>(
        _ columns: UnsafePointer<T>, _ p: PlaneWindow, into image: UnsafeMutablePointer<T>
    ) {
        let (g, h, w, oh, ow) = (p.window, p.h, p.w, p.oh, p.ow)
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
