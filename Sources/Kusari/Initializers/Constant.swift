// Initializers that fill a constant.

/// Fills every element with `fillValue`. Chainer: `initializers.Constant`.
public struct Constant: Initializer {
    public let fillValue: Double
    public init(_ fillValue: Double) { self.fillValue = fillValue }
    public func generate(_ shape: [Int], dtype: DType) -> NDArray { NDArray.full(shape, fillValue, dtype: dtype) }
}

/// Fills zeros; the default bias initializer. Chainer: `initializers.Zero`.
public struct Zero: Initializer {
    public init() {}
    public func generate(_ shape: [Int], dtype: DType) -> NDArray { NDArray(zeros: shape, dtype: dtype) }
}

/// Fills ones. Chainer: `initializers.One`.
public struct One: Initializer {
    public init() {}
    public func generate(_ shape: [Int], dtype: DType) -> NDArray { NDArray.full(shape, 1, dtype: dtype) }
}
