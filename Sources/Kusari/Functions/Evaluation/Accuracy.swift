// Classification accuracy (not differentiable).

extension F {
    /// The fraction of samples whose argmax over axis 1 of y equals t. Chainer:
    /// `F.accuracy(y, t, ignore_label=None)`:
    /// - y is (N, K, d₁, ...) and t (int32/int64) is (N, d₁, ...); trailing axes of y beyond
    ///   t's may only have size 1. Ties go to the first maximum, as NumPy's argmax.
    /// - With `ignoreLabel`, samples whose label equals it are left out of both counts, and a
    ///   batch with none left gives 0. Without it an empty batch gives NaN, as Chainer's mean.
    /// Returns a 0-d constant of y's dtype that carries no gradient.
    public static func accuracy(_ y: Variable, _ t: Variable, ignoreLabel: Int32? = nil) -> Variable {
        do { return Variable(try accuracyChecked(y.array, t.array, ignoreLabel: ignoreLabel), requiresGrad: false) } catch {
            preconditionFailure(error.description)
        }
    }

    /// `accuracy` on arrays, throwing its shape error.
    static func accuracyChecked(_ y: NDArray, _ t: NDArray, ignoreLabel: Int32?) throws(ShapeError) -> NDArray {
        try checkFloat(y, "accuracy", "y")
        let labels = try integerLabels(t, "accuracy")
        guard y.ndim >= 2, y.ndim > t.ndim, y.shape[1] > 0, t.ndim >= 1, y.shape[0] == t.shape[0],
              Array(y.shape[2..<(t.ndim + 1)]) == Array(t.shape.dropFirst()),
              y.shape[(t.ndim + 1)...].allSatisfy({ $0 == 1 }) else {
            throw ShapeError("accuracy: y.shape == (t.shape[0], K) + t.shape[1:] (+ size-1 axes), actual \(NDArray.format(y.shape)) and \(NDArray.format(t.shape))")
        }
        let layout = ClassLayout([y.shape[0], y.shape[1], labels.count / Swift.max(y.shape[0], 1)])
        func run<T: NDFloat>(_: T.Type) -> NDArray {
            var (correct, total) = (0, 0)
            y.withUnsafeBufferPointer(as: T.self) { py in
                for (index, label) in labels.enumerated() where ignoreLabel.map({ Int64($0) != label }) ?? true {
                    let base = (index / layout.r) * layout.k * layout.r + index % layout.r
                    var best = 0
                    for c in 1..<layout.k where py[base + c * layout.r] > py[base + best * layout.r] { best = c }
                    total += 1
                    if Int64(best) == label { correct += 1 }
                }
            }
            let value = ignoreLabel != nil && total == 0 ? 0 : Double(correct) / Double(total)
            return NDArray(scalar: T(fromDouble: value))
        }
        return NDArray.byFloat(y.dtype, "accuracy", f32: run(Float.self), f64: run(Double.self))
    }
}
