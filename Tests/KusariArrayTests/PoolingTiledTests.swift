import CKusariKernels
import Testing
@testable import KusariArray

/// A max pooling whose windows tile the planes: x (n, c, h, w), kernel and stride (kh, kw).
struct TiledCase: CustomTestStringConvertible, Sendable {
    let n, c, h, w, kh, kw: Int
    var testDescription: String { "x (\(n), \(c), \(h), \(w)) k = s (\(kh), \(kw))" }
    var planes: Int { n * c }
    var window: Window2D { Window2D("test", kh: kh, kw: kw, sy: kh, sx: kw, ph: 0, pw: 0) }
}

private let tiledCases: [TiledCase] = [
    TiledCase(n: 1, c: 3, h: 6, w: 10, kh: 2, kw: 2),   // 3 groups a step
    TiledCase(n: 1, c: 1, h: 8, w: 10, kh: 2, kw: 2),   // a last step of 1 group
    TiledCase(n: 1, c: 3, h: 6, w: 6, kh: 2, kw: 2),    // a group's row across two registers
    TiledCase(n: 2, c: 3, h: 6, w: 9, kh: 3, kw: 3),
    TiledCase(n: 1, c: 3, h: 9, w: 12, kh: 3, kw: 3),   // across registers, and a last step of 1
    TiledCase(n: 1, c: 3, h: 6, w: 12, kh: 1, kw: 4),
    TiledCase(n: 1, c: 2, h: 8, w: 5, kh: 4, kw: 1),
    TiledCase(n: 1, c: 2, h: 4, w: 24, kh: 2, kw: 2),   // the seed CNN's pool1 rows
    TiledCase(n: 1, c: 5, h: 8, w: 8, kh: 2, kw: 2),    // pool2's
    TiledCase(n: 1, c: 2, h: 4, w: 32, kh: 2, kw: 2),   // 16 outputs, one group a step
    TiledCase(n: 1, c: 2, h: 4, w: 40, kh: 2, kw: 2),   // too wide for the AVX-512 tiled kernels
    TiledCase(n: 1, c: 2, h: 18, w: 4, kh: 9, kw: 2),   // too tall for them
]

/// Small integers (so windows tie, often on zeros of either sign), with NaNs and −∞ mixed in.
private func tiledInput(_ t: TiledCase, seed: UInt64) -> [Float] {
    let values = testValues(t.planes * t.h * t.w, seed: seed)
    let signs = testValues(values.count, seed: seed + 100)
    return values.indices.map { e in
        if e % 23 == 7 { return .nan }
        if e % 29 == 11 { return -.infinity }
        let v = Float(values[e].rounded())
        return v == 0 && signs[e] < 0 ? -0.0 : v
    }
}

/// The argmax tap of every window, by definition: the first NaN if any tap is NaN (NumPy's
/// max propagates NaN and argmax names the first), else the first tap equal to the maximum.
private func naiveArgmax(_ x: [Float], _ t: TiledCase) -> [Int32] {
    let (oh, ow) = (t.h / t.kh, t.w / t.kw)
    var indexes: [Int32] = []
    for plane in 0..<t.planes { for oy in 0..<oh { for ox in 0..<ow {
        let taps = (0..<t.kh * t.kw).map { k in
            Double(x[(plane * t.h + oy * t.kh + k / t.kw) * t.w + ox * t.kw + k % t.kw])
        }
        let best = taps.first(where: \.isNaN) ?? taps.max()!
        indexes.append(Int32(taps.firstIndex { best.isNaN ? $0.isNaN : $0 == best }!))
    } } }
    return indexes
}

/// The input element window `o`'s tap `k` reads.
private func tapElement(_ x: [Float], _ t: TiledCase, window o: Int, tap k: Int) -> Float {
    let (oh, ow) = (t.h / t.kh, t.w / t.kw)
    let (plane, oy, ox) = (o / (oh * ow), o / ow % oh, o % ow)
    return x[(plane * t.h + oy * t.kh + k / t.kw) * t.w + ox * t.kw + k % t.kw]
}

private func bits(_ a: NDArray) -> [UInt32] { a.toArray(as: Float.self).map(\.bitPattern) }

@Suite struct PoolingTiledTests {
    @Test func tiling() {
        let square = Window2D("test", kh: 2, kw: 2, sy: 2, sx: 2, ph: 0, pw: 0)
        #expect(square.tiles(h: 24, w: 24, oh: 12, ow: 12))
        #expect(!square.tiles(h: 25, w: 24, oh: 13, ow: 12))  // coverAll's extra row
        #expect(!Window2D("test", kh: 2, kw: 2, sy: 1, sx: 2, ph: 0, pw: 0).tiles(h: 2, w: 4, oh: 1, ow: 2))
        #expect(!Window2D("test", kh: 2, kw: 2, sy: 2, sx: 2, ph: 1, pw: 0).tiles(h: 4, w: 4, oh: 2, ow: 2))
        #expect(kusari_maxpool_tiled_fits(2, 2, 32) != 0 && kusari_maxpool_tiled_fits(8, 3, 30) != 0)
        #expect(kusari_maxpool_tiled_fits(2, 2, 34) == 0)  // rows over 32 floats
        #expect(kusari_maxpool_tiled_fits(1, 1, 17) == 0)  // over 16 outputs
        #expect(kusari_maxpool_tiled_fits(9, 2, 4) == 0)   // over 8 rows
    }

    /// The tiled forward (AVX-512) and the general kernels, AVX-512 and SSE2, give the maximum
    /// the definition names, bit for bit: the first of tied zeros keeps its sign, the first
    /// NaN is the result.
    @Test(arguments: tiledCases) func forwardMatchesDefinition(_ t: TiledCase) throws {
        let values = tiledInput(t, seed: 21)
        let x = NDArray(values, shape: [t.n, t.c, t.h, t.w])
        let expected = naiveArgmax(values, t)
        let expectedBits = expected.indices.map { tapElement(values, t, window: $0, tap: Int(expected[$0])).bitPattern }
        let variants = GEMM.Variant.avx512.isSupported ? [false, true] : [false]
        for avx512 in variants {
            for tiled in [false, true] {
                let (y, indexes) = try x.maxPooling2DChecked(t.window, coverAll: true, avx512: avx512, tiled: tiled)
                #expect(y.shape == [t.n, t.c, t.h / t.kh, t.w / t.kw])
                #expect(indexes.toArray(as: Int32.self) == expected, "avx512 \(avx512), tiled \(tiled)")
                #expect(bits(y) == expectedBits, "avx512 \(avx512), tiled \(tiled)")
            }
        }
    }

    /// The tiled backward (AVX-512 and portable) and the general one agree bit for bit, and
    /// with the definition: 0 + gy at each window's argmax, +0 elsewhere.
    @Test(arguments: tiledCases) func backwardMatchesDefinition(_ t: TiledCase) throws {
        let x = NDArray(tiledInput(t, seed: 22), shape: [t.n, t.c, t.h, t.w])
        let (y, indexes) = x.maxPooling2D(kh: t.kh, kw: t.kw, sy: t.kh, sx: t.kw)
        var gradients = testValues(y.count, seed: 23).map { Float($0) }
        gradients[0] = -0.0
        gradients[gradients.count - 1] = .nan
        let gy = NDArray(gradients, shape: y.shape)
        let argmax = indexes.toArray(as: Int32.self)
        var expected = [Float](repeating: 0, count: x.count)
        let (oh, ow) = (t.h / t.kh, t.w / t.kw)
        for o in gradients.indices {
            let (plane, oy, ox, k) = (o / (oh * ow), o / ow % oh, o % ow, Int(argmax[o]))
            expected[(plane * t.h + oy * t.kh + k / t.kw) * t.w + ox * t.kw + k % t.kw] = Float(0 + Double(gradients[o]))
        }
        let variants = GEMM.Variant.avx512.isSupported ? [false, true] : [false]
        let general = try NDArray.maxPooling2DBackwardChecked(gy, indexes: indexes, h: t.h, w: t.w, t.window, tiled: false)
        #expect(general.toArray(as: Float.self).map { $0.isNaN ? 1 : $0.bitPattern } == expected.map { $0.isNaN ? 1 : $0.bitPattern })
        for avx512 in variants {
            let gx = try NDArray.maxPooling2DBackwardChecked(gy, indexes: indexes, h: t.h, w: t.w, t.window,
                                                             avx512: avx512, tiled: true)
            #expect(bits(gx) == bits(general), "avx512 \(avx512)")
        }
    }

    @Test func emptyBatch() {
        let (y, indexes) = NDArray(zeros: [0, 3, 4, 4], dtype: .float32).maxPooling2D(kh: 2, kw: 2, sy: 2, sx: 2)
        #expect(y.shape == [0, 3, 2, 2] && indexes.shape == [0, 3, 2, 2])
        let gx = NDArray.maxPooling2DBackward(y, indexes: indexes, h: 4, w: 4, kh: 2, kw: 2, sy: 2, sx: 2)
        #expect(gx.shape == [0, 3, 4, 4])
    }

    /// A gradient of −0 reaches its argmax as 0 + (−0) = +0, as the general backward's sum into zeros.
    @Test func negativeZeroGradientBecomesPositive() throws {
        let t = TiledCase(n: 1, c: 3, h: 6, w: 10, kh: 2, kw: 2)
        let (y, indexes) = NDArray(tiledInput(t, seed: 24), shape: [t.n, t.c, t.h, t.w]).maxPooling2D(kh: 2, kw: 2, sy: 2, sx: 2)
        let gy = NDArray([Float](repeating: -0.0, count: y.count), shape: y.shape)
        for avx512 in GEMM.Variant.avx512.isSupported ? [false, true] : [false] {
            for tiled in [false, true] {
                let gx = try NDArray.maxPooling2DBackwardChecked(gy, indexes: indexes, h: t.h, w: t.w, t.window,
                                                                 avx512: avx512, tiled: tiled)
                #expect(bits(gx).allSatisfy { $0 == 0 }, "avx512 \(avx512), tiled \(tiled)")
            }
        }
    }

    /// The tiled backward stops at the first group with an index outside the window (the caller
    /// then pools that plane in Swift, whose precondition names the index).
    @Test func backwardKernelFindsInvalidIndex() {
        let (groups, w, kh, kw) = (7, 10, 2, 2)
        let gy = [Float](repeating: 1, count: groups * 5)
        let tapRows = [0, 0, 1, 1], tapColumns = [0, 1, 0, 1]
        var gx = [Float](repeating: 0, count: groups * kh * w)
        for bad: Int32 in [4, -1] {
            var argmax = [Int32](repeating: 3, count: groups * 5)
            argmax[5 * 5 + 2] = bad  // group 5
            argmax[6 * 5] = 9        // and group 6
            for avx512: Int32 in GEMM.Variant.avx512.isSupported ? [0, 1] : [0] {
                let stop = kusari_maxpool_tiled_backward_f32(gy, argmax, groups, w, kh, kw, tapRows, tapColumns, avx512, &gx)
                #expect(stop == 5, "index \(bad), avx512 \(avx512)")
            }
        }
    }

    /// Enough planes for two chunks: 1, 2 and 3 threads give the same bytes.
    @Test func threadCountInvariance() throws {
        let t = TiledCase(n: 3, c: 350, h: 32, w: 32, kh: 2, kw: 2)
        #expect(Threading.chunkCount(t.planes, grain: Window2D.tiledGrain / (t.h * t.w)) > 1)
        let x = NDArray(tiledInput(t, seed: 25), shape: [t.n, t.c, t.h, t.w])
        let gy = NDArray(testValues(t.planes * 16 * 16, seed: 26).map { Float($0) }, shape: [t.n, t.c, 16, 16])
        func run() throws -> [[UInt8]] {
            let (y, indexes) = x.maxPooling2D(kh: 2, kw: 2, sy: 2, sx: 2)
            let gx = NDArray.maxPooling2DBackward(gy, indexes: indexes, h: t.h, w: t.w, kh: 2, kw: 2, sy: 2, sx: 2)
            let portable = try NDArray.maxPooling2DBackwardChecked(gy, indexes: indexes, h: t.h, w: t.w, t.window, avx512: false)
            return [y, indexes, gx, portable].map { $0.withUnsafeBytes { Array($0) } }
        }
        let one = try Threading.withThreadCount(1) { try run() }
        for threads in [2, 3] {
            #expect(try Threading.withThreadCount(threads) { try run() } == one)
        }
    }
}
