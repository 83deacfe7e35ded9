// Layer normalization (Ba et al., 2016): each sample normalized over its own units.

extension F {
    /// y = γ · (x − μ) / √(σ² + eps) + β for x of shape (N, C), with μ and σ² the mean and the
    /// biased variance of each row and γ, β of shape (C). Chainer:
    /// `F.layer_normalization(x, gamma, beta, eps=1e-5)`. Differentiable twice.
    public static func layerNormalization(_ x: Variable, _ gamma: Variable, _ beta: Variable, eps: Double = 1e-5) -> Variable {
        LayerNormalizationFunction(eps: eps).apply(x, gamma, beta)
    }
}

final class LayerNormalizationFunction: FunctionNode {
    let eps: Double

    init(eps: Double) { self.eps = eps }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let (x, gamma, beta) = (inputs[0], inputs[1], inputs[2])
        try checkFloat(x, "layer_normalization")
        guard x.ndim == 2 else { throw ShapeError("layer_normalization: x.ndim == 2, actual \(x.ndim) != 2") }
        for (name, array) in [("gamma", gamma), ("beta", beta)] {
            guard array.dtype == x.dtype else {
                throw ShapeError("layer_normalization: \(name).dtype == x.dtype, actual \(array.dtype) != \(x.dtype)")
            }
            guard array.shape == [x.shape[1]] else {
                throw ShapeError("layer_normalization: \(name).shape == (x.shape[1],), actual "
                                 + "\(NDArray.format(array.shape)) != \(NDArray.format([x.shape[1]]))")
            }
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        func run<T: NDFloat>(_ type: T.Type) -> NDArray { kernel(inputs[0], inputs[1], inputs[2], T.self) }
        return [NDArray.byFloat(inputs[0].dtype, "layer_normalization", f32: run(Float.self), f64: run(Double.self))]
    }

    /// gx = P(gy · γ) with P the Jacobian of the row standardization, gγ = Σₙ gy · x̂,
    /// gβ = Σₙ gy; built from differentiable functions.
    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        let std = Standardization(inputs[0], axes: [1], eps: eps)
        return indexes.map { index -> Variable in
            switch index {
            case 0: std.pullback(gy * inputs[1])
            case 1: F.sum(gy * std.xhat, axes: [0])
            default: F.sum(gy, axes: [0])
            }
        }
    }

    /// One row at a time: mean, then squared deviations (in double precision), then y.
    private func kernel<T: NDFloat>(_ x: NDArray, _ gamma: NDArray, _ beta: NDArray, _ type: T.Type) -> NDArray {
        let (rows, units) = (x.shape[0], x.shape[1])
        var y = NDArray(uninitialized: x.shape, dtype: x.dtype)
        let eps = eps
        x.withUnsafeBufferPointer(as: T.self) { px in
            gamma.withUnsafeBufferPointer(as: T.self) { pg in
                beta.withUnsafeBufferPointer(as: T.self) { pb in
                    y.withUnsafeMutableBufferPointer(as: T.self) { py in
                        let chunks = Swift.min(rows, Threading.chunkCount(x.count, grain: ChannelLayout.grain))
                        Threading.parallelFor(chunks) { chunk in
                            for n in Threading.range(of: chunk, in: chunks, count: rows) {
                                let row = n * units
                                var total = 0.0
                                for j in 0..<units { total += Double(px[row + j]) }
                                let mean = total / Double(units)
                                var squares = 0.0
                                for j in 0..<units {
                                    let d = Double(px[row + j]) - mean
                                    squares += d * d
                                }
                                let s = T(1 / (squares / Double(units) + eps).squareRoot()), mu = T(mean)
                                for j in 0..<units { py[row + j] = (px[row + j] - mu) * s * pg[j] + pb[j] }
                            }
                        }
                    }
                }
            }
        }
        return y
    }
}
