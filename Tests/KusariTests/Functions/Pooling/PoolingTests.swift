import Testing
@testable import Kusari
import KusariTesting

/// One pooling geometry: input (n, c, h, w), kernel, stride, padding, cover_all.
struct PoolCase: CustomStringConvertible {
    var n = 2, c = 2, h = 4, w = 4, kh = 2, kw = 2, sy = 2, sx = 2, ph = 0, pw = 0, coverAll = true

    var ksize: Pair { Pair(kh, kw) }
    var stride: Pair { Pair(sy, sx) }
    var pad: Pair { Pair(ph, pw) }
    var description: String { "x (\(n), \(c), \(h), \(w)) k (\(kh), \(kw)) s (\(sy), \(sx)) p (\(ph), \(pw)) coverAll \(coverAll)" }

    func size(_ n: Int, _ k: Int, _ s: Int, _ p: Int, coverAll: Bool) -> Int { (n + 2 * p - k + (coverAll ? s - 1 : 0)) / s + 1 }

    /// Direct loops over every window: the maximum (padding −∞) or the mean over kh·kw taps
    /// (padding 0).
    func naive(_ x: NDArray, max: Bool) -> NDArray {
        let xs = x.toArray(as: Double.self)
        let cover = max && coverAll
        let (oh, ow) = (size(h, kh, sy, ph, coverAll: cover), size(w, kw, sx, pw, coverAll: cover))
        var y: [Double] = []
        for plane in 0..<(n * c) { for oy in 0..<oh { for ox in 0..<ow {
            var best = -Double.infinity, sum = 0.0
            for j in 0..<kh { for i in 0..<kw {
                let iy = oy * sy - ph + j, ix = ox * sx - pw + i
                let v = iy >= 0 && iy < h && ix >= 0 && ix < w ? xs[(plane * h + iy) * w + ix] : (max ? -Double.infinity : 0)
                best = Swift.max(best, v)
                sum += v
            } }
            y.append(max ? best : sum / Double(kh * kw))
        } } }
        return NDArray(y, shape: [n, c, oh, ow])
    }

    /// Distinct values 0.01 apart in shuffled order, so no window has ties within ±eps.
    func distinctInput(seed: UInt64) -> NDArray {
        var random = SplitMix64(seed: seed)
        var values = (0..<(n * c * h * w)).map { Double($0) * 0.01 - 0.3 }
        for i in values.indices.reversed() where i > 0 { values.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        return NDArray(values, shape: [n, c, h, w])
    }
}

@Suite struct PoolingTests {
    static let cases: [PoolCase] = [
        PoolCase(),
        PoolCase(n: 1, c: 2, h: 5, w: 6, kh: 3, kw: 3, sy: 2, sx: 2, ph: 1, pw: 1),
        PoolCase(n: 1, c: 2, h: 5, w: 6, kh: 3, kw: 3, sy: 2, sx: 2, ph: 1, pw: 1, coverAll: false),
        PoolCase(n: 2, c: 1, h: 5, w: 7, kh: 2, kw: 3, sy: 1, sx: 2, ph: 1, pw: 1),
        PoolCase(n: 1, c: 1, h: 5, w: 5, kh: 2, kw: 2, sy: 2, sx: 2),
    ]

    static func maxPool(_ t: PoolCase) -> ([Variable]) -> [Variable] {
        { [F.maxPooling2D($0[0], ksize: t.ksize, stride: t.stride, pad: t.pad, coverAll: t.coverAll)] }
    }

    static func averagePool(_ t: PoolCase) -> ([Variable]) -> [Variable] {
        { [F.averagePooling2D($0[0], ksize: t.ksize, stride: t.stride, pad: t.pad)] }
    }

    @Test func maxPoolingDefaults() {
        // 5×5 with ksize 2: stride defaults to 2 and cover_all to true, giving 3×3 windows.
        let x = Variable(NDArray((0..<25).map(Double.init), shape: [1, 1, 5, 5]))
        let y = F.maxPooling2D(x, ksize: 2)
        #expect(y.array.toArray(as: Double.self) == [6, 8, 9, 16, 18, 19, 21, 23, 24])
        #expect(F.maxPooling2D(x, ksize: 2, coverAll: false).array.toArray(as: Double.self) == [6, 8, 16, 18])
    }

    @Test func averagePoolingCountsPaddingAsZero() {
        // 2×2 of ones, ksize 2, pad 1, stride 1: corner windows hold one pixel, so 1/4.
        let x = Variable(NDArray([1.0, 1, 1, 1], shape: [1, 1, 2, 2]))
        let y = F.averagePooling2D(x, ksize: 2, stride: 1, pad: 1)
        #expect(y.array.toArray(as: Double.self) == [0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25])
    }

    @Test(arguments: cases) func forwardMatchesDirectLoops(_ t: PoolCase) {
        let x = t.distinctInput(seed: 1)
        let y = Self.maxPool(t)([Variable(x)])[0]
        #expect(y.array.toArray(as: Double.self) == t.naive(x, max: true).toArray(as: Double.self))
        let mean = Self.averagePool(t)([Variable(x)])[0]
        #expect(maxDifference(mean.array, t.naive(x, max: false)) < 1e-12)
        let single = Self.averagePool(t)([Variable(x.astype(.float32))])[0]
        #expect(single.dtype == .float32 && maxDifference(single.array, mean.array) < 1e-6)
    }

    @Test(arguments: cases) func backward(_ t: PoolCase) throws {
        try checkBackward(Self.maxPool(t), [t.distinctInput(seed: 2)])
        try checkBackward(Self.averagePool(t), [t.distinctInput(seed: 3)])
    }

    @Test(arguments: [cases[1], cases[3]]) func doubleBackward(_ t: PoolCase) throws {
        let x = t.distinctInput(seed: 4)
        let maxShape = Self.maxPool(t)([Variable(x)])[0].shape
        let averageShape = Self.averagePool(t)([Variable(x)])[0].shape
        var random = SplitMix64(seed: 5)
        try checkDoubleBackward(Self.maxPool(t), [x], gradOutputs: [random.uniform(maxShape)])
        try checkDoubleBackward(Self.averagePool(t), [x], gradOutputs: [random.uniform(averageShape)])
    }

    @Test func maxPoolingGradientGoesToTheArgmax() {
        // Overlapping windows (k 3, s 1) share the maximum 9: it receives every window's gradient.
        let x = Variable(NDArray([1.0, 2, 3, 4, 5, 9, 6, 7, 8, 0, 0, 0], shape: [1, 1, 3, 4]))
        F.sum(F.maxPooling2D(x, ksize: 3, stride: 1, coverAll: false)).backward()
        #expect(x.grad?.toArray(as: Double.self) == [0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0])
    }

    @Test func shapeMessages() {
        let window = PoolingWindow(ksize: 2, stride: 2, pad: 0)
        #expect(throws: ShapeError("max_pooling_2d: x.ndim == 4, actual 2")) {
            try MaxPooling2DFunction(window, coverAll: true).checkInputs([NDArray(zeros: [2, 3])])
        }
        #expect(throws: ShapeError("average_pooling_2d: x.dtype.kind == 'f', actual int32")) {
            try AveragePooling2DFunction(window).checkInputs([NDArray(zeros: [1, 1, 2, 2], dtype: .int32)])
        }
        #expect(throws: ShapeError("average_pooling_2d: output size must be positive, actual (0, 1) for input (1, 2) "
                                       + "with ksize (2, 2), stride (2, 2), pad (0, 0)")) {
            try AveragePooling2DFunction(window).checkInputs([NDArray(zeros: [1, 1, 1, 2])])
        }
    }
}
