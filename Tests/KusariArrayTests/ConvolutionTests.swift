import Testing
@testable import KusariArray

/// One im2col configuration: input (n, c, h, w), kernel, stride, pad, dilation, cover_all.
struct Im2colCase: CustomTestStringConvertible, Sendable {
    let n, c, h, w, kh, kw, sy, sx, ph, pw, dy, dx: Int
    let coverAll: Bool
    var testDescription: String {
        "x (\(n), \(c), \(h), \(w)) k (\(kh), \(kw)) s (\(sy), \(sx)) p (\(ph), \(pw)) d (\(dy), \(dx)) cover \(coverAll)"
    }
    var oh: Int { convOutSize(size: h, k: kh, s: sy, p: ph, coverAll: coverAll, d: dy) }
    var ow: Int { convOutSize(size: w, k: kw, s: sx, p: pw, coverAll: coverAll, d: dx) }
}

private let im2colCases: [Im2colCase] = [
    Im2colCase(n: 2, c: 3, h: 7, w: 6, kh: 3, kw: 2, sy: 2, sx: 1, ph: 1, pw: 0, dy: 1, dx: 1, coverAll: false),
    Im2colCase(n: 1, c: 2, h: 8, w: 9, kh: 3, kw: 3, sy: 2, sx: 3, ph: 2, pw: 1, dy: 2, dx: 1, coverAll: true),
    Im2colCase(n: 2, c: 1, h: 5, w: 5, kh: 2, kw: 2, sy: 2, sx: 2, ph: 0, pw: 0, dy: 1, dx: 1, coverAll: true),
    Im2colCase(n: 1, c: 1, h: 4, w: 4, kh: 1, kw: 1, sy: 1, sx: 1, ph: 0, pw: 0, dy: 1, dx: 1, coverAll: false),
    Im2colCase(n: 1, c: 2, h: 6, w: 7, kh: 3, kw: 2, sy: 1, sx: 2, ph: 2, pw: 3, dy: 1, dx: 2, coverAll: false),
    // Padding wider than the kernel: whole windows fall in the padding.
    Im2colCase(n: 1, c: 1, h: 3, w: 3, kh: 2, kw: 2, sy: 1, sx: 1, ph: 3, pw: 3, dy: 1, dx: 1, coverAll: false),
    Im2colCase(n: 0, c: 2, h: 5, w: 5, kh: 3, kw: 3, sy: 1, sx: 1, ph: 1, pw: 1, dy: 1, dx: 1, coverAll: false),
]

private func randomImage(_ shape: [Int], dtype: DType = .float64, seed: UInt64 = 1) -> NDArray {
    var stream = RandomStream(seed: seed)
    return stream.uniform(shape, low: -1, high: 1, dtype: dtype)
}

/// im2col by its definition, one element at a time.
private func naiveIm2col(_ x: NDArray, _ t: Im2colCase, pad: Double) -> [Double] {
    var col: [Double] = []
    for n in 0..<t.n { for c in 0..<t.c { for j in 0..<t.kh { for i in 0..<t.kw {
        for y in 0..<t.oh { for xo in 0..<t.ow {
            let r = y * t.sy - t.ph + j * t.dy, q = xo * t.sx - t.pw + i * t.dx
            col.append(r >= 0 && r < t.h && q >= 0 && q < t.w ? x[n, c, r, q] : pad)
        } }
    } } } }
    return col
}

/// col2im by scattering every tap in the loop order n, c, j, i, y, x.
private func naiveCol2im(_ col: NDArray, _ t: Im2colCase) -> [Double] {
    var img = [Double](repeating: 0, count: t.n * t.c * t.h * t.w)
    for n in 0..<t.n { for c in 0..<t.c { for j in 0..<t.kh { for i in 0..<t.kw {
        for y in 0..<t.oh { for xo in 0..<t.ow {
            let r = y * t.sy - t.ph + j * t.dy, q = xo * t.sx - t.pw + i * t.dx
            if r >= 0 && r < t.h && q >= 0 && q < t.w { img[((n * t.c + c) * t.h + r) * t.w + q] += col[n, c, j, i, y, xo] }
        } }
    } } } }
    return img
}

private func im2col(_ x: NDArray, _ t: Im2colCase, pad: Double = 0) -> NDArray {
    x.im2col(kh: t.kh, kw: t.kw, sy: t.sy, sx: t.sx, ph: t.ph, pw: t.pw, dy: t.dy, dx: t.dx,
             coverAll: t.coverAll, padValue: pad)
}

private func col2im(_ col: NDArray, _ t: Im2colCase) -> NDArray {
    col.col2im(sy: t.sy, sx: t.sx, ph: t.ph, pw: t.pw, h: t.h, w: t.w, dy: t.dy, dx: t.dx)
}

@Suite(.serialized) struct ConvolutionTests {
    /// Values worked out by hand from Chainer's get_conv_outsize.
    @Test func convOutSizeHandWorked() {
        #expect(convOutSize(size: 28, k: 5, s: 1, p: 0) == 24)
        #expect(convOutSize(size: 7, k: 3, s: 2, p: 1) == 4)
        #expect(convOutSize(size: 7, k: 3, s: 2, p: 1, coverAll: true) == 4)
        #expect(convOutSize(size: 6, k: 3, s: 2, p: 0) == 2)
        #expect(convOutSize(size: 6, k: 3, s: 2, p: 0, coverAll: true) == 3)
        #expect(convOutSize(size: 5, k: 2, s: 2, p: 0, coverAll: true) == 3)
        #expect(convOutSize(size: 10, k: 3, s: 1, p: 0, d: 2) == 6)
        #expect(convOutSize(size: 10, k: 3, s: 2, p: 1, d: 3) == 3)
        #expect(convOutSize(size: 10, k: 3, s: 2, p: 1, coverAll: true, d: 3) == 4)
        // Floor division, as Python's //: (1 − 4) // 2 + 1 = −1, where truncation would give 0.
        #expect(convOutSize(size: 1, k: 4, s: 2, p: 0) == -1)
        #expect(convOutSize(size: 2, k: 5, s: 1, p: 0) == -2)
    }

    @Test func im2colHandWorked() {
        let x = NDArray((1...9).map(Float.init), shape: [1, 1, 3, 3])
        let col = x.im2col(kh: 2, kw: 2, sy: 1, sx: 1, ph: 0, pw: 0)
        #expect(col.shape == [1, 1, 2, 2, 2, 2])
        #expect(col.toArray(as: Float.self) == [1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9])
        // Pad 1, stride 2: the four corners' windows; padding reads as padValue.
        let padded = x.im2col(kh: 2, kw: 2, sy: 2, sx: 2, ph: 1, pw: 1, padValue: -1)
        #expect(padded.toArray(as: Float.self) == [-1, -1, -1, 5, -1, -1, 4, 6, -1, 2, -1, 8, 1, 3, 7, 9])
    }

    @Test(arguments: im2colCases) func im2colMatchesDefinition(_ t: Im2colCase) {
        let x = randomImage([t.n, t.c, t.h, t.w])
        let col = im2col(x, t, pad: 0.5)
        #expect(col.shape == [t.n, t.c, t.kh, t.kw, t.oh, t.ow])
        #expect(col.toArray(as: Double.self) == naiveIm2col(x, t, pad: 0.5))
        let x32 = x.astype(.float32)
        #expect(im2col(x32, t, pad: 0.5).toArray(as: Float.self) == naiveIm2col(x32, t, pad: 0.5).map { Float($0) })
    }

    @Test(arguments: im2colCases) func col2imMatchesDefinition(_ t: Im2colCase) {
        let col = randomImage([t.n, t.c, t.kh, t.kw, t.oh, t.ow], seed: 2)
        let img = col2im(col, t)
        #expect(img.shape == [t.n, t.c, t.h, t.w])
        #expect(img.toArray(as: Double.self) == naiveCol2im(col, t))
        let img32 = col2im(col.astype(.float32), t).toArray(as: Float.self)
        #expect(zip(img32, naiveCol2im(col, t)).allSatisfy { abs(Double($0) - $1) < 1e-5 })
    }

    /// ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩: col2im is the adjoint.
    @Test(arguments: im2colCases) func col2imIsTheAdjoint(_ t: Im2colCase) {
        let x = randomImage([t.n, t.c, t.h, t.w], seed: 3)
        let c = randomImage([t.n, t.c, t.kh, t.kw, t.oh, t.ow], seed: 4)
        func dot(_ a: NDArray, _ b: NDArray) -> Double {
            zip(a.toArray(as: Double.self), b.toArray(as: Double.self)).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let lhs = dot(im2col(x, t), c), rhs = dot(x, col2im(c, t))
        #expect(abs(lhs - rhs) <= 1e-12 * max(1, abs(lhs)))
    }

    @Test func threadCountInvariance() {
        let t = Im2colCase(n: 4, c: 16, h: 16, w: 16, kh: 3, kw: 3, sy: 1, sx: 1, ph: 1, pw: 1, dy: 1, dx: 1, coverAll: false)
        #expect(Threading.chunkCount(t.n * t.c, grain: NDArray.elementwiseGrain / (9 * t.oh * t.ow)) > 1)
        let x = randomImage([t.n, t.c, t.h, t.w], dtype: .float32)
        let saved = Threading.threadCount
        defer { Threading.threadCount = saved }
        Threading.threadCount = 1
        let col = im2col(x, t), img = col2im(col, t)
        for threads in [2, 3] {
            Threading.threadCount = threads
            let col2 = im2col(x, t)
            #expect(col2.toArray(as: Float.self) == col.toArray(as: Float.self))
            #expect(col2im(col2, t).toArray(as: Float.self) == img.toArray(as: Float.self))
        }
    }

    @Test func shapeErrors() {
        let window = Window2D("im2col", kh: 5, kw: 5, sy: 1, sx: 1, ph: 0, pw: 0)
        #expect(throws: ShapeError("im2col: x must be 4-d (N, C, H, W), got shape (3, 4)")) {
            try NDArray(zeros: [3, 4]).im2colChecked(window, coverAll: false, padValue: 0)
        }
        #expect(throws: ShapeError("im2col: input size (3, 8) with kernel (5, 5), stride (1, 1), pad (0, 0) "
                                       + "gives output size (-1, 4); it must be positive")) {
            try NDArray(zeros: [1, 1, 3, 8]).im2colChecked(window, coverAll: false, padValue: 0)
        }
        #expect(throws: ShapeError("col2im: col must be 6-d (N, C, kh, kw, outH, outW), got shape (1, 2, 3, 4)")) {
            try NDArray(zeros: [1, 2, 3, 4]).col2imChecked(sy: 1, sx: 1, ph: 0, pw: 0, h: 4, w: 4, dy: 1, dx: 1)
        }
    }
}
