// Flattens a variable to one dimension.

extension F {
    /// `x` as a 1-D variable of `x.count` elements, in row-major order. Chainer: `F.flatten`
    /// (which flattens every axis, the batch axis included).
    public static func flatten(_ x: Variable) -> Variable { reshape(x, [x.count]) }
}
