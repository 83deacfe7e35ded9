import Testing
@testable import Kusari
import KusariTesting

@Suite struct Deconvolution2DTests {
    /// (geometry with c = input channels and out = output channels, outsize or nil).
    static let cases: [(ConvCase, Pair?)] = [
        (ConvCase(n: 2, c: 3, h: 4, w: 4, out: 2), nil),
        (ConvCase(n: 2, c: 2, h: 3, w: 4, out: 3, sy: 2, sx: 2, ph: 1, pw: 1), nil),
        (ConvCase(n: 1, c: 2, h: 3, w: 3, out: 2, sy: 2, sx: 2), Pair(8, 7)),
        (ConvCase(n: 1, c: 2, h: 3, w: 4, out: 2, kh: 3, kw: 2, dy: 2, dx: 2), nil),
        (ConvCase(n: 2, c: 4, h: 3, w: 3, out: 6, groups: 2), nil),
    ]

    static func outSize(_ t: ConvCase, _ outsize: Pair?) -> Pair {
        outsize ?? Pair(t.sy * (t.h - 1) + (t.kh - 1) * t.dy + 1 - 2 * t.ph, t.sx * (t.w - 1) + (t.kw - 1) * t.dx + 1 - 2 * t.pw)
    }

    static func deconvolve(_ t: ConvCase, _ outsize: Pair?) -> ([Variable]) -> [Variable] {
        { v in [F.deconvolution2D(v[0], v[1], v.count > 2 ? v[2] : nil, stride: t.stride, pad: t.pad, outsize: outsize,
                                  dilate: t.dilate, groups: t.groups)] }
    }

    static func inputs(_ t: ConvCase, seed: UInt64) -> [NDArray] {
        var random = SplitMix64(seed: seed)
        return [random.uniform(t.xShape), random.uniform([t.c, t.out / t.groups, t.kh, t.kw]), random.uniform([t.out])]
    }

    @Test(arguments: cases.indices) func forwardMatchesScatterLoops(_ index: Int) {
        let (t, outsize) = Self.cases[index]
        let a = Self.inputs(t, seed: 1)
        let size = Self.outSize(t, outsize)
        let y = Self.deconvolve(t, outsize)(a.map { Variable($0) })[0]
        #expect(y.shape == [t.n, t.out, size.h, size.w])
        #expect(maxDifference(y.array, naiveDeconvolution(a[0], a[1], a[2], t, outH: size.h, outW: size.w)) < 1e-12)
        let single = Self.deconvolve(t, outsize)(a.map { Variable($0.astype(.float32)) })[0]
        #expect(maxDifference(single.array, y.array) < 1e-5)
    }

    @Test func chainerOutputSizeExample() {
        // Chainer's docstring: x (10, 1, 5, 10), W (1, 3, 10, 10), stride 5, pad 5 → (10, 3, 20, 45).
        let y = F.deconvolution2D(Variable(NDArray(zeros: [10, 1, 5, 10])), Variable(NDArray(zeros: [1, 3, 10, 10])),
                                  stride: 5, pad: 5)
        #expect(y.shape == [10, 3, 20, 45])
    }

    @Test func isTheAdjointOfConvolution() {
        // ⟨conv(x, W), y⟩ = ⟨x, deconv(y, W)⟩ for stride 2, pad 1, dilation 2.
        var random = SplitMix64(seed: 9)
        let x = random.uniform([2, 3, 9, 8]), W = random.uniform([4, 3, 3, 2])
        let conv = F.convolution2D(Variable(x), Variable(W), stride: 2, pad: 1, dilate: 2)
        let y = random.uniform(conv.shape)
        let back = F.deconvolution2D(Variable(y), Variable(W), stride: 2, pad: 1, outsize: Pair(9, 8), dilate: 2)
        let left = (conv.array * y).sum().item, right = (x * back.array).sum().item
        #expect(abs(left - right) < 1e-10)
    }

    @Test(arguments: cases.indices) func backward(_ index: Int) throws {
        let (t, outsize) = Self.cases[index]
        try checkBackward(Self.deconvolve(t, outsize), Self.inputs(t, seed: 2))
    }

    @Test(arguments: [1, 2, 4]) func doubleBackward(_ index: Int) throws {
        var (t, outsize) = Self.cases[index]
        t.n = 1
        let size = Self.outSize(t, outsize)
        var random = SplitMix64(seed: 4)
        let gy = random.uniform([t.n, t.out, size.h, size.w])
        try checkDoubleBackward(Self.deconvolve(t, outsize), Self.inputs(t, seed: 5), gradOutputs: [gy])
    }

    @Test func shapeMessages() {
        let geometry = ConvolutionGeometry(stride: 2, pad: 0, dilate: 1, groups: 1)
        let x = NDArray(zeros: [1, 3, 4, 4]), W = NDArray(zeros: [2, 5, 3, 3])
        #expect(throws: ShapeError("deconvolution_2d: x.shape[1] == W.shape[0], actual 3 != 2")) {
            try Deconvolution2DFunction(geometry, outsize: nil).checkInputs([x, W])
        }
        #expect(throws: ShapeError("deconvolution_2d: b.shape == (5,), actual (2,)")) {
            try Deconvolution2DFunction(geometry, outsize: nil).checkInputs([x, NDArray(zeros: [3, 5, 3, 3]), NDArray(zeros: [2])])
        }
        // Convolving 12 rows back with k 3, s 2 gives 5 or 6 (with cover_all), not 4.
        #expect(throws: ShapeError("deconvolution_2d: outsize (12, 9) must give back x's size by convolution, "
                                       + "(5, 4) <= (x.shape[2], x.shape[3]) <= (6, 4), actual (4, 4)")) {
            try Deconvolution2DFunction(geometry, outsize: Pair(12, 9)).checkInputs([x, NDArray(zeros: [3, 5, 3, 3])])
        }
    }
}
