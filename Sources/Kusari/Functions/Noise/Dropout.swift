// Dropout: random zeroing with rescaling (Hinton et al., 2012), mask drawn and applied in one loop.

extension F {
    /// Drops each element of `x` with probability `ratio` and scales the others by
    /// 1 / (1 − ratio), so the expectation is unchanged: y = x · mask. Chainer:
    /// `F.dropout(x, ratio=.5)`; `ratio` must lie in [0, 1).
    ///
    /// Only while training: with `Config.train == false` it returns `x` itself. The gradient
    /// is gy · mask, with the mask of the forward pass (itself differentiable).
    ///
    /// The mask, which a GPU backend reproduces bit for bit: each call takes one stream,
    /// `RandomState.nextStream("dropout")`, and reads its blocks from position 0. Element i
    /// (row-major) is kept when `(w >> 8) · 2⁻²⁴ < 1 − ratio`, with w the word `i mod 4` of
    /// Philox block `i / 4` of that stream; a kept element's mask value is 1 / (1 − ratio)
    /// rounded to x's dtype, a dropped one's 0. This is exactly
    /// `stream.bernoulli(x.shape, p: 1 − ratio, dtype: x.dtype) * (1 / (1 − ratio))`.
    public static func dropout(_ x: Variable, ratio: Double = 0.5) -> Variable {
        precondition(ratio >= 0 && ratio < 1, "dropout: ratio must lie in [0, 1), got \(ratio)")
        guard Config.train else { return x }
        return Dropout(ratio: ratio, stream: RandomState.nextStream("dropout")).apply(x)
    }
}

final class Dropout: FunctionNode {
    let ratio: Double
    let stream: RandomStream
    private var mask = NDArray(zeros: [0])

    init(ratio: Double, stream: RandomStream) {
        self.ratio = ratio
        self.stream = stream
    }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "dropout") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        TrainModeCheck.check("dropout")
        let x = inputs[0]
        let (y, mask) = NDArray.byFloat(x.dtype, "dropout",
                                        f32: Dropout.kernel(x, Float.self, stream, keep: 1 - ratio),
                                        f64: Dropout.kernel(x, Double.self, stream, keep: 1 - ratio))
        self.mask = mask
        return [y]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [DropoutGrad(mask).apply(gradOutputs[0]!)]
    }

    /// Blocks (four elements each) a thread should own before the loop is split.
    private static let blockGrain = 1 << 12

    /// (y, mask) with the mask drawn from `stream` as `F.dropout` documents.
    private static func kernel<T: NDFloat>(
        _ x: NDArray, _ type: T.Type, _ stream: RandomStream, keep probability: Double
    ) -> (NDArray, NDArray) {
        // (w >> 8) · 2⁻²⁴ < p  ⟺  (w >> 8) < ⌈p · 2²⁴⌉, exactly, for the integer w >> 8.
        let threshold = UInt32((probability * 0x1p24).rounded(.up))
        let scale = T(1 / probability)
        let generator = stream.generator, start = stream.position
        let count = x.count, blocks = (count + 3) / 4
        var y = NDArray(uninitialized: x.shape, dtype: x.dtype)
        var mask = NDArray(uninitialized: x.shape, dtype: x.dtype)
        x.withUnsafeBufferPointer(as: T.self) { px in
            y.withUnsafeMutableBufferPointer(as: T.self) { py in
                mask.withUnsafeMutableBufferPointer(as: T.self) { pm in
                    let chunks = Threading.chunkCount(blocks, grain: blockGrain)
                    @inline(__always) func put(_ i: Int, _ word: UInt32) {
                        let m: T = word >> 8 < threshold ? scale : 0
                        pm[i] = m
                        py[i] = px[i] * m
                    }
                    Threading.parallelFor(chunks) { chunk in
                        generator.forEachBlock(from: start, Threading.range(of: chunk, in: chunks, count: blocks)) {
                            b, w0, w1, w2, w3 in
                            let base = 4 * b
                            put(base, w0)
                            if base + 1 < count { put(base + 1, w1) }
                            if base + 2 < count { put(base + 2, w2) }
                            if base + 3 < count { put(base + 3, w3) }
                        }
                    }
                }
            }
        }
        return (y, mask)
    }
}

/// gx = gy · mask: linear in gy with a fixed mask, so its own gradient is itself.
final class DropoutGrad: FunctionNode {
    let mask: NDArray

    init(_ mask: NDArray) { self.mask = mask }

    override func forward(_ inputs: [NDArray]) -> [NDArray] { [inputs[0] * mask] }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [DropoutGrad(mask).apply(gradOutputs[0]!)]
    }
}
