import Testing
@testable import KusariArray

/// One float32 im2col/col2im geometry for the C kernels: input (n, c, h, w), kernel, stride, pad,
/// dilation.
private struct KernelCase: CustomTestStringConvertible, Sendable {
    let n, c, h, w, kh, kw, sy, sx, ph, pw, dy, dx: Int
    var testDescription: String {
        "x (\(n), \(c), \(h), \(w)) k (\(kh), \(kw)) s (\(sy), \(sx)) p (\(ph), \(pw)) d (\(dy), \(dx))"
    }
    var oh: Int { convOutSize(size: h, k: kh, s: sy, p: ph, d: dy) }
    var ow: Int { convOutSize(size: w, k: kw, s: sx, p: pw, d: dx) }
    var window: Window2D { Window2D("test", kh: kh, kw: kw, sy: sy, sx: sx, ph: ph, pw: pw, dy: dy, dx: dx) }

    /// The input pixel window (y, x) reads through tap (j, i), or nil in the padding.
    func source(_ y: Int, _ x: Int, _ j: Int, _ i: Int) -> (Int, Int)? {
        let r = y * sy - ph + j * dy, q = x * sx - pw + i * dx
        return r >= 0 && r < h && q >= 0 && q < w ? (r, q) : nil
    }
}

/// Odd sizes, strides 1 to 3 on each axis, padding (some wider than the kernel), dilation, rows
/// of 1 to 40 columns (one, two and three 16-lane steps) and images taller than the 16 rows the
/// AVX-512 col2im sums at once; LeNet's conv1 and conv2 (per image) last.
private let kernelCases: [KernelCase] = [
    KernelCase(n: 2, c: 3, h: 7, w: 9, kh: 3, kw: 3, sy: 1, sx: 1, ph: 1, pw: 1, dy: 1, dx: 1),
    KernelCase(n: 1, c: 2, h: 11, w: 13, kh: 3, kw: 2, sy: 2, sx: 1, ph: 0, pw: 2, dy: 1, dx: 1),
    KernelCase(n: 1, c: 2, h: 9, w: 35, kh: 2, kw: 3, sy: 1, sx: 2, ph: 1, pw: 0, dy: 1, dx: 1),
    KernelCase(n: 2, c: 1, h: 10, w: 50, kh: 3, kw: 3, sy: 3, sx: 3, ph: 2, pw: 1, dy: 1, dx: 1),
    KernelCase(n: 1, c: 2, h: 13, w: 11, kh: 3, kw: 3, sy: 1, sx: 1, ph: 2, pw: 3, dy: 2, dx: 2),
    KernelCase(n: 1, c: 1, h: 5, w: 5, kh: 2, kw: 2, sy: 1, sx: 1, ph: 4, pw: 3, dy: 1, dx: 1),
    KernelCase(n: 1, c: 1, h: 37, w: 41, kh: 4, kw: 2, sy: 1, sx: 1, ph: 1, pw: 0, dy: 1, dx: 1),
    KernelCase(n: 1, c: 2, h: 3, w: 1, kh: 1, kw: 1, sy: 1, sx: 1, ph: 0, pw: 0, dy: 1, dx: 1),
    KernelCase(n: 1, c: 1, h: 20, w: 19, kh: 3, kw: 5, sy: 2, sx: 3, ph: 3, pw: 2, dy: 2, dx: 1),
    KernelCase(n: 2, c: 1, h: 28, w: 28, kh: 5, kw: 5, sy: 1, sx: 1, ph: 0, pw: 0, dy: 1, dx: 1),
    KernelCase(n: 1, c: 20, h: 12, w: 12, kh: 5, kw: 5, sy: 1, sx: 1, ph: 0, pw: 0, dy: 1, dx: 1),
]

/// The AVX-512 kernels where this CPU has them, and always the portable ones.
private let variants = [false, true].filter { !$0 || GEMM.Variant.avx512.isSupported }

private func random(_ shape: [Int], seed: UInt64) -> NDArray {
    var stream = RandomStream(seed: seed, stream: 5)
    return stream.uniform(shape, low: -1, high: 1, dtype: .float32)
}

/// im2col by its definition, one element at a time.
private func naiveIm2col(_ x: NDArray, _ t: KernelCase, pad: Float) -> [Float] {
    var col: [Float] = []
    for n in 0..<t.n { for c in 0..<t.c { for j in 0..<t.kh { for i in 0..<t.kw {
        for y in 0..<t.oh { for xo in 0..<t.ow {
            col.append(t.source(y, xo, j, i).map { Float(x[n, c, $0.0, $0.1]) } ?? pad)
        } }
    } } } }
    return col
}

/// col2im by its definition in float32: +0 plus every tap, scattered in the order n, c, j, i,
/// y, x, so each pixel adds its taps in ascending (j, i) order, as documented.
private func naiveCol2im(_ col: NDArray, _ t: KernelCase) -> [Float] {
    let values = col.toArray(as: Float.self)
    var img = [Float](repeating: 0, count: t.n * t.c * t.h * t.w)
    var e = 0
    for n in 0..<t.n { for c in 0..<t.c { for j in 0..<t.kh { for i in 0..<t.kw {
        for y in 0..<t.oh { for xo in 0..<t.ow {
            if let (r, q) = t.source(y, xo, j, i) { img[((n * t.c + c) * t.h + r) * t.w + q] += values[e] }
            e += 1
        } }
    } } } }
    return img
}

/// The first position where `a` and `b` differ in bits (so +0 and −0 differ), nil when they
/// are identical: a short failure message for long arrays.
private func firstDifference(_ a: NDArray, _ b: [Float]) -> Int? {
    let values = a.toArray(as: Float.self)
    guard values.count == b.count else { return -1 }
    return values.indices.first { values[$0].bitPattern != b[$0].bitPattern }
}

@Suite struct Im2colKernelTests {
    @Test(arguments: kernelCases) fileprivate func im2colCopiesExactly(_ t: KernelCase) throws {
        let x = random([t.n, t.c, t.h, t.w], seed: 1)
        for avx512 in variants {
            let col = try x.im2colChecked(t.window, coverAll: false, padValue: -0.5, avx512: avx512)
            #expect(col.shape == [t.n, t.c, t.kh, t.kw, t.oh, t.ow])
            #expect(firstDifference(col, naiveIm2col(x, t, pad: -0.5)) == nil, "avx512 \(avx512)")
        }
    }

    @Test(arguments: kernelCases) fileprivate func col2imSumsInTapOrder(_ t: KernelCase) throws {
        let col = random([t.n, t.c, t.kh, t.kw, t.oh, t.ow], seed: 2)
        for avx512 in variants {
            let img = try col.col2imChecked(sy: t.sy, sx: t.sx, ph: t.ph, pw: t.pw, h: t.h, w: t.w, dy: t.dy, dx: t.dx,
                                            avx512: avx512)
            #expect(img.shape == [t.n, t.c, t.h, t.w])
            #expect(firstDifference(img, naiveCol2im(col, t)) == nil, "avx512 \(avx512)")
        }
    }

    /// Every pixel starts from +0, as the definition's zeroed image does: taps of −0 give +0,
    /// and pixels no tap reads are +0 too.
    @Test func col2imOfNegativeZerosIsPositiveZero() throws {
        let t = kernelCases[4]
        let col = NDArray.full([t.n, t.c, t.kh, t.kw, t.oh, t.ow], -0.0)
        for avx512 in variants {
            let img = try col.col2imChecked(sy: t.sy, sx: t.sx, ph: t.ph, pw: t.pw, h: t.h, w: t.w, dy: t.dy, dx: t.dx,
                                            avx512: avx512)
            #expect(firstDifference(img, [Float](repeating: 0, count: t.n * t.c * t.h * t.w)) == nil, "avx512 \(avx512)")
        }
    }
}
