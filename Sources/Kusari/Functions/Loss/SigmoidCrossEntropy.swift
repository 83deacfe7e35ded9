// Sigmoid cross entropy: the loss of independent binary labels.

extension F {
    /// The cross entropy of sigmoid(x) against binary labels t of x's shape:
    /// ℓ = −(t·x − log(1 + eˣ)), computed stably as −(x·(t − [x ≥ 0]) − log(1 + e^{−|x|})).
    /// Chainer: `F.sigmoid_cross_entropy(x, t, normalize=True, reduce='mean')`:
    /// - t is int32/int64 in {0, 1}; elements with t == −1 are ignored (loss 0).
    /// - `reduce: .mean` gives Σℓ / max(c, 1) with c the number of elements not ignored when
    ///   `normalize` is true, and the batch size x.shape[0] when false; so all-ignored gives 0.
    /// - `reduce: .no` gives ℓ elementwise, 0 where ignored.
    /// Differentiable twice with respect to x, as in Chainer.
    public static func sigmoidCrossEntropy(_ x: Variable, _ t: Variable, normalize: Bool = true, reduce: LossReduce = .mean) -> Variable {
        SigmoidCrossEntropy(normalize: normalize, reduce: reduce).apply(x, t)
    }
}

final class SigmoidCrossEntropy: FunctionNode {
    let normalize: Bool
    let reduce: LossReduce
    private var coefficient = 1.0

    init(normalize: Bool, reduce: LossReduce) {
        self.normalize = normalize
        self.reduce = reduce
    }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let (x, t) = (inputs[0], inputs[1])
        try checkFloat(x, "sigmoid_cross_entropy")
        let labels = try integerLabels(t, "sigmoid_cross_entropy")
        guard x.shape == t.shape else {
            throw ShapeError("sigmoid_cross_entropy: x.shape == t.shape, actual \(NDArray.format(x.shape)) != \(NDArray.format(t.shape))")
        }
        if let i = labels.firstIndex(where: { $0 < -1 || $0 > 1 }) {
            throw ShapeError("sigmoid_cross_entropy: t in {0, 1} or t == -1, actual t.flat[\(i)] == \(labels[i])")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let (x, t) = (inputs[0], inputs[1].astype(.int32))
        let valid = t.toArray(as: Int32.self).filter { $0 != -1 }.count
        coefficient = 1 / Double(max(normalize ? valid : x.shape.first ?? 1, 1))
        func run<T: NDFloat>(_: T.Type) -> NDArray {
            var losses = NDArray(uninitialized: x.shape, dtype: T.dtype)
            var total = 0.0
            x.withUnsafeBufferPointer(as: T.self) { px in
                t.withUnsafeBufferPointer(as: Int32.self) { pt in
                    losses.withUnsafeMutableBufferPointer(as: T.self) { po in
                        for i in px.indices {
                            let v = px[i]
                            po[i] = pt[i] == -1 ? 0 : -(v * (T(Int(pt[i])) - (v >= 0 ? 1 : 0)) - T.log1p(T.exp(-Swift.abs(v))))
                            total += po[i].doubleValue
                        }
                    }
                }
            }
            return reduce == .mean ? NDArray(scalar: T(fromDouble: total * coefficient)) : losses
        }
        return [NDArray.byFloat(x.dtype, "sigmoid_cross_entropy", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        indexes.map { index in
            guard index == 0 else { return nil }
            return SigmoidCrossEntropyGrad(labels: inputs[1].array, reduce: reduce, coefficient: coefficient)
                .apply(inputs[0], gradOutputs[0]!)
        }
    }
}

/// The gradient of `SigmoidCrossEntropy`: gx = gy · mask · (sigmoid(x) − t), divided by c for
/// `.mean`; mask is 0 where t == −1. Its own backward makes the loss twice differentiable.
final class SigmoidCrossEntropyGrad: FunctionNode {
    let reduce: LossReduce
    let coefficient: Double
    /// mask / c (or mask for `.no`) and mask · t, as float64 arrays of x's shape.
    let scale: NDArray
    let target: NDArray

    init(labels: NDArray, reduce: LossReduce, coefficient: Double) {
        self.reduce = reduce
        self.coefficient = coefficient
        let t = labels.astype(.float64)
        let mask = (labels.astype(.int32) .!= NDArray(scalar: Int32(-1))).astype(.float64)
        scale = reduce == .mean ? mask * coefficient : mask
        target = t * mask
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let (x, gy) = (inputs[0], inputs[1])
        return [gy * scale.astype(x.dtype) * (x.sigmoid() - target.astype(x.dtype))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let (ggx, x, gy) = (gradOutputs[0]!, inputs[0], inputs[1])
        let scale = Variable.constant(self.scale.astype(x.dtype)), target = Variable.constant(self.target.astype(x.dtype))
        let y = F.sigmoid(x)
        return indexes.map { index in
            if index == 0 { return ggx * gy * scale * y * (1 - y) }
            let perElement = ggx * scale * (y - target)
            return reduce == .mean ? F.sum(perElement) : perElement
        }
    }
}
