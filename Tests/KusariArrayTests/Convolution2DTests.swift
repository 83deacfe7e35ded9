import Testing
@testable import KusariArray

/// One convolution: x (n, c, h, w), W (o, c/groups, kh, kw), stride, pad, dilation, groups.
private struct ConvCase: CustomTestStringConvertible, Sendable {
    let n, c, h, w, o, kh, kw: Int
    let options: Convolution2DOptions
    var testDescription: String {
        "x (\(n), \(c), \(h), \(w)) W (\(o), \(c / options.groups), \(kh), \(kw)) \(options)"
    }
    var oh: Int { convOutSize(size: h, k: kh, s: options.sy, p: options.ph, d: options.dy) }
    var ow: Int { convOutSize(size: w, k: kw, s: options.sx, p: options.pw, d: options.dx) }
}

private let cases: [ConvCase] = [
    ConvCase(n: 2, c: 1, h: 8, w: 8, o: 3, kh: 5, kw: 5, options: .init()),
    ConvCase(n: 2, c: 4, h: 7, w: 6, o: 6, kh: 3, kw: 2, options: .init(sy: 2, sx: 1, ph: 1, pw: 2, groups: 2)),
    ConvCase(n: 1, c: 3, h: 9, w: 9, o: 2, kh: 3, kw: 3, options: .init(sy: 1, sx: 2, ph: 2, pw: 1, dy: 2, dx: 1)),
]

private func random(_ shape: [Int], seed: UInt64, dtype: DType = .float32) -> NDArray {
    var stream = RandomStream(seed: seed, stream: 3)
    return stream.uniform(shape, low: -1, high: 1, dtype: dtype)
}

/// The input pixel that output (oy, ox) reads through tap (j, i), or nil in the padding.
private func source(_ t: ConvCase, _ oy: Int, _ ox: Int, _ j: Int, _ i: Int) -> (Int, Int)? {
    let r = oy * t.options.sy - t.options.ph + j * t.options.dy, q = ox * t.options.sx - t.options.pw + i * t.options.dx
    return r >= 0 && r < t.h && q >= 0 && q < t.w ? (r, q) : nil
}

/// y[n, o, oy, ox] = b[o] + Σ W[o, c, j, i] x[n, g·C/G + c, r, q], in float64, by definition.
private func naiveConvolution(_ x: NDArray, _ W: NDArray, _ b: NDArray, _ t: ConvCase) -> [Double] {
    let (cg, og) = (t.c / t.options.groups, t.o / t.options.groups)
    var y: [Double] = []
    for n in 0..<t.n { for o in 0..<t.o { for oy in 0..<t.oh { for ox in 0..<t.ow {
        var sum = b[o]
        for c in 0..<cg { for j in 0..<t.kh { for i in 0..<t.kw {
            if let (r, q) = source(t, oy, ox, j, i) { sum += W[o, c, j, i] * x[n, o / og * cg + c, r, q] }
        } } }
        y.append(sum)
    } } } }
    return y
}

/// gW[o, c, j, i] = Σ gy[n, o, oy, ox] x[n, g·C/G + c, r, q], by definition.
private func naiveGradW(_ x: NDArray, _ gy: NDArray, _ t: ConvCase) -> [Double] {
    let (cg, og) = (t.c / t.options.groups, t.o / t.options.groups)
    var gW: [Double] = []
    for o in 0..<t.o { for c in 0..<cg { for j in 0..<t.kh { for i in 0..<t.kw {
        var sum = 0.0
        for n in 0..<t.n { for oy in 0..<t.oh { for ox in 0..<t.ow {
            if let (r, q) = source(t, oy, ox, j, i) { sum += gy[n, o, oy, ox] * x[n, o / og * cg + c, r, q] }
        } } }
        gW.append(sum)
    } } } }
    return gW
}

/// gx[n, g·C/G + c, r, q] = Σ gy[n, o, oy, ox] W[o, c, j, i] over the taps reading (r, q): the
/// transposed convolution of gy with W, scattered by definition.
private func naiveDeconvolution(_ gy: NDArray, _ W: NDArray, _ t: ConvCase) -> [Double] {
    let (cg, og) = (t.c / t.options.groups, t.o / t.options.groups)
    var gx = [Double](repeating: 0, count: t.n * t.c * t.h * t.w)
    for n in 0..<t.n { for o in 0..<t.o { for oy in 0..<t.oh { for ox in 0..<t.ow {
        for c in 0..<cg { for j in 0..<t.kh { for i in 0..<t.kw {
            if let (r, q) = source(t, oy, ox, j, i) {
                gx[((n * t.c + o / og * cg + c) * t.h + r) * t.w + q] += gy[n, o, oy, ox] * W[o, c, j, i]
            }
        } } }
    } } } }
    return gx
}

private func expectClose(_ actual: NDArray, _ expected: [Double], tolerance: Double = 1e-5) {
    let values = actual.astype(.float64).toArray(as: Double.self)
    #expect(values.count == expected.count)
    let worst = zip(values, expected).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= tolerance, "largest difference \(worst)")
}

@Suite(.serialized) struct Convolution2DTests {
    @Test(arguments: cases) fileprivate func passesMatchTheirDefinitions(_ t: ConvCase) {
        for dtype in [DType.float32, .float64] {
            let x = random([t.n, t.c, t.h, t.w], seed: 1, dtype: dtype)
            let W = random([t.o, t.c / t.options.groups, t.kh, t.kw], seed: 2, dtype: dtype)
            let b = random([t.o], seed: 3, dtype: dtype)
            let gy = random([t.n, t.o, t.oh, t.ow], seed: 4, dtype: dtype)
            let tolerance = dtype == .float32 ? 1e-5 : 1e-12
            let y = NDArray.convolution2D(x, W, bias: b, t.options)
            #expect(y.shape == [t.n, t.o, t.oh, t.ow])
            expectClose(y, naiveConvolution(x, W, b, t), tolerance: tolerance)
            expectClose(NDArray.convolution2DGradW(x, gy, kh: t.kh, kw: t.kw, t.options), naiveGradW(x, gy, t),
                        tolerance: tolerance)
            let gx = NDArray.deconvolution2D(gy, W, t.options, outH: t.h, outW: t.w)
            expectClose(gx, naiveDeconvolution(gy, W, t), tolerance: tolerance)
        }
    }

    /// A batch whose weight gradient takes several blocks of images (11 blocks of 3 images in
    /// float32, 32 of one in float64) in 8 chunks: every block and chunk is added once, on any
    /// thread count.
    @Test func weightGradientOverBlocksAndChunks() {
        let t = ConvCase(n: 32, c: 2, h: 20, w: 20, o: 8, kh: 5, kw: 5, options: .init(ph: 1, pw: 1, groups: 2))
        let saved = Threading.threadCount
        defer { Threading.threadCount = saved }
        for (dtype, tolerance) in [(DType.float32, 2e-4), (.float64, 1e-11)] {
            let x = random([t.n, t.c, t.h, t.w], seed: 9, dtype: dtype), gy = random([t.n, t.o, t.oh, t.ow], seed: 10, dtype: dtype)
            Threading.threadCount = 1
            let single = NDArray.convolution2DGradW(x, gy, kh: t.kh, kw: t.kw, t.options)
            expectClose(single, naiveGradW(x, gy, t), tolerance: tolerance)
            Threading.threadCount = 3
            #expect(NDArray.convolution2DGradW(x, gy, kh: t.kh, kw: t.kw, t.options).isIdentical(to: single), "\(dtype)")
        }
    }

    /// Bias of the transposed convolution: added once to every output pixel of its channel.
    @Test func deconvolutionBias() {
        let x = NDArray([Float(1), 2], shape: [1, 1, 1, 2]), W = NDArray([Float(3)], shape: [1, 1, 1, 1])
        let y = NDArray.deconvolution2D(x, W, bias: NDArray([Float(0.5)]), outH: 1, outW: 2)
        #expect(y.toArray(as: Float.self) == [3.5, 6.5])
    }

    /// The seed CNN's second convolution on a batch large enough to be split over threads: one
    /// and several threads give the same bits for every pass.
    @Test func threadCountInvariance() {
        let x = random([16, 20, 12, 12], seed: 5), W = random([50, 20, 5, 5], seed: 6), b = random([50], seed: 7)
        let gy = random([16, 50, 8, 8], seed: 8)
        let saved = Threading.threadCount
        defer { Threading.threadCount = saved }
        func passes() -> [[Float]] {
            [NDArray.convolution2D(x, W, bias: b), NDArray.convolution2DGradW(x, gy, kh: 5, kw: 5),
             NDArray.deconvolution2D(gy, W, outH: 12, outW: 12)]
                .map { $0.toArray(as: Float.self) }
        }
        Threading.threadCount = 1
        let single = passes()
        for threads in [2, 3] {
            Threading.threadCount = threads
            #expect(passes() == single)
        }
    }

    @Test func shapeErrors() {
        let x = NDArray(zeros: [1, 4, 5, 5]), W = NDArray(zeros: [6, 3, 3, 3])
        #expect(throws: ShapeError("convolution2D: x (N, C, H, W), W (O, C/groups, kh, kw) and bias (O,) with groups 1, "
                                       + "got x (1, 4, 5, 5), W (6, 3, 3, 3), bias none")) {
            try NDArray.convolution2DChecked(x, W, bias: nil, .init(), coverAll: false)
        }
        #expect(throws: ShapeError("convolution2D: float32 or float64 operands of one dtype, got float32, float64")) {
            try NDArray.convolution2DChecked(NDArray(zeros: [1, 3, 5, 5]), NDArray(zeros: [6, 3, 3, 3], dtype: .float64),
                                             bias: nil, .init(), coverAll: false)
        }
        #expect(throws: ShapeError("convolution2DGradW: x (N, C, H, W) and gy (N, O, outH, outW) with C and O divisible "
                                       + "by groups 2, got x (1, 4, 5, 5), gy (2, 6, 3, 3)")) {
            try NDArray.convolution2DGradWChecked(x, NDArray(zeros: [2, 6, 3, 3]), kh: 3, kw: 3, .init(groups: 2), coverAll: false)
        }
        #expect(throws: ShapeError("convolution2DGradW: gy's spatial size must be the convolution's output size (3, 3), "
                                       + "got gy (1, 6, 4, 4) for x (1, 4, 5, 5)")) {
            try NDArray.convolution2DGradWChecked(x, NDArray(zeros: [1, 6, 4, 4]), kh: 3, kw: 3, .init(), coverAll: false)
        }
        #expect(throws: ShapeError("deconvolution2D: x (N, C, h, w), W (C, O/groups, kh, kw) and bias (O,) with groups 1 "
                                       + "and a positive output size, got x (1, 4, 5, 5), W (6, 3, 3, 3), bias none, output (7, 7)")) {
            try NDArray.deconvolution2DChecked(x, W, bias: nil, .init(), outH: 7, outW: 7)
        }
    }
}
