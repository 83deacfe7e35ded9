// Chainer's `L.BatchNormalization`: batch normalization with a learned scale and shift and
// running statistics for test mode.

/// Normalizes with batch statistics while training and with running averages in test mode.
/// Chainer: `L.BatchNormalization(size, decay=0.9, eps=2e-5, dtype, use_gamma=True,
/// use_beta=True, initial_gamma=1, initial_beta=0, axis=None, initial_avg_mean=0,
/// initial_avg_var=1)`.
///
/// - Training (`Config.train`): `F.batchNormalization` with the batch statistics, folding them
///   into `avgMean` and `avgVar` with `decay`. With `finetune: true` the decay is
///   1 − 1/N after counting the batch in `N`, so the averages become the exact population
///   statistics over the batches since `startFinetuning()`.
/// - Test mode: `F.fixedBatchNormalization` with `avgMean` and `avgVar`.
///
/// Saved and loaded under Chainer's keys: `gamma`, `beta`, `avg_mean`, `avg_var`, `N`.
public final class BatchNormalization: Link, UnaryLink {
    /// The scale γ; nil with `useGamma: false` (a constant 1).
    public let gamma: Parameter?
    /// The shift β; nil with `useBeta: false` (a constant 0).
    public let beta: Parameter?
    /// The running mean. Chainer: `avg_mean`.
    @Persistent public var avgMean: NDArray
    /// The running variance, unbiased. Chainer: `avg_var`.
    @Persistent public var avgVar: NDArray
    /// The number of batches seen in fine-tuning mode.
    @Persistent public var N: Int
    /// The weight of the old running statistics in each training update.
    public var decay: Double
    /// Added to the variance before the square root.
    public var eps: Double
    /// The axes statistics are taken over; nil for all but the channel axes (from axis 1).
    public let axes: [Int]?

    /// A layer over channels of shape `size` (gamma's shape: (C) for (N, C) or (N, C, H, W)).
    public init(
        _ size: [Int], decay: Double = 0.9, eps: Double = 2e-5, dtype: DType = .float32,
        useGamma: Bool = true, useBeta: Bool = true, initialGamma: Initializer = One(), initialBeta: Initializer = Zero(),
        axes: [Int]? = nil, initialAvgMean: Initializer = Zero(), initialAvgVar: Initializer = One()
    ) {
        gamma = useGamma ? Parameter(initializer: initialGamma, shape: size, dtype: dtype) : nil
        beta = useBeta ? Parameter(initializer: initialBeta, shape: size, dtype: dtype) : nil
        _avgMean = Persistent(wrappedValue: initialAvgMean.generate(size, dtype: dtype), key: "avg_mean")
        _avgVar = Persistent(wrappedValue: initialAvgVar.generate(size, dtype: dtype), key: "avg_var")
        _N = Persistent(wrappedValue: 0)
        self.decay = decay
        self.eps = eps
        self.axes = axes
        super.init()
    }

    /// A layer over `size` channels. Chainer: `L.BatchNormalization(size)`.
    public convenience init(
        _ size: Int, decay: Double = 0.9, eps: Double = 2e-5, dtype: DType = .float32,
        useGamma: Bool = true, useBeta: Bool = true, initialGamma: Initializer = One(), initialBeta: Initializer = Zero(),
        axes: [Int]? = nil, initialAvgMean: Initializer = Zero(), initialAvgVar: Initializer = One()
    ) {
        self.init([size], decay: decay, eps: eps, dtype: dtype, useGamma: useGamma, useBeta: useBeta,
                  initialGamma: initialGamma, initialBeta: initialBeta, axes: axes,
                  initialAvgMean: initialAvgMean, initialAvgVar: initialAvgVar)
    }

    public func callAsFunction(_ x: Variable) -> Variable { callAsFunction(x, finetune: false) }

    /// Normalizes `x`; in training mode with `finetune`, accumulates population statistics.
    public func callAsFunction(_ x: Variable, finetune: Bool) -> Variable {
        let shape = avgMean.shape
        let gamma = gamma ?? Variable.constant(NDArray.ones(shape, dtype: x.dtype))
        let beta = beta ?? Variable.constant(NDArray.zeros(shape, dtype: x.dtype))
        guard Config.train else {
            return F.fixedBatchNormalization(x, gamma, beta, .constant(avgMean), .constant(avgVar), eps: eps, axes: axes)
        }
        if finetune { N += 1 }
        return F.batchNormalization(x, gamma, beta, eps: eps, runningMean: &avgMean, runningVar: &avgVar,
                                    decay: finetune ? 1 - 1 / Double(N) : decay, axes: axes)
    }

    /// Restarts the population count of fine-tuning mode. Chainer: `start_finetuning()`.
    public func startFinetuning() { N = 0 }
}
