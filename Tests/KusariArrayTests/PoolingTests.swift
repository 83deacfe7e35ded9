import Testing
@testable import KusariArray

/// One pooling configuration: input (n, c, h, w), kernel, stride, pad.
struct PoolCase: CustomTestStringConvertible, Sendable {
    let n, c, h, w, kh, kw, sy, sx, ph, pw: Int
    var testDescription: String { "x (\(n), \(c), \(h), \(w)) k (\(kh), \(kw)) s (\(sy), \(sx)) p (\(ph), \(pw))" }
    func out(coverAll: Bool) -> (Int, Int) {
        (convOutSize(size: h, k: kh, s: sy, p: ph, coverAll: coverAll), convOutSize(size: w, k: kw, s: sx, p: pw, coverAll: coverAll))
    }
}

private let poolCases: [PoolCase] = [
    PoolCase(n: 2, c: 3, h: 6, w: 6, kh: 2, kw: 2, sy: 2, sx: 2, ph: 0, pw: 0),
    PoolCase(n: 1, c: 2, h: 7, w: 5, kh: 3, kw: 2, sy: 2, sx: 1, ph: 1, pw: 1),
    PoolCase(n: 2, c: 1, h: 5, w: 8, kh: 3, kw: 3, sy: 1, sx: 3, ph: 0, pw: 2),
    PoolCase(n: 1, c: 1, h: 4, w: 4, kh: 2, kw: 2, sy: 1, sx: 1, ph: 2, pw: 2),
]

private func randomImage(_ shape: [Int], dtype: DType = .float64, seed: UInt64) -> NDArray {
    var stream = RandomStream(seed: seed, stream: 9)
    return stream.uniform(shape, low: -1, high: 1, dtype: dtype)
}

/// Small integers, so pooled windows often tie and sums are exact in any order.
private func integerImage(_ shape: [Int], seed: UInt64) -> NDArray {
    var stream = RandomStream(seed: seed, stream: 10)
    return stream.randint(shape, low: -3, high: 4).astype(.float64)
}

/// Calls `body(n, c, oy, ox, taps)` for every window, `taps` the input value (nil for padding)
/// at each tap in ascending order j·kw + i.
private func forEachWindow(
    _ x: NDArray, _ t: PoolCase, oh: Int, ow: Int, _ body: (Int, Int, Int, Int, [Double?]) -> Void
) {
    for n in 0..<t.n { for c in 0..<t.c { for oy in 0..<oh { for ox in 0..<ow {
        var taps: [Double?] = []
        for j in 0..<t.kh { for i in 0..<t.kw {
            let r = oy * t.sy - t.ph + j, q = ox * t.sx - t.pw + i
            taps.append(r >= 0 && r < t.h && q >= 0 && q < t.w ? x[n, c, r, q] : nil)
        } }
        body(n, c, oy, ox, taps)
    } } } }
}

private func naiveMaxPool(_ x: NDArray, _ t: PoolCase, coverAll: Bool) -> (y: [Double], indexes: [Int32]) {
    let (oh, ow) = t.out(coverAll: coverAll)
    var y: [Double] = [], indexes: [Int32] = []
    forEachWindow(x, t, oh: oh, ow: ow) { _, _, _, _, taps in
        let values = taps.map { $0 ?? -.infinity }
        // NaN wins and the first NaN is the argmax, as NumPy's max and argmax.
        let best = values.first(where: \.isNaN) ?? values.max()!
        y.append(best)
        indexes.append(Int32(values.firstIndex { $0 == best || best.isNaN && $0.isNaN }!))
    }
    return (y, indexes)
}

private func naiveAveragePool(_ x: NDArray, _ t: PoolCase) -> [Double] {
    let (oh, ow) = t.out(coverAll: false)
    var y: [Double] = []
    forEachWindow(x, t, oh: oh, ow: ow) { _, _, _, _, taps in
        y.append(taps.reduce(0) { $0 + ($1 ?? 0) } / Double(t.kh * t.kw))
    }
    return y
}

/// Scatters `gy` through each window: to the argmax tap (max pooling) or to every tap / (kh·kw).
private func naiveBackward(_ gy: NDArray, _ t: PoolCase, indexes: NDArray?) -> [Double] {
    var gx = [Double](repeating: 0, count: t.n * t.c * t.h * t.w)
    let (oh, ow) = (gy.shape[2], gy.shape[3])
    for n in 0..<t.n { for c in 0..<t.c { for oy in 0..<oh { for ox in 0..<ow {
        for j in 0..<t.kh { for i in 0..<t.kw {
            let r = oy * t.sy - t.ph + j, q = ox * t.sx - t.pw + i
            guard r >= 0 && r < t.h && q >= 0 && q < t.w else { continue }
            let target = ((n * t.c + c) * t.h + r) * t.w + q
            if let indexes {
                if Int(indexes[n, c, oy, ox]) == j * t.kw + i { gx[target] += gy[n, c, oy, ox] }
            } else {
                gx[target] += gy[n, c, oy, ox]
            }
        } }
    } } } }
    return indexes == nil ? gx.map { $0 / Double(t.kh * t.kw) } : gx
}

private func maxPool(_ x: NDArray, _ t: PoolCase, coverAll: Bool = true) -> (y: NDArray, indexes: NDArray) {
    x.maxPooling2D(kh: t.kh, kw: t.kw, sy: t.sy, sx: t.sx, ph: t.ph, pw: t.pw, coverAll: coverAll)
}

@Suite(.serialized) struct PoolingTests {
    // MARK: Max pooling

    @Test func maxPoolingHandWorked() {
        let x = NDArray((0..<16).map(Float.init), shape: [1, 1, 4, 4])
        let (y, indexes) = x.maxPooling2D(kh: 2, kw: 2, sy: 2, sx: 2)
        #expect(y.toArray(as: Float.self) == [5, 7, 13, 15])
        #expect(indexes.toArray(as: Int32.self) == [3, 3, 3, 3])
        // coverAll (the default) adds a third window per axis over the last row and column.
        let x5 = NDArray((0..<25).map(Float.init), shape: [1, 1, 5, 5])
        let covered = x5.maxPooling2D(kh: 2, kw: 2, sy: 2, sx: 2)
        #expect(covered.y.shape == [1, 1, 3, 3])
        #expect(covered.y.toArray(as: Float.self) == [6, 8, 9, 16, 18, 19, 21, 23, 24])
        #expect(covered.indexes.toArray(as: Int32.self) == [3, 3, 2, 3, 3, 2, 1, 1, 0])
        #expect(x5.maxPooling2D(kh: 2, kw: 2, sy: 2, sx: 2, coverAll: false).y.toArray(as: Float.self) == [6, 8, 16, 18])
    }

    /// float32 planes go through the C kernel; a plane holding a NaN is pooled again NaN-aware,
    /// so NaN still wins and its first position is the argmax, while other planes are untouched.
    @Test func float32NaNPlanes() {
        let values: [Float] = [1, 4, .nan, 7, 2, 4, 5, 5, 1, 9, 2, 9, 0, .nan, .nan, 8] + [1, 4, 3, 7, 2, 8, 5, 6, 1, 9, 2, 0, 0, 1, 3, 8]
        let (y, indexes) = NDArray(values, shape: [1, 2, 4, 4]).maxPooling2D(kh: 2, kw: 2, sy: 2, sx: 2)
        let pooled = y.toArray(as: Float.self)
        #expect(pooled[0] == 4 && pooled[1].isNaN && pooled[2].isNaN && pooled[3].isNaN)
        #expect(Array(pooled[4...]) == [8, 7, 9, 8])
        // The tie 4, 4 keeps the first; each NaN window names its first NaN.
        #expect(indexes.toArray(as: Int32.self) == [1, 0, 3, 2, 3, 1, 1, 3])
    }

    @Test func maxPoolingTiesNaNAndPadding() {
        // First maximum wins, as NumPy's argmax.
        let ties = NDArray([Float(3), 5, 5, 1, 2, 2, 2, 2], shape: [1, 2, 2, 2])
        let (y, indexes) = ties.maxPooling2D(kh: 2, kw: 2, sy: 2, sx: 2)
        #expect(y.toArray(as: Float.self) == [5, 2])
        #expect(indexes.toArray(as: Int32.self) == [1, 0])
        // NaN is the maximum and the first NaN is the argmax, as NumPy's max and argmax.
        let nan = NDArray([1, 4, Double.nan, 7, 1, Double.nan, 9, Double.nan], shape: [1, 2, 2, 2])
        let pooled = nan.maxPooling2D(kh: 2, kw: 2, sy: 2, sx: 2)
        #expect(pooled.y.toArray(as: Double.self).allSatisfy { $0.isNaN })
        #expect(pooled.indexes.toArray(as: Int32.self) == [2, 1])
        // A window wholly in the padding gives −∞ at index 0.
        let corner = NDArray([Float(1)], shape: [1, 1, 1, 1]).maxPooling2D(kh: 2, kw: 2, sy: 2, sx: 2, ph: 2, pw: 2, coverAll: false)
        #expect(corner.y.toArray(as: Float.self) == [-.infinity, -.infinity, -.infinity, 1])
        #expect(corner.indexes.toArray(as: Int32.self) == [0, 0, 0, 0])
        // Inputs of −∞ tie with the padding; NumPy's argmax then names tap 0, padding or not.
        let minus = NDArray([Float](repeating: -.infinity, count: 4), shape: [1, 1, 2, 2])
            .maxPooling2D(kh: 2, kw: 2, sy: 2, sx: 2, ph: 1, pw: 1, coverAll: false)
        #expect(minus.indexes.toArray(as: Int32.self) == [0, 0, 0, 0])
    }

    @Test(arguments: poolCases, [false, true]) func maxPoolingMatchesDefinition(_ t: PoolCase, coverAll: Bool) {
        for x in [randomImage([t.n, t.c, t.h, t.w], seed: 1), integerImage([t.n, t.c, t.h, t.w], seed: 2)] {
            let (y, indexes) = maxPool(x, t, coverAll: coverAll)
            let expected = naiveMaxPool(x, t, coverAll: coverAll)
            #expect(y.toArray(as: Double.self) == expected.y)
            #expect(indexes.toArray(as: Int32.self) == expected.indexes)
            let y32 = maxPool(x.astype(.float32), t, coverAll: coverAll)
            #expect(y32.y.toArray(as: Float.self) == expected.y.map { Float($0) })
            #expect(y32.indexes.toArray(as: Int32.self) == expected.indexes)
        }
    }

    @Test(arguments: poolCases, [false, true]) func maxPoolingBackwardMatchesDefinition(_ t: PoolCase, coverAll: Bool) {
        let x = integerImage([t.n, t.c, t.h, t.w], seed: 3)
        let (y, indexes) = maxPool(x, t, coverAll: coverAll)
        let gy = integerImage(y.shape, seed: 4)
        let gx = NDArray.maxPooling2DBackward(gy, indexes: indexes, h: t.h, w: t.w, kh: t.kh, kw: t.kw,
                                              sy: t.sy, sx: t.sx, ph: t.ph, pw: t.pw)
        #expect(gx.shape == [t.n, t.c, t.h, t.w])
        #expect(gx.toArray(as: Double.self) == naiveBackward(gy, t, indexes: indexes))
    }

    /// Element 2 is the argmax of three windows; summing their gradients a + b + c in ascending
    /// tap order (windows right to left, as Chainer's col2im) gives (c + b) + a = 1 in float32,
    /// where left to right would give (a + b) + c = 0.
    @Test func maxPoolingBackwardSumsInTapOrder() {
        let x = NDArray([Float(0), 0, 9, 0, 0], shape: [1, 1, 1, 5])
        let (_, indexes) = x.maxPooling2D(kh: 1, kw: 3, sy: 1, sx: 1, coverAll: false)
        #expect(indexes.toArray(as: Int32.self) == [2, 1, 0])
        let gy = NDArray([Float(1), 1e8, -1e8], shape: [1, 1, 1, 3])
        let gx = NDArray.maxPooling2DBackward(gy, indexes: indexes, h: 1, w: 5, kh: 1, kw: 3, sy: 1, sx: 1)
        #expect(gx.toArray(as: Float.self) == [0, 0, 1, 0, 0])
    }

    /// The float32 C kernels on rows wider than one 16-window step, for stride 1 (plain loads),
    /// 2 (even lanes of a double load) and 3 (gathers), with the SSE2 and the AVX-512 kernels;
    /// a NaN in the second plane makes the kernel stop there and resume after it.
    @Test func float32KernelsMatchDefinition() throws {
        let cases = [
            PoolCase(n: 1, c: 3, h: 5, w: 41, kh: 2, kw: 2, sy: 2, sx: 2, ph: 0, pw: 0),
            PoolCase(n: 2, c: 2, h: 4, w: 37, kh: 3, kw: 3, sy: 1, sx: 1, ph: 1, pw: 1),
            PoolCase(n: 1, c: 2, h: 6, w: 53, kh: 2, kw: 3, sy: 3, sx: 3, ph: 1, pw: 1),
        ]
        let variants = GEMM.Variant.avx512.isSupported ? [false, true] : [false]
        for t in cases {
            var values = randomImage([t.n, t.c, t.h, t.w], seed: 11).toArray(as: Double.self)
            values[(1 * t.h + 2) * t.w + 17] = .nan  // plane 1, row 2, column 17
            let x = NDArray(values, shape: [t.n, t.c, t.h, t.w])
            let expected = naiveMaxPool(x, t, coverAll: true)
            let window = Window2D("test", kh: t.kh, kw: t.kw, sy: t.sy, sx: t.sx, ph: t.ph, pw: t.pw)
            for avx512 in variants {
                let (y, indexes) = try x.astype(.float32).maxPooling2DChecked(window, coverAll: true, avx512: avx512)
                let pooled = y.toArray(as: Float.self)
                let holdsNaN = pooled.contains { $0.isNaN }
                #expect(holdsNaN, "avx512 \(avx512), \(t.testDescription)")
                #expect(pooled.map(\.isNaN) == expected.y.map(\.isNaN))
                #expect(pooled.map { $0.isNaN ? 0 : $0 } == expected.y.map { $0.isNaN ? 0 : Float($0) })
                #expect(indexes.toArray(as: Int32.self) == expected.indexes)
            }
            // The float32 backward kernel, on integers so that every sum is exact.
            let integers = integerImage([t.n, t.c, t.h, t.w], seed: 12)
            let (y, indexes) = maxPool(integers.astype(.float32), t)
            let gy = integerImage(y.shape, seed: 13)
            let gx = NDArray.maxPooling2DBackward(gy.astype(.float32), indexes: indexes, h: t.h, w: t.w, kh: t.kh, kw: t.kw,
                                                  sy: t.sy, sx: t.sx, ph: t.ph, pw: t.pw)
            #expect(gx.toArray(as: Float.self) == naiveBackward(gy, t, indexes: indexes).map { Float($0) })
        }
    }

    // MARK: Average pooling

    @Test func averagePoolingHandWorked() {
        let x = NDArray((1...9).map(Float.init), shape: [1, 1, 3, 3])
        #expect(x.averagePooling2D(kh: 2, kw: 2, sy: 1, sx: 1).toArray(as: Float.self) == [3, 4, 6, 7])
        // Padding counts as zero and the divisor stays kh·kw = 4.
        #expect(x.averagePooling2D(kh: 2, kw: 2, sy: 2, sx: 2, ph: 1, pw: 1).toArray(as: Float.self) == [0.25, 1.25, 2.75, 7])
        let gy = NDArray([Float(4), 8, 12, 16], shape: [1, 1, 2, 2])
        let gx = NDArray.averagePooling2DBackward(gy, h: 3, w: 3, kh: 2, kw: 2, sy: 1, sx: 1)
        #expect(gx.toArray(as: Float.self) == [1, 3, 2, 4, 10, 6, 3, 7, 4])
    }

    /// Windows a, b, c over (0 1 2), (1 2 3), (2 3 4): each element sums its windows in
    /// ascending tap order (right to left), then divides by 3.
    @Test func averagePoolingBackwardSumsInTapOrder() {
        let gy = NDArray([Float(1), 1e8, -1e8], shape: [1, 1, 1, 3])
        let gx = NDArray.averagePooling2DBackward(gy, h: 1, w: 5, kh: 1, kw: 3, sy: 1, sx: 1)
        let (a, b, c): (Float, Float, Float) = (1, 1e8, -1e8)
        #expect(gx.toArray(as: Float.self) == [a / 3, (b + a) / 3, ((c + b) + a) / 3, (c + b) / 3, c / 3])
        #expect(gx.toArray(as: Float.self)[2] == Float(1) / 3)
    }

    @Test(arguments: poolCases) func averagePoolingMatchesDefinition(_ t: PoolCase) {
        let x = randomImage([t.n, t.c, t.h, t.w], seed: 5)
        let y = x.averagePooling2D(kh: t.kh, kw: t.kw, sy: t.sy, sx: t.sx, ph: t.ph, pw: t.pw)
        #expect(y.toArray(as: Double.self) == naiveAveragePool(x, t))
        let y32 = x.astype(.float32).averagePooling2D(kh: t.kh, kw: t.kw, sy: t.sy, sx: t.sx, ph: t.ph, pw: t.pw)
        #expect(zip(y32.toArray(as: Float.self), naiveAveragePool(x, t)).allSatisfy { abs(Double($0) - $1) < 1e-6 })
    }

    @Test(arguments: poolCases) func averagePoolingBackwardIsTheAdjoint(_ t: PoolCase) {
        let x = randomImage([t.n, t.c, t.h, t.w], seed: 6)
        let y = x.averagePooling2D(kh: t.kh, kw: t.kw, sy: t.sy, sx: t.sx, ph: t.ph, pw: t.pw)
        let gy = randomImage(y.shape, seed: 7)
        let gx = NDArray.averagePooling2DBackward(gy, h: t.h, w: t.w, kh: t.kh, kw: t.kw, sy: t.sy, sx: t.sx, ph: t.ph, pw: t.pw)
        let expected = naiveBackward(gy, t, indexes: nil)
        #expect(zip(gx.toArray(as: Double.self), expected).allSatisfy { abs($0 - $1) <= 1e-15 * 8 })
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let lhs = dot(y.toArray(as: Double.self), gy.toArray(as: Double.self))
        let rhs = dot(x.toArray(as: Double.self), gx.toArray(as: Double.self))
        #expect(abs(lhs - rhs) <= 1e-12 * max(1, abs(lhs)))
    }

    // MARK: Threads and shapes

    @Test func threadCountInvariance() {
        let t = PoolCase(n: 4, c: 16, h: 24, w: 24, kh: 3, kw: 3, sy: 2, sx: 2, ph: 1, pw: 1)
        let x = randomImage([t.n, t.c, t.h, t.w], dtype: .float32, seed: 8)
        func run() -> [[UInt8]] {
            let (y, indexes) = maxPool(x, t)
            let avg = x.averagePooling2D(kh: 3, kw: 3, sy: 2, sx: 2, ph: 1, pw: 1)
            let gMax = NDArray.maxPooling2DBackward(y, indexes: indexes, h: 24, w: 24, kh: 3, kw: 3, sy: 2, sx: 2, ph: 1, pw: 1)
            let gAvg = NDArray.averagePooling2DBackward(avg, h: 24, w: 24, kh: 3, kw: 3, sy: 2, sx: 2, ph: 1, pw: 1)
            return [y, indexes, avg, gMax, gAvg].map { $0.withUnsafeBytes { Array($0) } }
        }
        #expect(Threading.chunkCount(t.n * t.c, grain: NDArray.elementwiseGrain / (9 * 12 * 12)) > 1)
        let saved = Threading.threadCount
        defer { Threading.threadCount = saved }
        Threading.threadCount = 1
        let one = run()
        for threads in [2, 3] {
            Threading.threadCount = threads
            #expect(run() == one)
        }
    }

    @Test func shapeErrors() {
        let window = Window2D("maxPooling2DBackward", kh: 2, kw: 2, sy: 2, sx: 2, ph: 0, pw: 0)
        let gy = NDArray(zeros: [1, 1, 3, 3])
        #expect(throws: ShapeError("maxPooling2DBackward: indexes must be int32 of gy's shape (1, 1, 3, 3), "
                                       + "got int32 of shape (1, 1, 2, 2)")) {
            try NDArray.maxPooling2DBackwardChecked(gy, indexes: NDArray(zeros: [1, 1, 2, 2], dtype: .int32),
                                                    h: 5, w: 5, window)
        }
        #expect(throws: ShapeError("maxPooling2DBackward: gradient size (3, 3) does not match input size (8, 8) "
                                       + "with kernel (2, 2), stride (2, 2), pad (0, 0), which gives (4, 4) or with coverAll (4, 4)")) {
            try NDArray.maxPooling2DBackwardChecked(gy, indexes: NDArray(zeros: [1, 1, 3, 3], dtype: .int32),
                                                    h: 8, w: 8, window)
        }
        #expect(throws: ShapeError("averagePooling2D: x must be 4-d (N, C, H, W), got shape (4, 4)")) {
            try NDArray(zeros: [4, 4]).averagePooling2DChecked(window)
        }
    }
}
