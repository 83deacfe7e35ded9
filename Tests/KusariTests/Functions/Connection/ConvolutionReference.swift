// Direct-loop references for the convolution tests, on Swift Doubles.
import Kusari

/// The geometry of one test case.
struct ConvCase: CustomStringConvertible {
    var n = 2, c = 3, h = 5, w = 5, out = 4, kh = 3, kw = 3
    var sy = 1, sx = 1, ph = 0, pw = 0, dy = 1, dx = 1, groups = 1, coverAll = false

    var xShape: [Int] { [n, c, h, w] }
    var convWShape: [Int] { [out, c / groups, kh, kw] }
    var stride: Pair { Pair(sy, sx) }
    var pad: Pair { Pair(ph, pw) }
    var dilate: Pair { Pair(dy, dx) }

    var description: String {
        "x \(xShape) out \(out) k (\(kh), \(kw)) s (\(sy), \(sx)) p (\(ph), \(pw)) d (\(dy), \(dx)) g \(groups) coverAll \(coverAll)"
    }

    /// ⌊(size + 2p − dk [+ s − 1]) / s⌋ + 1 with dk the dilated extent.
    func convSize(_ size: Int, _ k: Int, _ s: Int, _ p: Int, _ d: Int) -> Int {
        let extent = (k - 1) * d + 1
        return (size + 2 * p - extent + (coverAll ? s - 1 : 0)) / s + 1
    }
    var oh: Int { convSize(h, kh, sy, ph, dy) }
    var ow: Int { convSize(w, kw, sx, pw, dx) }
}

/// y[n, o, oy, ox] = b[o] + Σ W[o, c, j, i]·x[n, g·Cg + c, oy·sy − ph + j·dy, ox·sx − pw + i·dx].
func naiveConvolution(_ x: NDArray, _ W: NDArray, _ b: NDArray?, _ t: ConvCase) -> NDArray {
    let xs = x.astype(.float64).toArray(as: Double.self), ws = W.astype(.float64).toArray(as: Double.self)
    let bs = b?.astype(.float64).toArray(as: Double.self)
    let (cg, og) = (t.c / t.groups, t.out / t.groups)
    var y = [Double](repeating: 0, count: t.n * t.out * t.oh * t.ow)
    for n in 0..<t.n { for o in 0..<t.out { for oy in 0..<t.oh { for ox in 0..<t.ow {
        var sum = bs?[o] ?? 0
        let group = o / og
        for c in 0..<cg { for j in 0..<t.kh { for i in 0..<t.kw {
            let iy = oy * t.sy - t.ph + j * t.dy, ix = ox * t.sx - t.pw + i * t.dx
            guard iy >= 0 && iy < t.h && ix >= 0 && ix < t.w else { continue }
            let xc = group * cg + c
            sum += ws[((o * cg + c) * t.kh + j) * t.kw + i] * xs[((n * t.c + xc) * t.h + iy) * t.w + ix]
        } } }
        y[((n * t.out + o) * t.oh + oy) * t.ow + ox] = sum
    } } } }
    return NDArray(y, shape: [t.n, t.out, t.oh, t.ow])
}

/// The transposed convolution by scattering: input (n, c, iy, ix) adds x·W[c, o, j, i] to
/// output (n, g·Og + o, iy·sy − ph + j·dy, ix·sx − pw + i·dx) when that lies inside (outH, outW).
/// Here `t.c` is the deconvolution's input channels and `t.out` its output channels.
func naiveDeconvolution(_ x: NDArray, _ W: NDArray, _ b: NDArray?, _ t: ConvCase, outH: Int, outW: Int) -> NDArray {
    let xs = x.astype(.float64).toArray(as: Double.self), ws = W.astype(.float64).toArray(as: Double.self)
    let bs = b?.astype(.float64).toArray(as: Double.self)
    let (cg, og) = (t.c / t.groups, t.out / t.groups)
    var y = [Double](repeating: 0, count: t.n * t.out * outH * outW)
    for n in 0..<t.n { for c in 0..<t.c { for iy in 0..<t.h { for ix in 0..<t.w {
        let v = xs[((n * t.c + c) * t.h + iy) * t.w + ix], group = c / cg
        for o in 0..<og { for j in 0..<t.kh { for i in 0..<t.kw {
            let r = iy * t.sy - t.ph + j * t.dy, q = ix * t.sx - t.pw + i * t.dx
            guard r >= 0 && r < outH && q >= 0 && q < outW else { continue }
            y[((n * t.out + group * og + o) * outH + r) * outW + q] += v * ws[((c * og + o) * t.kh + j) * t.kw + i]
        } } }
    } } } }
    if let bs {
        for n in 0..<t.n { for o in 0..<t.out { for p in 0..<(outH * outW) { y[(n * t.out + o) * outH * outW + p] += bs[o] } } }
    }
    return NDArray(y, shape: [t.n, t.out, outH, outW])
}

/// The largest |a − b| over the elements, in float64.
func maxDifference(_ a: NDArray, _ b: NDArray) -> Double {
    precondition(a.shape == b.shape, "maxDifference: shapes \(a.shape) and \(b.shape)")
    return zip(a.astype(.float64).toArray(as: Double.self), b.astype(.float64).toArray(as: Double.self))
        .map { abs($0 - $1) }.max() ?? 0
}
