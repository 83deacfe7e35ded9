// The geometry of a 2-D sliding window (kernel, stride, padding, dilation) shared by im2col,
// col2im and pooling, and the output-size rule they all follow.
import CKusariKernels

/// The number of window positions along one axis, as Chainer's `conv.get_conv_outsize`:
///
///     dk = k + (k − 1)(d − 1)                       (the dilated kernel extent)
///     out = ⌊(size + 2p − dk) / s⌋ + 1              (coverAll false)
///     out = ⌊(size + 2p − dk + s − 1) / s⌋ + 1      (coverAll true)
///
/// `coverAll` adds windows until every input element is covered, even when the last window
/// runs past the padded input (Chainer's default for max pooling). The division floors, as
/// Python's `//`, so too small an input gives a result of zero or less.
public func convOutSize(size: Int, k: Int, s: Int, p: Int, coverAll: Bool = false, d: Int = 1) -> Int {
    precondition(k >= 1 && s >= 1 && d >= 1 && p >= 0,
                 "convOutSize: needs k, s, d >= 1 and p >= 0, got k \(k), s \(s), p \(p), d \(d)")
    let dk = k + (k - 1) * (d - 1)
    return floorDivide(size + 2 * p - dk + (coverAll ? s - 1 : 0), s) + 1
}

/// ⌊a / b⌋ for b > 0.
@inline(__always)
func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

/// A 2-D window: kernel (kh, kw), stride (sy, sx), padding (ph, pw), dilation (dy, dx).
/// Window (y, x), tap (j, i) reads input row `y·sy − ph + j·dy`, column `x·sx − pw + i·dx`;
/// taps outside the input are padding.
struct Window2D: CustomStringConvertible {
    let kh, kw, sy, sx, ph, pw, dy, dx: Int

    init(_ operation: String, kh: Int, kw: Int, sy: Int, sx: Int, ph: Int, pw: Int, dy: Int = 1, dx: Int = 1) {
        precondition(kh >= 1 && kw >= 1 && sy >= 1 && sx >= 1 && dy >= 1 && dx >= 1 && ph >= 0 && pw >= 0,
                     "\(operation): kernel, stride and dilation must be positive and padding non-negative, got "
                         + "kernel (\(kh), \(kw)), stride (\(sy), \(sx)), pad (\(ph), \(pw)), dilation (\(dy), \(dx))")
        (self.kh, self.kw, self.sy, self.sx, self.ph, self.pw, self.dy, self.dx) = (kh, kw, sy, sx, ph, pw, dy, dx)
    }

    var description: String {
        "kernel (\(kh), \(kw)), stride (\(sy), \(sx)), pad (\(ph), \(pw))"
            + (dy == 1 && dx == 1 ? "" : ", dilation (\(dy), \(dx))")
    }

    /// The output size for an input of h × w, thrown as a `ShapeError` when it is not positive.
    func outputSize(h: Int, w: Int, coverAll: Bool, _ operation: String) throws(ShapeError) -> (Int, Int) {
        let oh = convOutSize(size: h, k: kh, s: sy, p: ph, coverAll: coverAll, d: dy)
        let ow = convOutSize(size: w, k: kw, s: sx, p: pw, coverAll: coverAll, d: dx)
        guard oh > 0 && ow > 0 else {
            throw ShapeError("\(operation): input size (\(h), \(w)) with \(self) gives output size (\(oh), \(ow)); "
                                 + "it must be positive")
        }
        return (oh, ow)
    }

    /// Throws unless (oh, ow) is the output size of an h × w input, with or without coverAll:
    /// the check a backward pass can make of its gradient's shape.
    func checkOutputSize(_ oh: Int, _ ow: Int, h: Int, w: Int, _ operation: String) throws(ShapeError) {
        let tight = try outputSize(h: h, w: w, coverAll: false, operation)
        let covered = try outputSize(h: h, w: w, coverAll: true, operation)
        guard (oh == tight.0 || oh == covered.0) && (ow == tight.1 || ow == covered.1) else {
            throw ShapeError("\(operation): gradient size (\(oh), \(ow)) does not match input size (\(h), \(w)) "
                                 + "with \(self), which gives \(tight) or with coverAll \(covered)")
        }
    }

    /// The window columns x whose tap column i lies inside a row of width w: `x0 ..< x1`.
    @inline(__always)
    func validColumns(tap i: Int, width w: Int, outWidth ow: Int) -> Range<Int> {
        Window2D.validWindows(offset: i * dx - pw, s: sx, size: w, count: ow)
    }

    /// The window rows y whose tap row j lies inside a plane of height h: `y0 ..< y1`.
    @inline(__always)
    func validRows(tap j: Int, height h: Int, outHeight oh: Int) -> Range<Int> {
        Window2D.validWindows(offset: j * dy - ph, s: sy, size: h, count: oh)
    }

    /// The windows o < count, stride s, whose tap at `offset` from o·s lies in 0 ..< size.
    @inline(__always)
    private static func validWindows(offset: Int, s: Int, size: Int, count: Int) -> Range<Int> {
        let low = min(count, max(0, -floorDivide(offset, s)))
        return low..<min(count, max(low, -floorDivide(offset - size, s)))
    }

    /// The taps t < k of undilated window o whose input index o·s − p + t lies in 0 ..< size.
    @inline(__always)
    static func validTaps(window o: Int, k: Int, s: Int, p: Int, size: Int) -> Range<Int> {
        let low = min(k, max(0, p - o * s))
        return low..<max(low, min(k, size + p - o * s))
    }

    /// Runs `body(plane)` for every plane in `0 ..< planes`, in chunks fixed by the sizes alone
    /// (`work` is the elements one plane touches), so results do not depend on the thread count.
    static func forEachPlane(_ planes: Int, work: Int, _ body: (Int) -> Void) {
        forEachRunOfPlanes(planes, work: work) { run in
            for plane in run { body(plane) }
        }
    }

    /// `forEachPlane` handing over each chunk's run of consecutive planes at once.
    static func forEachRunOfPlanes(_ planes: Int, work: Int, _ body: (Range<Int>) -> Void) {
        let chunks = Threading.chunkCount(planes, grain: max(1, NDArray.elementwiseGrain / max(work, 1)))
        Threading.parallelFor(chunks) { chunk in body(Threading.range(of: chunk, in: chunks, count: planes)) }
    }
}

/// A window over h × w planes with oh × ow positions, in the form the C kernels take: the
/// geometry, and for each tap the windows that read it inside the plane (`validRows`,
/// `validColumns`).
struct PlaneWindow {
    let window: Window2D
    let h, w, oh, ow: Int
    /// The starts, then the ends, of each tap row's windows, then of each tap column's.
    private let bounds: [Int]

    init(_ g: Window2D, h: Int, w: Int, oh: Int, ow: Int) {
        (window, self.h, self.w, self.oh, self.ow) = (g, h, w, oh, ow)
        let rows = (0..<g.kh).map { g.validRows(tap: $0, height: h, outHeight: oh) }
        let columns = (0..<g.kw).map { g.validColumns(tap: $0, width: w, outWidth: ow) }
        bounds = rows.map(\.lowerBound) + rows.map(\.upperBound) + columns.map(\.lowerBound) + columns.map(\.upperBound)
    }

    /// Runs `body` with the window as a C kernel takes it.
    func withKernelArgument<R>(_ body: (UnsafePointer<kusari_window2d>) -> R) -> R {
        bounds.withUnsafeBufferPointer { b in
            let (g, start) = (window, b.baseAddress!)
            var geometry = kusari_window2d(
                h: h, w: w, kh: g.kh, kw: g.kw, sy: g.sy, sx: g.sx, ph: g.ph, pw: g.pw, dy: g.dy, dx: g.dx, oh: oh, ow: ow,
                row_lo: start, row_hi: start + g.kh, col_lo: start + 2 * g.kh, col_hi: start + 2 * g.kh + g.kw)
            return body(&geometry)
        }
    }
}
