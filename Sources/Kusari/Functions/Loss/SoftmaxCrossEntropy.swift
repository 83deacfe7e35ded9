// Softmax cross entropy: the classification loss, with Chainer's ignore_label and normalize.

extension F {
    /// The cross entropy of softmax(x) along axis 1 against integer labels t:
    /// ℓᵢ = −w[tᵢ] · log softmax(xᵢ)[tᵢ], computed stably as −w·(x_t − m − log Σₖ e^{xₖ − m}).
    /// Chainer: `F.softmax_cross_entropy`, with its defaults and semantics:
    /// - x is (N, K) or (N, K, d₁, ...) with classes on axis 1; t (int32/int64) is (N, d₁, ...).
    /// - Samples with `t == ignoreLabel` (default −1) add nothing.
    /// - `reduce: .mean` (default) gives Σℓ / max(c, 1) where c is the number of samples not
    ///   ignored when `normalize` is true (default), and the batch size N when it is false;
    ///   so an all-ignored batch gives 0, not NaN.
    /// - `reduce: .no` gives the losses of shape t.shape, 0 where ignored (`normalize` unused).
    /// - `classWeight` (shape (K,)) scales each class's loss; it does not change the divisor.
    /// Differentiable twice with respect to x (Chainer's `enable_double_backprop=True`).
    public static func softmaxCrossEntropy(
        _ x: Variable, _ t: Variable, normalize: Bool = true, ignoreLabel: Int32 = -1,
        reduce: LossReduce = .mean, classWeight: NDArray? = nil
    ) -> Variable {
        SoftmaxCrossEntropy(normalize: normalize, ignoreLabel: ignoreLabel, reduce: reduce, classWeight: classWeight).apply(x, t)
    }
}

final class SoftmaxCrossEntropy: FunctionNode {
    let normalize: Bool
    let ignoreLabel: Int32
    let reduce: LossReduce
    let classWeight: NDArray?
    private var coefficient = 1.0

    init(normalize: Bool, ignoreLabel: Int32, reduce: LossReduce, classWeight: NDArray?) {
        self.normalize = normalize
        self.ignoreLabel = ignoreLabel
        self.reduce = reduce
        self.classWeight = classWeight
    }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let (x, t) = (inputs[0], inputs[1])
        try checkFloat(x, "softmax_cross_entropy")
        guard x.ndim >= 2 else { throw ShapeError("softmax_cross_entropy: x.ndim >= 2, actual \(x.ndim)") }
        let labels = try integerLabels(t, "softmax_cross_entropy")
        let expected = [x.shape[0]] + x.shape[2...]
        guard t.shape == expected else {
            throw ShapeError("softmax_cross_entropy: t.shape == (x.shape[0],) + x.shape[2:], actual \(NDArray.format(t.shape)) != \(NDArray.format(expected))")
        }
        let k = x.shape[1]
        if let i = labels.firstIndex(where: { ($0 < 0 || $0 >= k) && $0 != ignoreLabel }) {
            throw ShapeError("softmax_cross_entropy: 0 <= t < \(k) or t == \(ignoreLabel), actual t.flat[\(i)] == \(labels[i])")
        }
        if let w = classWeight, w.shape != [k] || !w.dtype.isFloatingPoint {
            throw ShapeError("softmax_cross_entropy: class_weight.shape == (\(k),) of a float dtype, actual \(NDArray.format(w.shape)) \(w.dtype)")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let (x, labels) = (inputs[0], inputs[1].astype(.int32))
        let layout = ClassLayout(x.shape)
        let valid = labels.toArray(as: Int32.self).filter { $0 != ignoreLabel }.count
        coefficient = 1 / Double(max(normalize ? valid : layout.n, 1))
        func run<T: NDFloat>(_: T.Type) -> NDArray {
            let losses = layout.losses(x, labels, T.self, ignoreLabel: ignoreLabel, weight: classWeight)
            guard reduce == .mean else { return losses }
            let total = losses.withUnsafeBufferPointer(as: T.self) { $0.reduce(0.0) { $0 + $1.doubleValue } }
            return NDArray(scalar: T(fromDouble: total * coefficient))
        }
        return [NDArray.byFloat(x.dtype, "softmax_cross_entropy", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        indexes.map { index in
            guard index == 0 else { return nil }
            let grad = SoftmaxCrossEntropyGrad(labels: inputs[1].array.astype(.int32), ignoreLabel: ignoreLabel, reduce: reduce,
                                               classWeight: classWeight, coefficient: coefficient)
            return grad.apply(inputs[0], gradOutputs[0]!)
        }
    }
}

/// The gradient of `SoftmaxCrossEntropy` with respect to x, given the loss gradient gy:
/// gx = gy · scale · (softmax(x) − onehot(t)), where scale = w[t] (times 1/c for `.mean`) and
/// 0 for ignored samples. Its own backward makes the loss twice differentiable.
final class SoftmaxCrossEntropyGrad: FunctionNode {
    let labels: NDArray
    let ignoreLabel: Int32
    let reduce: LossReduce
    let classWeight: NDArray?
    let coefficient: Double

    init(labels: NDArray, ignoreLabel: Int32, reduce: LossReduce, classWeight: NDArray?, coefficient: Double) {
        self.labels = labels
        self.ignoreLabel = ignoreLabel
        self.reduce = reduce
        self.classWeight = classWeight
        self.coefficient = coefficient
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let (x, gy) = (inputs[0], inputs[1])
        let layout = ClassLayout(x.shape)
        func run<T: NDFloat>(_: T.Type) -> NDArray {
            let scale = reduce == .mean ? gy * coefficient : gy
            return layout.gradient(x, labels, scale, T.self, ignoreLabel: ignoreLabel, weight: classWeight)
        }
        return [NDArray.byFloat(x.dtype, "softmax_cross_entropy", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let (ggx, x, gy) = (gradOutputs[0]!, inputs[0], inputs[1])
        // Per-sample factor w[t] · (1/c for mean), 0 where ignored, with a size-1 class axis.
        var scaleShape = x.shape
        scaleShape[1] = 1
        let weights = classWeight?.astype(.float64).toArray(as: Double.self)
        let factors = labels.toArray(as: Int32.self).map { label in
            label == ignoreLabel ? 0 : (weights?[Int(label)] ?? 1) * (reduce == .mean ? coefficient : 1)
        }
        let scale = Variable.constant(NDArray(factors, shape: scaleShape).astype(x.dtype))
        let s = F.softmax(x, axis: 1)
        return indexes.map { index in
            if index == 0 {
                let gyScale = (reduce == .mean ? gy : F.expandDims(gy, axis: 1)) * scale
                return gyScale * s * (ggx - F.sum(ggx * s, axes: [1], keepdims: true))
            }
            let target = Variable.constant(oneHot(labels, classes: x.shape[1], ignoreLabel: Int64(ignoreLabel)).astype(x.dtype))
            let perSample = F.sum(ggx * (s - target) * scale, axes: [1])
            return reduce == .mean ? F.sum(perSample) : perSample
        }
    }
}

/// An array with classes on axis 1, seen as (n, k, r): batch, classes, and the product of the
/// remaining axes. Class c of sample (i, j) sits at (i·k + c)·r + j.
struct ClassLayout {
    let n: Int, k: Int, r: Int

    init(_ shape: [Int]) { (n, k, r) = (shape[0], shape[1], shape[2...].reduce(1, *)) }

    /// The largest of the k classes starting at `base`, r apart.
    @inline(__always)
    func maximum<T: NDFloat>(_ x: UnsafeBufferPointer<T>, base: Int) -> T {
        var m = -T.infinity
        for c in 0..<k where x[base + c * r] > m { m = x[base + c * r] }
        return m
    }

    /// Σ e^{x − m} over the k classes starting at `base`.
    @inline(__always)
    func sumExp<T: NDFloat>(_ x: UnsafeBufferPointer<T>, base: Int, shift m: T) -> T {
        var s: T = 0
        for c in 0..<k { s += T.exp(x[base + c * r] - m) }
        return s
    }

    /// The per-sample losses −w[t]·log softmax(x)[t] (0 where ignored), of shape (n, d₁, ...).
    func losses<T: NDFloat>(_ x: NDArray, _ labels: NDArray, _: T.Type, ignoreLabel: Int32, weight: NDArray?) -> NDArray {
        var out = NDArray(uninitialized: labels.shape, dtype: T.dtype)
        let w = weight?.astype(T.dtype).toArray(as: T.self)
        x.withUnsafeBufferPointer(as: T.self) { px in
            labels.withUnsafeBufferPointer(as: Int32.self) { pt in
                out.withUnsafeMutableBufferPointer(as: T.self) { po in
                    for i in 0..<n {
                        for j in 0..<r {
                            let label = pt[i * r + j]
                            guard label != ignoreLabel else { po[i * r + j] = 0; continue }
                            let base = i * k * r + j
                            let m = maximum(px, base: base)
                            let logp = px[base + Int(label) * r] - m - T.log(sumExp(px, base: base, shift: m))
                            po[i * r + j] = -(w?[Int(label)] ?? 1) * logp
                        }
                    }
                }
            }
        }
        return out
    }

    /// gx = scale · w[t] · (softmax(x) − onehot(t)), 0 for ignored samples; `scale` is 0-d or
    /// has the labels' shape.
    func gradient<T: NDFloat>(_ x: NDArray, _ labels: NDArray, _ scale: NDArray, _: T.Type, ignoreLabel: Int32, weight: NDArray?) -> NDArray {
        var out = NDArray(uninitialized: x.shape, dtype: T.dtype)
        let w = weight?.astype(T.dtype).toArray(as: T.self)
        let perSample = scale.ndim > 0
        x.withUnsafeBufferPointer(as: T.self) { px in
            labels.withUnsafeBufferPointer(as: Int32.self) { pt in
                scale.withUnsafeBufferPointer(as: T.self) { ps in
                    out.withUnsafeMutableBufferPointer(as: T.self) { po in
                        for i in 0..<n {
                            for j in 0..<r {
                                let label = pt[i * r + j], base = i * k * r + j
                                guard label != ignoreLabel else {
                                    for c in 0..<k { po[base + c * r] = 0 }
                                    continue
                                }
                                let a = (perSample ? ps[i * r + j] : ps[0]) * (w?[Int(label)] ?? 1)
                                let m = maximum(px, base: base)
                                let g = a / sumExp(px, base: base, shift: m)
                                for c in 0..<k { po[base + c * r] = g * T.exp(px[base + c * r] - m) }
                                po[base + Int(label) * r] -= a
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
