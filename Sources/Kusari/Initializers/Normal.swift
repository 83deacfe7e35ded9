// Initializers drawing from a normal distribution.

/// N(0, scale²). Chainer: `initializers.Normal(scale=0.05)`.
public struct Normal: Initializer {
    public let scale: Double
    public init(scale: Double = 0.05) { self.scale = scale }
    public func generate(_ shape: [Int], dtype: DType) -> NDArray {
        var stream = initializerStream()
        return stream.normal(shape, mean: 0, std: scale, dtype: dtype)
    }
}

/// N(0, scale²/fan_in): the default weight initializer of Linear and Convolution2D.
/// Chainer: `initializers.LeCunNormal(scale=1.0)`.
public struct LeCunNormal: Initializer {
    public let scale: Double
    public init(scale: Double = 1) { self.scale = scale }
    public func generate(_ shape: [Int], dtype: DType) -> NDArray {
        let fan = fans(shape, "LeCunNormal")
        return Normal(scale: scale * (1 / fan.in).squareRoot()).generate(shape, dtype: dtype)
    }
}

/// N(0, scale²·2/(fan_in + fan_out)). Chainer: `initializers.GlorotNormal(scale=1.0)`.
public struct GlorotNormal: Initializer {
    public let scale: Double
    public init(scale: Double = 1) { self.scale = scale }
    public func generate(_ shape: [Int], dtype: DType) -> NDArray {
        let fan = fans(shape, "GlorotNormal")
        return Normal(scale: scale * (2 / (fan.in + fan.out)).squareRoot()).generate(shape, dtype: dtype)
    }
}

/// N(0, scale²·2/fan_in). Chainer: `initializers.HeNormal(scale=1.0, fan_option='fan_in')`.
public struct HeNormal: Initializer {
    public let scale: Double
    public init(scale: Double = 1) { self.scale = scale }
    public func generate(_ shape: [Int], dtype: DType) -> NDArray {
        let fan = fans(shape, "HeNormal")
        return Normal(scale: scale * (2 / fan.in).squareRoot()).generate(shape, dtype: dtype)
    }
}
