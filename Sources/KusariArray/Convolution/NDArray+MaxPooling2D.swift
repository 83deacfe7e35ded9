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
    /// and propagates, as in NumPy's `max`. float32 (C kernels, 16 windows a step on AVX-512
    /// CPUs; where windows tile the planes exactly, kernel equal to stride and no padding, as
    /// many short rows as fill a step) and float64.
    public func maxPooling2D(
        kh: Int, kw: Int, sy: Int, sx: Int, ph: Int = 0, pw: Int = 0, coverAll: Bool = true
    ) -> (y: NDArray, indexes: NDArray) {
        let window = Window2D("maxPooling2D", kh: kh, kw: kw, sy: sy, sx: sx, ph: ph, pw: pw)
        do { return try maxPooling2DChecked(window, coverAll: coverAll) } catch { NDArray.fail(error) }
    }

    /// `avx512` picks the 16-wide float32 kernels (the default where the CPU has them); tests
    /// turn it off to check the SSE2 ones. `tiled` lets windows that tile the planes exactly
    /// take the tiled kernels (AVX-512 only); tests turn it off to check the general ones.
    func maxPooling2DChecked(
        _ window: Window2D, coverAll: Bool, avx512: Bool = GEMM.Variant.avx512.isSupported, tiled: Bool = true
    ) throws(ShapeError) -> (y: NDArray, indexes: NDArray) {
        guard ndim == 4 else {
            throw ShapeError("maxPooling2D: x must be 4-d (N, C, H, W), got shape \(NDArray.format(shape))")
        }
        let (oh, ow) = try window.outputSize(h: shape[2], w: shape[3], coverAll: coverAll, "maxPooling2D")
        if dtype == .float32 && avx512 && tiled && window.tiles(h: shape[2], w: shape[3], oh: oh, ow: ow)
            && kusari_maxpool_tiled_fits(window.kh, window.kw, shape[3]) != 0 {
            return maxPoolingTiledKernel(window, oh, ow)
        }
        func run<T: NDFloat>(_: T.Type) -> (NDArray, NDArray) { maxPoolingKernel(T.self, window, oh, ow, avx512) }
        return NDArray.byFloat(dtype, "maxPooling2D", f32: run(Float.self), f64: run(Double.self))
    }

    /// Float32 windows that tile the planes: `kusari_maxpool_tiled_f32` over runs of planes,
    /// NaN-aware throughout, so it matches `maxPoolingKernel` bit for bit.
    private func maxPoolingTiledKernel(_ g: Window2D, _ oh: Int, _ ow: Int) -> (NDArray, NDArray) {
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        var y = NDArray(uninitialized: [shape[0], shape[1], oh, ow], dtype: .float32)
        var indexes = NDArray(uninitialized: [shape[0], shape[1], oh, ow], dtype: .int32)
        withUnsafeBufferPointer(as: Float.self) { px in
            y.withUnsafeMutableBufferPointer(as: Float.self) { py in
                indexes.withUnsafeMutableBufferPointer(as: Int32.self) { pi in
                    Window2D.forEachRunOfTiledPlanes(planes, floats: h * w) { run in
                        let (image, out) = (run.lowerBound * h * w, run.lowerBound * oh * ow)
                        kusari_maxpool_tiled_f32(px.baseAddress! + image, run.count * oh, w, g.kh, g.kw,
                                                 py.baseAddress! + out, pi.baseAddress! + out)
                    }
                }
            }
        }
        return (y, indexes)
    }

    private func maxPoolingKernel<T: NDFloat>(
        _: T.Type, _ g: Window2D, _ oh: Int, _ ow: Int, _ avx512: Bool
    ) -> (NDArray, NDArray) {
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
                    Window2D.forEachRunOfPlanes(planes, work: g.kh * g.kw * oh * ow) { run in
                        var plane = run.lowerBound
                        while plane < run.upperBound {
                            let (image, out) = (px.baseAddress! + plane * h * w, plane * oh * ow)
                            if T.self == Float.self {
                                // Ordered comparisons are exact unless a plane holds a NaN, which is
                                // rare: the C kernel stops there and that plane is pooled NaN-aware.
                                plane += kusari_maxpool_f32(
                                    UnsafeRawPointer(image).assumingMemoryBound(to: Float.self), run.upperBound - plane,
                                    h, w, g.kh, g.kw, g.sy, g.sx, g.ph, g.pw, oh, ow,
                                    columnStarts.baseAddress!, columnEnds.baseAddress!, avx512 ? 1 : 0,
                                    UnsafeMutableRawPointer(py.baseAddress! + out).assumingMemoryBound(to: Float.self),
                                    pi.baseAddress! + out)
                                if plane == run.upperBound { break }
                            }
                            NDArray.maxPoolPlane(px.baseAddress! + plane * h * w, h, w, g, oh, ow,
                                                 py.baseAddress! + plane * oh * ow, pi.baseAddress! + plane * oh * ow)
                            plane += 1
                        }
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

    /// `avx512` and `tiled` as in `maxPooling2DChecked`; the tiled backward also has portable
    /// code, faster than the general one's zero fill and scatter.
    static func maxPooling2DBackwardChecked(
        _ gy: NDArray, indexes: NDArray, h: Int, w: Int, _ window: Window2D,
        avx512: Bool = GEMM.Variant.avx512.isSupported, tiled: Bool = true
    ) throws(ShapeError) -> NDArray {
        guard gy.ndim == 4 else {
            throw ShapeError("maxPooling2DBackward: gy must be 4-d (N, C, outH, outW), got shape \(format(gy.shape))")
        }
        guard indexes.shape == gy.shape, indexes.dtype == .int32 else {
            throw ShapeError("maxPooling2DBackward: indexes must be int32 of gy's shape \(format(gy.shape)), "
                                 + "got \(indexes.dtype) of shape \(format(indexes.shape))")
        }
        try window.checkOutputSize(gy.shape[2], gy.shape[3], h: h, w: w, "maxPooling2DBackward")
        let tiles = tiled && window.tiles(h: h, w: w, oh: gy.shape[2], ow: gy.shape[3])
        func run<T: NDFloat>(_: T.Type) -> NDArray {
            maxPoolingBackwardKernel(T.self, gy, indexes, h, w, window, tiles: tiles, avx512: avx512)
        }
        return byFloat(gy.dtype, "maxPooling2DBackward", f32: run(Float.self), f64: run(Double.self))
    }

    private static func maxPoolingBackwardKernel<T: NDFloat>(
        _: T.Type, _ gy: NDArray, _ indexes: NDArray, _ h: Int, _ w: Int, _ g: Window2D, tiles: Bool, avx512: Bool
    ) -> NDArray {
        let (planes, oh, ow) = (gy.shape[0] * gy.shape[1], gy.shape[2], gy.shape[3])
        var gx = NDArray(uninitialized: [gy.shape[0], gy.shape[1], h, w], dtype: gy.dtype)
        let taps = g.kh * g.kw
        // Tap k is row k / kw, column k mod kw of the window: looked up, not divided, per window.
        let tapRowArray = (0..<taps).map { $0 / g.kw }, tapColumnArray = (0..<taps).map { $0 % g.kw }
        gy.withUnsafeBufferPointer(as: T.self) { pg in
            indexes.withUnsafeBufferPointer(as: Int32.self) { pi in
                gx.withUnsafeMutableBufferPointer(as: T.self) { px in
                tapRowArray.withUnsafeBufferPointer { tapRows in
                tapColumnArray.withUnsafeBufferPointer { tapColumns in
                    // The float32 kernels stop at the first invalid index; the planes from the one
                    // holding it are done again in Swift, where the precondition names it.
                    func unpool(_ run: Range<Int>) {
                        var done = run.lowerBound
                        if T.self == Float.self {
                            let (windows, image) = (run.lowerBound * oh * ow, run.lowerBound * h * w)
                            let gyRun = UnsafeRawPointer(pg.baseAddress! + windows).assumingMemoryBound(to: Float.self)
                            let gxRun = UnsafeMutableRawPointer(px.baseAddress! + image).assumingMemoryBound(to: Float.self)
                            done += tiles
                                ? kusari_maxpool_tiled_backward_f32(
                                    gyRun, pi.baseAddress! + windows, run.count * oh, w, g.kh, g.kw,
                                    tapRows.baseAddress!, tapColumns.baseAddress!, avx512 ? 1 : 0, gxRun) / oh
                                : kusari_maxpool_backward_f32(
                                    gyRun, pi.baseAddress! + windows, run.count, h, w, g.kh, g.kw, g.sy, g.sx, g.ph,
                                    g.pw, oh, ow, tapRows.baseAddress!, tapColumns.baseAddress!, gxRun)
                        }
                        for plane in done..<run.upperBound {
                            NDArray.maxUnpoolPlane(pg.baseAddress! + plane * oh * ow, pi.baseAddress! + plane * oh * ow,
                                                   h, w, g, oh, ow, tapRows.baseAddress!, tapColumns.baseAddress!,
                                                   into: px.baseAddress! + plane * h * w)
                        }
                    }
                    if tiles && T.self == Float.self {
                        Window2D.forEachRunOfTiledPlanes(planes, floats: h * w, unpool)
                    } else {
                        Window2D.forEachRunOfPlanes(planes, work: h * w, unpool)
                    }
                }
                }
                }
            }
        }
        return gx
    }

    /// The gradient of one plane (float64, or a float32 plane whose argmax the C kernel found
    /// invalid, so that the message names it): `kusari_maxpool_backward_f32` in Swift.
    private static func maxUnpoolPlane<T: NDFloat>(
        _ gy: UnsafePointer<T>, _ argmax: UnsafePointer<Int32>, _ h: Int, _ w: Int, _ g: Window2D, _ oh: Int, _ ow: Int,
        _ tapRows: UnsafePointer<Int>, _ tapColumns: UnsafePointer<Int>, into image: UnsafeMutablePointer<T>
    ) {
        image.update(repeating: 0, count: h * w)
        // Walking windows backwards makes each element's sum run in ascending tap order.
        for oy in stride(from: oh - 1, through: 0, by: -1) {
            for ox in stride(from: ow - 1, through: 0, by: -1) {
                let k = Int(argmax[oy * ow + ox])
                precondition(k >= 0 && k < g.kh * g.kw, "maxPooling2DBackward: index \(k) outside a \(g.kh)×\(g.kw) window")
                let iy = oy * g.sy - g.ph + tapRows[k], ix = ox * g.sx - g.pw + tapColumns[k]
                if iy >= 0 && iy < h && ix >= 0 && ix < w {
                    image[iy * w + ix] += gy[oy * ow + ox]
                }
            }
        }
    }
}

extension Window2D {
    /// True when the windows tile an h × w plane exactly, giving an oh × ow output: kernel equal
    /// to the stride, no padding or dilation, h = oh·kh and w = ow·kw. Every input element is
    /// then in exactly one window.
    func tiles(h: Int, w: Int, oh: Int, ow: Int) -> Bool {
        kh == sy && kw == sx && ph == 0 && pw == 0 && dy == 1 && dx == 1 && h == oh * kh && w == ow * kw
    }

    /// `forEachRunOfPlanes` for the tiled pooling kernels (`floats` per plane): chunks hold at
    /// least `tiledGrain` floats, so that a second thread, tens of microseconds to wake, joins
    /// only runs of 100 µs or more (the elementwise grain would wake it for 7 µs of work).
    static func forEachRunOfTiledPlanes(_ planes: Int, floats: Int, _ body: (Range<Int>) -> Void) {
        let chunks = Threading.chunkCount(planes, grain: max(1, tiledGrain / max(floats, 1)))
        Threading.parallelFor(chunks) { chunk in body(Threading.range(of: chunk, in: chunks, count: planes)) }
    }

    /// Floats per chunk of the tiled pooling kernels: about 50 µs of work at their 0.1 ns a
    /// float.
    static let tiledGrain = 1 << 19
}
