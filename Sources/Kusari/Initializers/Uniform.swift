// Initializers drawing from a uniform distribution.

/// U(−scale, scale). Chainer: `initializers.Uniform(scale=0.05)`.
public struct Uniform: Initializer {
    public let scale: Double
    public init(scale: Double = 0.05) { self.scale = scale }
    public func generate(_ shape: [Int], dtype: DType) -> NDArray {
        var stream = initializerStream()
        return stream.uniform(shape, low: -scale, high: scale, dtype: dtype)
    }
}

/// U(−s, s) with s = scale·√(3/fan_in). Chainer: `initializers.LeCunUniform(scale=1.0)`.
public struct LeCunUniform: Initializer {
    public let scale: Double
    public init(scale: Double = 1) { self.scale = scale }
    public func generate(_ shape: [Int], dtype: DType) -> NDArray {
        let fan = fans(shape, "LeCunUniform")
        return Uniform(scale: scale * (3 / fan.in).squareRoot()).generate(shape, dtype: dtype)
    }
}

/// U(−s, s) with s = scale·√(6/(fan_in + fan_out)). Chainer: `initializers.GlorotUniform(scale=1.0)`.
public struct GlorotUniform: Initializer {
    public let scale: Double
    public init(scale: Double = 1) { self.scale = scale }
    public func generate(_ shape: [Int], dtype: DType) -> NDArray {
        let fan = fans(shape, "GlorotUniform")
        return Uniform(scale: scale * (6 / (fan.in + fan.out)).squareRoot()).generate(shape, dtype: dtype)
    }
}

/// U(−s, s) with s = scale·√(6/fan_in). Chainer: `initializers.HeUniform(scale=1.0)`.
public struct HeUniform: Initializer {
    public let scale: Double
    public init(scale: Double = 1) { self.scale = scale }
    public func generate(_ shape: [Int], dtype: DType) -> NDArray {
        let fan = fans(shape, "HeUniform")
        return Uniform(scale: scale * (6 / fan.in).squareRoot()).generate(shape, dtype: dtype)
    }
}
