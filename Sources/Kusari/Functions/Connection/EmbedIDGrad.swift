// The gradient of an embedding lookup with respect to its table (Chainer's `EmbedIDGrad`).

/// The gradient of `embedID` with respect to W, for inputs (x, gy): gW[v, :] = Σ gy[i, :]
/// over the positions i whose id is v (ignored ids add nothing). Linear in gy, so its own
/// gradient is `embedID(x, ggW)`.
final class EmbedIDGrad: FunctionNode {
    let ignoreLabel: Int?
    let vocabulary: Int

    init(ignoreLabel: Int?, vocabulary: Int) {
        self.ignoreLabel = ignoreLabel
        self.vocabulary = vocabulary
    }

    override var label: String { "embed_id_grad" }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let (ids, gy) = (inputs[0], inputs[1])
        let dim = gy.shape[gy.ndim - 1]
        var gW = NDArray(zeros: [vocabulary, dim], dtype: gy.dtype)
        func run<T: NDFloat>(_: T.Type) {
            gy.withUnsafeBufferPointer(as: T.self) { pg in
                gW.withUnsafeMutableBufferPointer(as: T.self) { pw in
                    EmbedIDFunction.forEachID(ids, ignoreLabel: ignoreLabel) { i, id in
                        guard let id else { return }
                        for k in 0..<dim { pw[id * dim + k] += pg[i * dim + k] }
                    }
                }
            }
        }
        NDArray.byFloat(gy.dtype, "embed_id", f32: run(Float.self), f64: run(Double.self))
        return [gW]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        indexes.map { index in index == 0 ? nil : F.embedID(inputs[0], gradOutputs[0]!, ignoreLabel: ignoreLabel) }
    }
}
