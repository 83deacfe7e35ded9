// Joins variables along an existing axis.

extension F {
    /// The variables joined along `axis`; every other axis must agree. Chainer:
    /// `F.concat(xs, axis=1)` — note the default is axis 1, not NumPy's 0. The gradient splits
    /// the output gradient back into the input sizes.
    public static func concat(_ xs: [Variable], axis: Int = 1) -> Variable {
        Concat(axis: axis).apply(xs)[0]
    }
}

final class Concat: FunctionNode {
    let axis: Int

    init(axis: Int) { self.axis = axis }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        guard let first = inputs.first else { throw ShapeError("concat: need at least one variable") }
        let n = first.ndim
        guard axis >= -n && axis < n else {
            throw ShapeError("concat: -x.ndim <= axis < x.ndim, actual axis \(axis) for ndim \(n)")
        }
        let a = (axis + n) % n
        for (i, x) in inputs.enumerated().dropFirst() {
            guard x.dtype == first.dtype else { throw ShapeError("concat: xs[\(i)].dtype == xs[0].dtype, actual \(x.dtype) != \(first.dtype)") }
            guard x.ndim == n else { throw ShapeError("concat: xs[\(i)].ndim == xs[0].ndim, actual \(x.ndim) != \(n)") }
            for d in 0..<n where d != a && x.shape[d] != first.shape[d] {
                throw ShapeError("concat: xs[\(i)].shape[\(d)] == xs[0].shape[\(d)], actual \(x.shape[d]) != \(first.shape[d])")
            }
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let a = (axis + inputs[0].ndim) % inputs[0].ndim
        var shape = inputs[0].shape
        shape[a] = inputs.reduce(0) { $0 + $1.shape[a] }
        var out = NDArray(uninitialized: shape, dtype: inputs[0].dtype)
        var offset = 0
        for x in inputs {
            out.assign(x, at: Window(placing: x.shape, at: offset, axis: a))
            offset += x.shape[a]
        }
        return [out]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let a = (axis + inputs[0].ndim) % inputs[0].ndim
        let ends = inputs.dropLast().reduce(into: [Int]()) { $0.append(($0.last ?? 0) + $1.shape[a]) }
        let parts = F.splitAxis(gradOutputs[0]!, indices: ends, axis: a)
        return indexes.map { parts[$0] }
    }
}
