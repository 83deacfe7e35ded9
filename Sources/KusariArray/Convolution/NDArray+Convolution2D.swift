// 2-D convolution, its weight gradient and its transpose on NCHW arrays: im2col (or col2im)
// and one matrix product per image, written straight into the NCHW output; the weight
// gradient is one product over the whole batch.
import CKusariKernels

/// Stride, padding, dilation and groups of a 2-D convolution: (sy, sx), (ph, pw), (dy, dx),
/// and `groups` independent channel groups. Chainer's defaults: stride 1, pad 0, dilate 1,
/// groups 1.
public struct Convolution2DOptions: Sendable, Equatable {
    public var sy, sx, ph, pw, dy, dx, groups: Int

    public init(sy: Int = 1, sx: Int = 1, ph: Int = 0, pw: Int = 0, dy: Int = 1, dx: Int = 1, groups: Int = 1) {
        precondition(sy >= 1 && sx >= 1 && dy >= 1 && dx >= 1 && ph >= 0 && pw >= 0 && groups >= 1,
                     "convolution: stride, dilation and groups must be positive and padding non-negative, got "
                         + "stride (\(sy), \(sx)), pad (\(ph), \(pw)), dilation (\(dy), \(dx)), groups \(groups)")
        (self.sy, self.sx, self.ph, self.pw, self.dy, self.dx, self.groups) = (sy, sx, ph, pw, dy, dx, groups)
    }

    func window(_ operation: String, kh: Int, kw: Int) -> Window2D {
        Window2D(operation, kh: kh, kw: kw, sy: sy, sx: sx, ph: ph, pw: pw, dy: dy, dx: dx)
    }
}

extension NDArray {
    /// The convolution of x (N, C, H, W) with filters W (O, C/groups, kh, kw), plus an optional
    /// bias (O,), as Chainer's `F.convolution_2d`:
    ///
    ///     y[n, o, oy, ox] = bias[o] + Σ over c, j, i of W[o, c, j, i] · x[n, g·C/groups + c, oy·sy − ph + j·dy, ox·sx − pw + i·dx]
    ///
    /// with g = o / (O/groups) and zero outside the image; y is (N, O, outH, outW), sizes as
    /// `convOutSize`. Each image is one product W_g · im2col(x[n])_g per group, computed on one
    /// thread, so the result does not depend on the thread count. With `keepColumns` the
    /// columns are returned too, for `convolution2DGradW`, laid out batch-inner as
    /// (C, kh, kw, N, outH, outW) — `x.im2col(...).transposed([1, 2, 3, 0, 4, 5])` — so that
    /// the weight gradient is one product over all images. float32 (bias added inside the
    /// GEMM) and float64.
    public static func convolution2D(
        _ x: NDArray, _ W: NDArray, bias: NDArray? = nil, _ options: Convolution2DOptions = .init(),
        coverAll: Bool = false, keepColumns: Bool = false
    ) -> (y: NDArray, columns: NDArray?) {
        do { return try convolution2DChecked(x, W, bias: bias, options, coverAll: coverAll, keepColumns: keepColumns) } catch {
            fail(error)
        }
    }

    static func convolution2DChecked(
        _ x: NDArray, _ W: NDArray, bias: NDArray?, _ options: Convolution2DOptions, coverAll: Bool, keepColumns: Bool
    ) throws(ShapeError) -> (y: NDArray, columns: NDArray?) {
        let name = "convolution2D"
        guard x.ndim == 4, W.ndim == 4, x.shape[1] == W.shape[1] * options.groups, W.shape[0] % options.groups == 0,
              bias.map({ $0.shape == [W.shape[0]] }) ?? true else {
            throw ShapeError("\(name): x (N, C, H, W), W (O, C/groups, kh, kw) and bias (O,) with groups \(options.groups), "
                                 + "got x \(format(x.shape)), W \(format(W.shape)), bias \(bias.map { format($0.shape) } ?? "none")")
        }
        try checkFloatOperands(x, W, bias, name)
        let g = options.window(name, kh: W.shape[2], kw: W.shape[3])
        let (oh, ow) = try g.outputSize(h: x.shape[2], w: x.shape[3], coverAll: coverAll, name)
        func run<T: NDFloat>(_: T.Type) -> (NDArray, NDArray?) {
            convolutionKernel(T.self, x, W, bias, g, options.groups, oh, ow, keepColumns)
        }
        return byFloat(x.dtype, name, f32: run(Float.self), f64: run(Double.self))
    }

    private static func convolutionKernel<T: NDFloat>(
        _: T.Type, _ x: NDArray, _ W: NDArray, _ bias: NDArray?, _ g: Window2D, _ groups: Int, _ oh: Int, _ ow: Int,
        _ keepColumns: Bool
    ) -> (NDArray, NDArray?) {
        let (n, c, h, w, o) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], W.shape[0])
        let (spatial, taps) = (oh * ow, g.kh * g.kw)
        let (groupOut, groupDepth) = (o / groups, c / groups * taps)
        var y = NDArray(uninitialized: [n, o, oh, ow], dtype: x.dtype)
        var columns = keepColumns ? NDArray(uninitialized: [c, g.kh, g.kw, n, oh, ow], dtype: x.dtype) : nil
        // Each group's filters transposed, (C/groups·kh·kw, O/groups): GEMM reads this layout in
        // place when an image's output is narrow, instead of packing W again for every image.
        let filters = W.reshaped(groups, groupOut, groupDepth).transposed([0, 2, 1])
        let (planeWindow, avx512) = (PlaneWindow(g, h: h, w: w, oh: oh, ow: ow), GEMM.Variant.avx512.isSupported)
        x.withUnsafeBufferPointer(as: T.self) { px in
            filters.withUnsafeBufferPointer(as: T.self) { pw in
                withOptionalBuffer(bias, T.self) { pb in
                    y.withUnsafeMutableBufferPointer(as: T.self) { py in
                        withOptionalMutableBuffer(&columns, T.self) { kept in
                            // An image's columns, a (C·kh·kw, outH·outW) matrix, go to per-thread
                            // scratch that its products read while it is in cache. Kept columns
                            // are then streamed past the caches: the weight gradient reads them
                            // only after the rest of the forward and backward passes.
                            forEachImage(n, work: o * groupDepth * spatial, scratch: c * taps * spatial,
                                         of: T.self) { image, col in
                                im2colPlanes(px.baseAddress! + image * c * h * w, count: c, planeWindow, pad: 0, into: col,
                                             tapStride: spatial, avx512: avx512)
                                for group in 0..<groups {
                                    gemm(T.self, transA: true, transB: false, m: groupOut, n: spatial, k: groupDepth,
                                         a: pw.baseAddress! + group * groupOut * groupDepth, lda: groupOut,
                                         b: col + group * groupDepth * spatial, ldb: spatial, accumulate: false,
                                         c: py.baseAddress! + (image * o + group * groupOut) * spatial, ldc: spatial,
                                         rowBias: pb.map { $0 + group * groupOut })
                                }
                                if let kept {
                                    streamRows(col, rows: c * taps, count: spatial, into: kept + image * spatial,
                                               stride: n * spatial)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (y, columns)
    }

    /// The gradient of `convolution2D` with respect to W, from the columns of x that
    /// `convolution2D` keeps, (C, kh, kw, N, outH, outW), and the output gradient gy
    /// (N, O, outH, outW):
    ///
    ///     gW[o, c, j, i] = Σ over n, oy, ox of gy[n, o, oy, ox] · columns[g·C/groups + c, j, i, n, oy, ox]
    ///
    /// shaped (O, C/groups, kh, kw). Each group is one product with the sum running over all
    /// N·outH·outW positions in that order (GEMM never splits a sum between threads), so the
    /// result does not depend on the thread count. float32 and float64.
    public static func convolution2DGradW(columns: NDArray, _ gy: NDArray, groups: Int = 1) -> NDArray {
        do { return try convolution2DGradWChecked(columns: columns, gy, groups: groups) } catch { fail(error) }
    }

    static func convolution2DGradWChecked(columns: NDArray, _ gy: NDArray, groups: Int) throws(ShapeError) -> NDArray {
        let name = "convolution2DGradW"
        guard columns.ndim == 6, gy.ndim == 4, groups >= 1, columns.shape[3] == gy.shape[0],
              columns.shape[0] % groups == 0, gy.shape[1] % groups == 0,
              columns.shape[4] == gy.shape[2], columns.shape[5] == gy.shape[3] else {
            throw ShapeError("\(name): columns (C, kh, kw, N, outH, outW) and gy (N, O, outH, outW) with C and O "
                                 + "divisible by groups \(groups), got columns \(format(columns.shape)), gy \(format(gy.shape))")
        }
        try checkFloatOperands(columns, gy, nil, name)
        func run<T: NDFloat>(_: T.Type) -> NDArray { gradWKernel(T.self, columns, gy, groups) }
        return byFloat(gy.dtype, name, f32: run(Float.self), f64: run(Double.self))
    }

    private static func gradWKernel<T: NDFloat>(_: T.Type, _ columns: NDArray, _ gy: NDArray, _ groups: Int) -> NDArray {
        let (c, kh, kw, n, o) = (columns.shape[0], columns.shape[1], columns.shape[2], columns.shape[3], gy.shape[1])
        let positions = n * gy.shape[2] * gy.shape[3]
        let (groupOut, groupDepth) = (o / groups, c / groups * kh * kw)
        guard positions > 0 else { return NDArray(zeros: [o, c / groups, kh, kw], dtype: gy.dtype) }
        // gy as an (O, N·outH·outW) matrix, the order of the columns' rows.
        let gyRows = gy.reshaped(n, o, positions / n).transposed([1, 0, 2])
        var gW = NDArray(uninitialized: [o, c / groups, kh, kw], dtype: gy.dtype)
        columns.withUnsafeBufferPointer(as: T.self) { pc in
            gyRows.withUnsafeBufferPointer(as: T.self) { pg in
                gW.withUnsafeMutableBufferPointer(as: T.self) { out in
                    for group in 0..<groups {
                        gemm(T.self, transA: false, transB: true, m: groupOut, n: groupDepth, k: positions,
                             a: pg.baseAddress! + group * groupOut * positions, lda: positions,
                             b: pc.baseAddress! + group * groupDepth * positions, ldb: positions,
                             accumulate: false, c: out.baseAddress! + group * groupOut * groupDepth, ldc: groupDepth,
                             rowBias: nil)
                    }
                }
            }
        }
        return gW
    }

    /// The transposed convolution of x (N, C, h, w) with W (C, O/groups, kh, kw), plus an
    /// optional bias (O,), as Chainer's `F.deconvolution_2d` with output size (outH, outW):
    ///
    ///     y[n, g·O/groups + o, r, q] = bias[·] + Σ x[n, c, iy, ix] · W[c, o, j, i]
    ///         over c in group g and iy·sy − ph + j·dy = r, ix·sx − pw + i·dx = q,
    ///
    /// the gradient of `convolution2D` with respect to x. Each image is one product
    /// W_gᵀ · x[n]_g per group and a col2im, on one thread, so the result does not depend on the
    /// thread count. The caller checks that (outH, outW) convolves back to (h, w). float32 and float64.
    public static func deconvolution2D(
        _ x: NDArray, _ W: NDArray, bias: NDArray? = nil, _ options: Convolution2DOptions = .init(), outH: Int, outW: Int
    ) -> NDArray {
        do { return try deconvolution2DChecked(x, W, bias: bias, options, outH: outH, outW: outW) } catch { fail(error) }
    }

    static func deconvolution2DChecked(
        _ x: NDArray, _ W: NDArray, bias: NDArray?, _ options: Convolution2DOptions, outH: Int, outW: Int
    ) throws(ShapeError) -> NDArray {
        let name = "deconvolution2D"
        guard x.ndim == 4, W.ndim == 4, x.shape[1] == W.shape[0], W.shape[0] % options.groups == 0, outH > 0, outW > 0,
              bias.map({ $0.shape == [W.shape[1] * options.groups] }) ?? true else {
            throw ShapeError("\(name): x (N, C, h, w), W (C, O/groups, kh, kw) and bias (O,) with groups \(options.groups) "
                                 + "and a positive output size, got x \(format(x.shape)), W \(format(W.shape)), "
                                 + "bias \(bias.map { format($0.shape) } ?? "none"), output (\(outH), \(outW))")
        }
        try checkFloatOperands(x, W, bias, name)
        let g = options.window(name, kh: W.shape[2], kw: W.shape[3])
        func run<T: NDFloat>(_: T.Type) -> NDArray { deconvolutionKernel(T.self, x, W, bias, g, options.groups, outH, outW) }
        return byFloat(x.dtype, name, f32: run(Float.self), f64: run(Double.self))
    }

    private static func deconvolutionKernel<T: NDFloat>(
        _: T.Type, _ x: NDArray, _ W: NDArray, _ bias: NDArray?, _ g: Window2D, _ groups: Int, _ outH: Int, _ outW: Int
    ) -> NDArray {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (groupIn, o) = (c / groups, W.shape[1] * groups)
        let (spatial, taps) = (h * w, g.kh * g.kw)
        let groupRows = W.shape[1] * taps
        let (planeWindow, avx512) = (PlaneWindow(g, h: outH, w: outW, oh: h, ow: w), GEMM.Variant.avx512.isSupported)
        var y = NDArray(uninitialized: [n, o, outH, outW], dtype: x.dtype)
        x.withUnsafeBufferPointer(as: T.self) { px in
            W.withUnsafeBufferPointer(as: T.self) { pw in
                withOptionalBuffer(bias, T.self) { pb in
                    y.withUnsafeMutableBufferPointer(as: T.self) { py in
                        forEachImage(n, work: c * groupRows * spatial, scratch: o * taps * spatial, of: T.self) { image, col in
                            for group in 0..<groups {
                                gemm(T.self, transA: true, transB: false, m: groupRows, n: spatial, k: groupIn,
                                     a: pw.baseAddress! + group * groupIn * groupRows, lda: groupRows,
                                     b: px.baseAddress! + (image * c + group * groupIn) * spatial, ldb: spatial,
                                     accumulate: false, c: col + group * groupRows * spatial, ldc: spatial, rowBias: nil)
                            }
                            let target = py.baseAddress! + image * o * outH * outW
                            col2imPlanes(col, count: o, planeWindow, into: target, avx512: avx512)
                            if let pb {
                                for plane in 0..<o {
                                    let value = pb[plane]
                                    for i in plane * outH * outW..<(plane + 1) * outH * outW { target[i] += value }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// Copies `rows` rows of `count` contiguous elements into rows `stride` apart at `target`,
    /// float32 with `kusari_stream_rows_f32`.
    private static func streamRows<T>(
        _ source: UnsafePointer<T>, rows: Int, count: Int, into target: UnsafeMutablePointer<T>, stride: Int
    ) {
        if T.self == Float.self {
            kusari_stream_rows_f32(UnsafeRawPointer(source).assumingMemoryBound(to: Float.self), rows, count,
                                   UnsafeMutableRawPointer(target).assumingMemoryBound(to: Float.self), stride)
            return
        }
        for row in 0..<rows { (target + row * stride).update(from: source + row * count, count: count) }
    }

    /// Runs `body(image, scratch)` for every image, with `scratch` elements of per-thread
    /// scratch. Images are independent, so they go to threads whenever the whole batch
    /// (`work` multiply-adds per image) is worth a dispatch.
    private static func forEachImage<T>(
        _ n: Int, work: Int, scratch: Int, of type: T.Type, _ body: (Int, UnsafeMutablePointer<T>) -> Void
    ) {
        // One run when the batch is too small to pay for a dispatch or when one image's product
        // is large enough for GEMM to thread on its own; else up to 64. Fixed by the sizes alone.
        let chunks = n * work < GEMM.parallelWork / 8 || work >= GEMM.parallelWork ? 1 : min(n, 64)
        Threading.parallelFor(chunks) { chunk in
            ScratchMemory.with(scratch, of: T.self) { buffer in
                for image in Threading.range(of: chunk, in: chunks, count: n) { body(image, buffer) }
            }
        }
    }

    /// C = op(A) · op(B) (+ C when `accumulate`), then C[i, ·] += rowBias[i]: `GEMM.sgemm`
    /// with the bias in its epilogue for float32, `GEMM.dgemm` and a bias loop for float64.
    @inline(__always)
    private static func gemm<T: NDFloat>(
        _: T.Type, transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<T>, lda: Int,
        b: UnsafePointer<T>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<T>, ldc: Int, rowBias: UnsafePointer<T>?
    ) {
        if T.self == Float.self {
            func float(_ p: UnsafePointer<T>) -> UnsafePointer<Float> { UnsafeRawPointer(p).assumingMemoryBound(to: Float.self) }
            GEMM.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: float(a), lda: lda, b: float(b), ldb: ldb,
                       beta: accumulate ? 1 : 0, c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc: ldc,
                       epilogue: GEMM.Epilogue(rowBias: rowBias.map(float)))
        } else {
            func double(_ p: UnsafePointer<T>) -> UnsafePointer<Double> { UnsafeRawPointer(p).assumingMemoryBound(to: Double.self) }
            GEMM.dgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: double(a), lda: lda,
                       b: double(b), ldb: ldb, beta: accumulate ? 1 : 0,
                       c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), ldc: ldc)
            if let rowBias {
                for i in 0..<m { for j in 0..<n { c[i * ldc + j] += rowBias[i] } }
            }
        }
    }

    /// Float operands of one dtype (and a bias of that dtype).
    private static func checkFloatOperands(_ a: NDArray, _ b: NDArray, _ bias: NDArray?, _ name: String) throws(ShapeError) {
        guard a.dtype.isFloatingPoint, b.dtype == a.dtype, bias.map({ $0.dtype == a.dtype }) ?? true else {
            throw ShapeError("\(name): float32 or float64 operands of one dtype, got \(a.dtype), \(b.dtype)"
                                 + (bias.map { ", bias \($0.dtype)" } ?? ""))
        }
    }
}

/// Runs `body` on the elements of `array`, or on nil when there is no array.
private func withOptionalBuffer<T: NDScalar, R>(_ array: NDArray?, _: T.Type, _ body: (UnsafePointer<T>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer(as: T.self) { body($0.baseAddress!) }
}

/// Runs `body` on the writable elements of `array`, or on nil when there is no array.
private func withOptionalMutableBuffer<T: NDScalar, R>(_ array: inout NDArray?, _: T.Type,
                                                       _ body: (UnsafeMutablePointer<T>?) -> R) -> R {
    guard array != nil else { return body(nil) }
    return array!.withUnsafeMutableBufferPointer(as: T.self) { body($0.baseAddress!) }
}
