// The namespace of differentiable functions. Chainer: `chainer.functions`, imported as F.

/// Differentiable functions on variables, named as in Chainer (`F.relu`, `F.linear`, ...).
/// Every function also accepts arrays through `Variable`'s initializer.
public enum F {}

/// Variables that need no gradient, for constants mixed into a computation.
extension Variable {
    static func constant(_ array: NDArray) -> Variable { Variable(array, requiresGrad: false) }
}
