// Hinge loss for one-of-many classification.

/// The norm of `F.hinge`. Chainer: `norm='L1'` (default) or `'L2'`.
public enum HingeNorm: Sendable {
    case l1, l2
}

extension F {
    /// With δ = +1 for the true class tᵢ and −1 for the others, each element's loss is
    /// [max(0, 1 − δ·x)]ᵖ, p = 1 for `.l1` and 2 for `.l2`. Chainer:
    /// `F.hinge(x, t, norm='L1', reduce='mean')`; x is (N, K), t (N,) int32/int64. `.mean`
    /// divides the sum over all elements by N (the batch size), `.no` gives the (N, K) losses.
    /// The gradient at the kink (1 − δ·x = 0) is 0.
    public static func hinge(_ x: Variable, _ t: Variable, norm: HingeNorm = .l1, reduce: LossReduce = .mean) -> Variable {
        Hinge(norm: norm, reduce: reduce).apply(x, t)
    }
}

final class Hinge: FunctionNode {
    let norm: HingeNorm
    let reduce: LossReduce

    init(norm: HingeNorm, reduce: LossReduce) {
        self.norm = norm
        self.reduce = reduce
    }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let (x, t) = (inputs[0], inputs[1])
        try checkFloat(x, "hinge")
        guard x.ndim == 2, t.ndim == 1 else { throw ShapeError("hinge: x.ndim == 2 and t.ndim == 1, actual \(x.ndim), \(t.ndim)") }
        guard x.shape[0] == t.shape[0] else { throw ShapeError("hinge: x.shape[0] == t.shape[0], actual \(x.shape[0]) != \(t.shape[0])") }
        let labels = try integerLabels(t, "hinge")
        if let i = labels.firstIndex(where: { $0 < 0 || $0 >= x.shape[1] }) {
            throw ShapeError("hinge: 0 <= t < \(x.shape[1]), actual t[\(i)] == \(labels[i])")
        }
    }

    /// −1 at the true class and +1 elsewhere, so that the margin is 1 + sign·x.
    private func signs(_ t: NDArray, classes: Int, dtype: DType) -> NDArray {
        1 - 2 * oneHot(t, classes: classes).astype(dtype)
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let x = inputs[0]
        let margin = NDArray.maximum(1 + signs(inputs[1], classes: x.shape[1], dtype: x.dtype) * x, NDArray.scalar(0, dtype: x.dtype))
        let losses = norm == .l1 ? margin : margin * margin
        return [reduce == .mean ? losses.sum() / Double(x.shape[0]) : losses]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let x = inputs[0]
        let sign = signs(inputs[1].array, classes: x.shape[1], dtype: x.dtype)
        let margin = 1 + .constant(sign) * x
        let active = margin.array .> NDArray.scalar(0, dtype: x.dtype)
        let zero = Variable.constant(NDArray.scalar(0, dtype: x.dtype))
        let gy = reduce == .mean ? gradOutputs[0]! / Double(x.shape[0]) : gradOutputs[0]!
        let slope = norm == .l1 ? F.where(active, .constant(sign), zero) : 2 * F.where(active, margin, zero) * .constant(sign)
        return indexes.map { $0 == 0 ? gy * slope : nil }
    }
}
