// Local response normalization across channels (Krizhevsky et al., 2012, section 3.3).

extension F {
    /// yᵢ = xᵢ / (k + α Σⱼ xⱼ²)^β, the sum running over the channels j with |j − i| ≤ ⌊n/2⌋ that
    /// exist, channels being axis 1 of x (N, C, ...). Chainer:
    /// `F.local_response_normalization(x, n=5, k=2, alpha=1e-4, beta=.75)`; as there, α is
    /// not divided by n. For an even n the window is n + 1 wide, as in Chainer's CPU code.
    /// Built from differentiable functions, so differentiable twice.
    public static func localResponseNormalization(
        _ x: Variable, n: Int = 5, k: Double = 2, alpha: Double = 1e-4, beta: Double = 0.75
    ) -> Variable {
        let unitScale = ChannelWindowSum(halfWidth: n / 2).apply(x * x) * alpha + k
        return x * pow(unitScale, -beta)
    }
}

/// yᵢ = Σ xⱼ over the channels |j − i| ≤ halfWidth (axis 1). The window is symmetric, so the
/// operator equals its transpose and the gradient is the same window sum of gy.
final class ChannelWindowSum: FunctionNode {
    let halfWidth: Int

    init(halfWidth: Int) { self.halfWidth = halfWidth }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let x = inputs[0]
        try checkFloat(x, "local_response_normalization")
        guard x.ndim >= 2 else {
            throw ShapeError("local_response_normalization: x.ndim >= 2, actual \(x.ndim) < 2")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let x = inputs[0]
        func run<T: NDFloat>(_ type: T.Type) -> NDArray { kernel(x, T.self) }
        return [NDArray.byFloat(x.dtype, "local_response_normalization", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [ChannelWindowSum(halfWidth: halfWidth).apply(gradOutputs[0]!)]
    }

    private func kernel<T: NDFloat>(_ x: NDArray, _ type: T.Type) -> NDArray {
        let (outer, channels) = (x.shape[0], x.shape[1])
        let inner = x.shape[2...].reduce(1, *), halfWidth = halfWidth
        var y = NDArray(zeros: x.shape, dtype: x.dtype)
        x.withUnsafeBufferPointer(as: T.self) { px in
            y.withUnsafeMutableBufferPointer(as: T.self) { py in
                let chunks = Swift.min(outer, Threading.chunkCount(x.count * (2 * halfWidth + 1), grain: ChannelLayout.grain))
                Threading.parallelFor(chunks) { chunk in
                    for n in Threading.range(of: chunk, in: chunks, count: outer) {
                        for c in 0..<channels {
                            let out = (n * channels + c) * inner
                            for j in Swift.max(0, c - halfWidth) ... Swift.min(channels - 1, c + halfWidth) {
                                let source = (n * channels + j) * inner
                                for s in 0..<inner { py[out + s] += px[source + s] }
                            }
                        }
                    }
                }
            }
        }
        return y
    }
}
