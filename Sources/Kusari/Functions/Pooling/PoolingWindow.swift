// The window of 2-D pooling: kernel size, stride and padding, with the checks every pooling
// node makes of its input.

/// A pooling window: kernel (kh, kw), stride (sy, sx), padding (ph, pw).
struct PoolingWindow {
    let ksize: Pair
    let stride: Pair
    let pad: Pair

    init(ksize: Pair, stride: Pair, pad: Pair) {
        precondition(ksize.h >= 1 && ksize.w >= 1 && stride.h >= 1 && stride.w >= 1 && pad.h >= 0 && pad.w >= 0,
                     "pooling: ksize and stride must be positive and pad non-negative, got ksize \(ksize), "
                         + "stride \(stride), pad \(pad)")
        (self.ksize, self.stride, self.pad) = (ksize, stride, pad)
    }

    /// The output size for an h × w input (Chainer's `get_conv_outsize`).
    func outputSize(h: Int, w: Int, coverAll: Bool) -> Pair {
        Pair(convOutSize(size: h, k: ksize.h, s: stride.h, p: pad.h, coverAll: coverAll),
             convOutSize(size: w, k: ksize.w, s: stride.w, p: pad.w, coverAll: coverAll))
    }

    /// Checks a pooling input: a 4-d float array whose output size is positive.
    func check(_ x: NDArray, coverAll: Bool, _ function: String) throws(ShapeError) {
        guard x.dtype.isFloatingPoint else { throw ShapeError("\(function): x.dtype.kind == 'f', actual \(x.dtype)") }
        guard x.ndim == 4 else { throw ShapeError("\(function): x.ndim == 4, actual \(x.ndim)") }
        let size = outputSize(h: x.shape[2], w: x.shape[3], coverAll: coverAll)
        guard size.h > 0 && size.w > 0 else {
            throw ShapeError("\(function): output size must be positive, actual \(size) for input (\(x.shape[2]), "
                                 + "\(x.shape[3])) with ksize \(ksize), stride \(stride), pad \(pad)")
        }
    }
}
