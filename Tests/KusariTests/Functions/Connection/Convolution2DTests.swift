import Testing
@testable import Kusari
import KusariTesting

@Suite struct Convolution2DTests {
    static let cases: [ConvCase] = [
        ConvCase(),
        ConvCase(n: 2, c: 3, h: 7, w: 6, out: 2, sy: 2, sx: 2, ph: 1, pw: 1),
        ConvCase(n: 1, c: 2, h: 7, w: 7, out: 3, kh: 3, kw: 2, dy: 2, dx: 2),
        ConvCase(n: 2, c: 4, h: 5, w: 5, out: 6, groups: 2),
        ConvCase(n: 1, c: 2, h: 6, w: 6, out: 2, sy: 2, sx: 2, coverAll: true),
        ConvCase(n: 2, c: 2, h: 5, w: 7, out: 3, kh: 2, kw: 3, sy: 1, sx: 2, ph: 1, pw: 0),
    ]

    static func convolve(_ t: ConvCase) -> ([Variable]) -> [Variable] {
        { v in [F.convolution2D(v[0], v[1], v.count > 2 ? v[2] : nil, stride: t.stride, pad: t.pad, coverAll: t.coverAll,
                                dilate: t.dilate, groups: t.groups)] }
    }

    static func inputs(_ t: ConvCase, seed: UInt64) -> [NDArray] {
        var random = SplitMix64(seed: seed)
        return [random.uniform(t.xShape), random.uniform(t.convWShape), random.uniform([t.out])]
    }

    @Test(arguments: cases) func forwardMatchesDirectLoops(_ t: ConvCase) {
        let (x, W, b) = { (a: [NDArray]) in (a[0], a[1], a[2]) }(Self.inputs(t, seed: 1))
        let expected = naiveConvolution(x, W, b, t)
        let y = F.convolution2D(Variable(x), Variable(W), Variable(b), stride: t.stride, pad: t.pad,
                                coverAll: t.coverAll, dilate: t.dilate, groups: t.groups)
        #expect(y.shape == [t.n, t.out, t.oh, t.ow])
        #expect(maxDifference(y.array, expected) < 1e-12)
        let single = F.convolution2D(Variable(x.astype(.float32)), Variable(W.astype(.float32)), Variable(b.astype(.float32)),
                                     stride: t.stride, pad: t.pad, coverAll: t.coverAll, dilate: t.dilate, groups: t.groups)
        #expect(single.dtype == .float32)
        #expect(maxDifference(single.array, expected) < 1e-5)
        let noBias = F.convolution2D(Variable(x), Variable(W), stride: t.stride, pad: t.pad, coverAll: t.coverAll,
                                     dilate: t.dilate, groups: t.groups)
        #expect(maxDifference(noBias.array, naiveConvolution(x, W, nil, t)) < 1e-12)
    }

    @Test func handWorkedValue() {
        // One 3×3 image, one 2×2 filter of ones, bias 10: each output is its window's sum + 10.
        let x = Variable(NDArray([1.0, 2, 3, 4, 5, 6, 7, 8, 9], shape: [1, 1, 3, 3]))
        let W = Variable(NDArray([1.0, 1, 1, 1], shape: [1, 1, 2, 2]))
        let y = F.convolution2D(x, W, Variable(NDArray([10.0], shape: [1])))
        #expect(y.array.toArray(as: Double.self) == [22, 26, 34, 38])
        // pad 1, stride 2: windows at rows/cols −1 and 1 see (1), (2+3), (4+7), (5+6+8+9).
        let padded = F.convolution2D(x, W, stride: 2, pad: 1)
        #expect(padded.array.toArray(as: Double.self) == [1, 5, 11, 28])
    }

    @Test(arguments: cases) func backward(_ t: ConvCase) throws {
        try checkBackward(Self.convolve(t), Self.inputs(t, seed: 2))
        try checkBackward(Self.convolve(t), Array(Self.inputs(t, seed: 3).prefix(2)))
    }

    @Test(arguments: [cases[1], cases[3], cases[4]]) func doubleBackward(_ t: ConvCase) throws {
        var small = t
        small.n = 1
        var random = SplitMix64(seed: 4)
        let gy = random.uniform([small.n, small.out, small.oh, small.ow])
        try checkDoubleBackward(Self.convolve(small), Self.inputs(small, seed: 5), gradOutputs: [gy])
    }

    @Test func emptyBatch() {
        let y = F.convolution2D(Variable(NDArray(zeros: [0, 3, 5, 5], dtype: .float64)),
                                Variable(NDArray(zeros: [4, 3, 3, 3], dtype: .float64)))
        #expect(y.shape == [0, 4, 3, 3])
    }

    @Test func shapeMessages() {
        let node = Convolution2DFunction(ConvolutionGeometry(stride: 1, pad: 0, dilate: 1, groups: 1), coverAll: false)
        let x = NDArray(zeros: [2, 3, 5, 5]), W = NDArray(zeros: [4, 1, 3, 3])
        #expect(throws: ShapeError("convolution_2d: x.shape[1] == W.shape[1] * groups, actual 3 != 1")) {
            try node.checkInputs([x, W])
        }
        #expect(throws: ShapeError("convolution_2d: x.ndim == 4, actual 2")) {
            try node.checkInputs([NDArray(zeros: [2, 3]), W])
        }
        #expect(throws: ShapeError("convolution_2d: b.shape == (4,), actual (3,)")) {
            try node.checkInputs([x, NDArray(zeros: [4, 3, 3, 3]), NDArray(zeros: [3])])
        }
        #expect(throws: ShapeError("convolution_2d: W.dtype == x.dtype, actual float64 != float32")) {
            try node.checkInputs([x, NDArray(zeros: [4, 3, 3, 3], dtype: .float64)])
        }
        #expect(throws: ShapeError.self) { try node.checkInputs([NDArray(zeros: [1, 3, 2, 2]), NDArray(zeros: [4, 3, 3, 3])]) }
    }
}
