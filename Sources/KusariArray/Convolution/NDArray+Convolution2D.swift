// 2-D convolution, its weight gradient and its transpose on NCHW arrays: im2col (or col2im)
// and one matrix product per image, written straight into the NCHW output; the weight
// gradient unfolds blocks of images again and sums one product per block.
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
    /// thread, so the result does not depend on the thread count. float32 (bias added inside
    /// the GEMM) and float64.
    public static func convolution2D(
        _ x: NDArray, _ W: NDArray, bias: NDArray? = nil, _ options: Convolution2DOptions = .init(), coverAll: Bool = false
    ) -> NDArray {
        do { return try convolution2DChecked(x, W, bias: bias, options, coverAll: coverAll) } catch { fail(error) }
    }

    static func convolution2DChecked(
        _ x: NDArray, _ W: NDArray, bias: NDArray?, _ options: Convolution2DOptions, coverAll: Bool
    ) throws(ShapeError) -> NDArray {
        let name = "convolution2D"
        guard x.ndim == 4, W.ndim == 4, x.shape[1] == W.shape[1] * options.groups, W.shape[0] % options.groups == 0,
              bias.map({ $0.shape == [W.shape[0]] }) ?? true else {
            throw ShapeError("\(name): x (N, C, H, W), W (O, C/groups, kh, kw) and bias (O,) with groups \(options.groups), "
                                 + "got x \(format(x.shape)), W \(format(W.shape)), bias \(bias.map { format($0.shape) } ?? "none")")
        }
        try checkFloatOperands(x, W, bias, name)
        let g = options.window(name, kh: W.shape[2], kw: W.shape[3])
        let (oh, ow) = try g.outputSize(h: x.shape[2], w: x.shape[3], coverAll: coverAll, name)
        func run<T: NDFloat>(_: T.Type) -> NDArray { convolutionKernel(T.self, x, W, bias, g, options.groups, oh, ow) }
        return byFloat(x.dtype, name, f32: run(Float.self), f64: run(Double.self))
    }

    private static func convolutionKernel<T: NDFloat>(
        _: T.Type, _ x: NDArray, _ W: NDArray, _ bias: NDArray?, _ g: Window2D, _ groups: Int, _ oh: Int, _ ow: Int
    ) -> NDArray {
        let (n, c, h, w, o) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], W.shape[0])
        let (spatial, taps) = (oh * ow, g.kh * g.kw)
        let (groupOut, groupDepth) = (o / groups, c / groups * taps)
        var y = NDArray(uninitialized: [n, o, oh, ow], dtype: x.dtype)
        // Each group's filters transposed, (C/groups·kh·kw, O/groups): GEMM reads this layout in
        // place when an image's output is narrow, instead of packing W again for every image.
        let filters = W.reshaped(groups, groupOut, groupDepth).transposed([0, 2, 1])
        let (planeWindow, avx512) = (PlaneWindow(g, h: h, w: w, oh: oh, ow: ow), GEMM.Variant.avx512.isSupported)
        x.withUnsafeBufferPointer(as: T.self) { px in
            filters.withUnsafeBufferPointer(as: T.self) { pw in
                withOptionalBuffer(bias, T.self) { pb in
                    y.withUnsafeMutableBufferPointer(as: T.self) { py in
                        // An image's columns, a (C·kh·kw, outH·outW) matrix, go to per-thread
                        // scratch that its products read while it is in cache.
                        forEachImage(n, work: o * groupDepth * spatial, scratch: c * taps * spatial, of: T.self) { image, col in
                            im2colPlanes(px.baseAddress! + image * c * h * w, count: c, planeWindow, pad: 0, into: col,
                                         tapStride: spatial, avx512: avx512)
                            for group in 0..<groups {
                                GEMM.product(T.self, transA: true, transB: false, m: groupOut, n: spatial, k: groupDepth,
                                             a: pw.baseAddress! + group * groupOut * groupDepth, lda: groupOut,
                                             b: col + group * groupDepth * spatial, ldb: spatial, accumulate: false,
                                             c: py.baseAddress! + (image * o + group * groupOut) * spatial, ldc: spatial,
                                             rowBias: pb.map { $0 + group * groupOut })
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// The gradient of `convolution2D` with respect to W, from x (N, C, H, W) and the output
    /// gradient gy (N, O, outH, outW), as Chainer's `Convolution2DGradW`:
    ///
    ///     gW[o, c, j, i] = Σ over n, oy, ox of gy[n, o, oy, ox] · x[n, g·C/groups + c, oy·sy − ph + j·dy, ox·sx − pw + i·dx]
    ///
    /// shaped (O, C/groups, kh, kw). Like Chainer, it unfolds x again instead of keeping the
    /// forward pass's columns, which are 25 times the size of x for a 5×5 kernel and would go
    /// to memory and back; here they are unfolded a few images at a time, into cache. Each
    /// block of images is one product per group, summed over the block's positions; blocks go
    /// to a number of chunks fixed by the sizes, each chunk adds its blocks in order and the
    /// chunks are added in order, so the result does not depend on the thread count. float32
    /// and float64.
    public static func convolution2DGradW(
        _ x: NDArray, _ gy: NDArray, kh: Int, kw: Int, _ options: Convolution2DOptions = .init(), coverAll: Bool = false
    ) -> NDArray {
        do { return try convolution2DGradWChecked(x, gy, kh: kh, kw: kw, options, coverAll: coverAll) } catch { fail(error) }
    }

    static func convolution2DGradWChecked(
        _ x: NDArray, _ gy: NDArray, kh: Int, kw: Int, _ options: Convolution2DOptions, coverAll: Bool
    ) throws(ShapeError) -> NDArray {
        let name = "convolution2DGradW"
        guard x.ndim == 4, gy.ndim == 4, gy.shape[0] == x.shape[0], x.shape[1] % options.groups == 0,
              gy.shape[1] % options.groups == 0 else {
            throw ShapeError("\(name): x (N, C, H, W) and gy (N, O, outH, outW) with C and O divisible by groups "
                                 + "\(options.groups), got x \(format(x.shape)), gy \(format(gy.shape))")
        }
        try checkFloatOperands(x, gy, nil, name)
        let g = options.window(name, kh: kh, kw: kw)
        let (oh, ow) = try g.outputSize(h: x.shape[2], w: x.shape[3], coverAll: coverAll, name)
        guard gy.shape[2] == oh, gy.shape[3] == ow else {
            throw ShapeError("\(name): gy's spatial size must be the convolution's output size (\(oh), \(ow)), "
                                 + "got gy \(format(gy.shape)) for x \(format(x.shape))")
        }
        func run<T: NDFloat>(_: T.Type) -> NDArray { gradWKernel(T.self, x, gy, g, options.groups) }
        return byFloat(gy.dtype, name, f32: run(Float.self), f64: run(Double.self))
    }

    /// Bytes of one block's columns and gy rows: they are read by the block's products (the
    /// columns written just before), so they should stay in a core's L2 cache.
    static let gradWBlockBytes = 1 << 18

    private static func gradWKernel<T: NDFloat>(_: T.Type, _ x: NDArray, _ gy: NDArray, _ g: Window2D, _ groups: Int) -> NDArray {
        let (n, c, h, w, o) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], gy.shape[1])
        let (spatial, depth) = (gy.shape[2] * gy.shape[3], c * g.kh * g.kw)
        let (groupOut, groupDepth) = (o / groups, depth / groups)
        let size = o * groupDepth
        guard n * spatial > 0 else { return NDArray(zeros: [o, c / groups, g.kh, g.kw], dtype: gy.dtype) }
        // A block's columns (C·kh·kw rows) and gy rows (O rows), each a row of its positions.
        let perBlock = max(1, min(n, gradWBlockBytes / MemoryLayout<T>.stride / ((depth + o) * spatial)))
        let blocks = (n + perBlock - 1) / perBlock
        // One chunk when the batch is too small to pay for a dispatch, or when one block's
        // product is large enough for GEMM to thread on its own (and partial sums of a large
        // filter would cost memory); else up to 8. Fixed by the sizes alone.
        let blockWork = size * perBlock * spatial
        let chunks = n * size * spatial < GEMM.parallelWork / 8 || blockWork >= GEMM.parallelWork ? 1 : min(blocks, 8)
        let (planeWindow, avx512) = (PlaneWindow(g, h: h, w: w, oh: gy.shape[2], ow: gy.shape[3]), GEMM.Variant.avx512.isSupported)
        var gW = NDArray(uninitialized: [o, c / groups, g.kh, g.kw], dtype: gy.dtype)
        x.withUnsafeBufferPointer(as: T.self) { px in
            gy.withUnsafeBufferPointer(as: T.self) { pg in
                gW.withUnsafeMutableBufferPointer(as: T.self) { out in
                    // Chunk 0 sums into gW, the others into `partials`, added in chunk order.
                    ScratchMemory.with((chunks - 1) * size, of: T.self) { partials in
                        Threading.parallelFor(chunks) { chunk in
                            let sum = chunk == 0 ? out.baseAddress! : partials + (chunk - 1) * size
                            let mine = Threading.range(of: chunk, in: chunks, count: blocks)
                            ScratchMemory.with(depth * perBlock * spatial, of: T.self) { columns in
                                for block in mine {
                                    let images = (block * perBlock)..<min(n, (block + 1) * perBlock)
                                    let k = images.count * spatial
                                    for (i, image) in images.enumerated() {
                                        im2colPlanes(px.baseAddress! + image * c * h * w, count: c, planeWindow, pad: 0,
                                                     into: columns + i * spatial, tapStride: k, avx512: avx512)
                                    }
                                    // gy's rows for the block's images, one run per image.
                                    let rows = pg.baseAddress! + images.lowerBound * o * spatial
                                    for group in 0..<groups {
                                        GEMM.productNT(runs: images.count, run: spatial, m: groupOut, n: groupDepth,
                                                       a: rows + group * groupOut * spatial, lda: spatial,
                                                       aRunStride: o * spatial, b: columns + group * groupDepth * k,
                                                       ldb: k, bRunStride: spatial, accumulate: block != mine.lowerBound,
                                                       c: sum + group * groupOut * groupDepth, ldc: groupDepth)
                                    }
                                }
                            }
                        }
                        for chunk in 1..<chunks {
                            let partial = partials + (chunk - 1) * size
                            for i in 0..<size { out[i] += partial[i] }
                        }
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
                                GEMM.product(T.self, transA: true, transB: false, m: groupRows, n: spatial, k: groupIn,
                                             a: pw.baseAddress! + group * groupIn * groupRows, lda: groupRows,
                                             b: px.baseAddress! + (image * c + group * groupIn) * spatial, ldb: spatial,
                                             accumulate: false, c: col + group * groupRows * spatial, ldc: spatial)
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
