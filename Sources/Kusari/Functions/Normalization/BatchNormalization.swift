// Batch normalization with batch statistics (Ioffe & Szegedy, 2015).

extension F {
    /// y = γ · (x − μ) / √(σ² + eps) + β with μ and σ² the mean and the biased variance of
    /// the batch, per channel. Chainer: `F.batch_normalization(x, gamma, beta, eps=2e-5,
    /// axis=None)`.
    ///
    /// The statistics are taken over `axes`, by default every axis but gamma's, which start at
    /// axis 1: over (0) for x of shape (N, C), over (0, 2, 3) for (N, C, H, W) with gamma and
    /// beta of shape (C). Batch statistics are used whatever `Config.train` says (the
    /// `BatchNormalization` link switches to `fixedBatchNormalization` in test mode); running
    /// this in training mode with backprop off is reported by `TrainModeCheck`.
    /// Differentiable twice, in x, gamma and beta.
    public static func batchNormalization(
        _ x: Variable, _ gamma: Variable, _ beta: Variable, eps: Double = 2e-5, axes: [Int]? = nil
    ) -> Variable {
        normalizeBatch(x, gamma, beta, eps: eps, axes: axes).y
    }

    /// `batchNormalization` that also folds the batch statistics into running averages, as
    /// Chainer's `F.batch_normalization(..., running_mean, running_var, decay=0.9)` updates
    /// its arrays in place:
    ///
    ///     runningMean ← decay · runningMean + (1 − decay) · μ
    ///     runningVar  ← decay · runningVar  + (1 − decay) · m / max(m − 1, 1) · σ²
    ///
    /// m being the number of elements per channel, so the running variance gathers the
    /// unbiased estimate while the output uses the biased one. Both arrays have gamma's shape
    /// and dtype.
    public static func batchNormalization(
        _ x: Variable, _ gamma: Variable, _ beta: Variable, eps: Double = 2e-5,
        runningMean: inout NDArray, runningVar: inout NDArray, decay: Double = 0.9, axes: [Int]? = nil
    ) -> Variable {
        let (y, node) = normalizeBatch(x, gamma, beta, eps: eps, axes: axes)
        precondition(runningMean.shape == gamma.shape && runningVar.shape == gamma.shape,
                     "batch_normalization: running statistics must have gamma's shape \(NDArray.format(gamma.shape)), "
                         + "actual \(NDArray.format(runningMean.shape)) and \(NDArray.format(runningVar.shape))")
        let m = Double(node.layout.batchCount)
        runningMean = runningMean * decay + node.mean.reshaped(gamma.shape) * (1 - decay)
        runningVar = runningVar * decay + node.variance.reshaped(gamma.shape) * ((1 - decay) * (m / Swift.max(m - 1, 1)))
        return y
    }

    private static func normalizeBatch(
        _ x: Variable, _ gamma: Variable, _ beta: Variable, eps: Double, axes: [Int]?
    ) -> (y: Variable, node: BatchNormalizationFunction) {
        let layout = ChannelLayout.of("batch_normalization", x: x.array, gamma: gamma.array, [("beta", beta.array)], axes: axes)
        let node = BatchNormalizationFunction(layout: layout, eps: eps)
        let c = [layout.channels]
        let y = node.apply(reshape(x, layout.view), reshape(gamma, c), reshape(beta, c))
        return (reshape(y, x.shape), node)
    }
}

/// Inputs x (outer, C, inner), gamma (C), beta (C); keeps μ, σ² and 1/√(σ² + eps) per channel.
final class BatchNormalizationFunction: FunctionNode {
    let layout: ChannelLayout
    let eps: Double
    private(set) var mean = NDArray(zeros: [0])
    private(set) var variance = NDArray(zeros: [0])
    private(set) var invStd = NDArray(zeros: [0])

    init(layout: ChannelLayout, eps: Double) {
        self.layout = layout
        self.eps = eps
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        TrainModeCheck.check("batch_normalization")
        func run<T: NDFloat>(_ type: T.Type) -> NDArray { kernel(inputs[0], inputs[1], inputs[2], T.self) }
        return [NDArray.byFloat(inputs[0].dtype, "batch_normalization", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let grads = BatchNormalizationGrad(layout: layout, eps: eps, mean: mean, invStd: invStd)
            .apply([inputs[0], inputs[1], gradOutputs[0]!])
        return indexes.map { grads[$0] }
    }

    /// Two passes for the statistics (mean, then squared deviations, summed in double
    /// precision), one for y.
    private func kernel<T: NDFloat>(_ x: NDArray, _ gamma: NDArray, _ beta: NDArray, _ type: T.Type) -> NDArray {
        let m = Double(layout.batchCount), inner = layout.inner
        var y = NDArray(uninitialized: x.shape, dtype: x.dtype)
        x.withUnsafeBufferPointer(as: T.self) { px in
            let mu = layout.channelSums { _, i in Double(px[i]) }.map { $0 / m }
            let sigma2 = layout.channelSums { c, i in
                let d = Double(px[i]) - mu[c]
                return d * d
            }.map { $0 / m }
            let s = sigma2.map { 1 / (($0 + eps).squareRoot()) }
            mean = NDArray(mu.map { T($0) }, shape: [layout.channels])
            variance = NDArray(sigma2.map { T($0) }, shape: [layout.channels])
            invStd = NDArray(s.map { T($0) }, shape: [layout.channels])
            let g = gamma.toArray(as: T.self), b = beta.toArray(as: T.self)
            let shift = mu.map { T($0) }, scale = (0..<layout.channels).map { g[$0] * T(s[$0]) }
            y.withUnsafeMutableBufferPointer(as: T.self) { py in
                layout.forEachRun { c, base in
                    let (shift, scale, b) = (shift[c], scale[c], b[c])
                    for i in base ..< base + inner { py[i] = (px[i] - shift) * scale + b }
                }
            }
        }
        return y
    }
}
