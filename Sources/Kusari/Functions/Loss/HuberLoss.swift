// Huber loss: squared near zero, linear beyond delta.

/// The reduction of `F.huberLoss`. Chainer: `reduce='sum_along_second_axis'` (default) or `'no'`.
public enum HuberReduce: Sendable {
    /// Sum over axis 1 only: x of shape (N, K, ...) gives (N, ...).
    case sumAlongSecondAxis
    /// The elementwise losses.
    case no
}

extension F {
    /// With a = x − t elementwise: ½a² where |a| ≤ δ, and δ(|a| − ½δ) elsewhere.
    /// Chainer: `F.huber_loss(x, t, delta, reduce='sum_along_second_axis')` — the default sums
    /// over axis 1 only, so the result keeps the batch axis. The gradient is
    /// clip(a, −δ, δ); differentiable twice.
    public static func huberLoss(_ x: Variable, _ t: Variable, delta: Double, reduce: HuberReduce = .sumAlongSecondAxis) -> Variable {
        HuberLoss(delta: delta, reduce: reduce).apply(x, t)
    }
}

final class HuberLoss: FunctionNode {
    let delta: Double
    let reduce: HuberReduce

    init(delta: Double, reduce: HuberReduce) {
        self.delta = delta
        self.reduce = reduce
    }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try checkRegressionPair(inputs, "huber_loss")
        if reduce == .sumAlongSecondAxis && inputs[0].ndim < 2 {
            throw ShapeError("huber_loss: x.ndim >= 2 to sum along the second axis, actual \(inputs[0].ndim)")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let a = inputs[0] - inputs[1], magnitude = a.abs()
        let inside = magnitude .<= NDArray.scalar(delta, dtype: a.dtype)
        let losses = NDArray.where(inside, a * a * 0.5, (magnitude - delta / 2) * delta)
        return [reduce == .no ? losses : losses.sum(axes: [1])]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let diff = inputs[0] - inputs[1]
        let inside = diff.array.abs() .<= NDArray.scalar(delta, dtype: diff.dtype)
        let clipped = F.where(inside, diff, .constant(diff.array.sign() * delta))
        let gy = reduce == .no ? gradOutputs[0]! : F.expandDims(gradOutputs[0]!, axis: 1)
        let g0 = gy * clipped
        return indexes.map { $0 == 0 ? g0 : -g0 }
    }
}
