// The interface of weight initializers. Chainer: `chainer.Initializer`.

/// Produces the initial value of a parameter of a given shape.
///
/// Random initializers draw from Kusari's seeded Philox streams, so `Kusari.seed(_:)`
/// fixes every initial weight.
public protocol Initializer {
    /// An array of `shape` and `dtype` holding initial values.
    func generate(_ shape: [Int], dtype: DType) -> NDArray
}
