// Mean squared error.

extension F {
    /// Σ (x0 − x1)² / size, over every element of two arrays of one shape; a 0-d result.
    /// Chainer: `F.mean_squared_error` (the mean is over all elements, not only the batch).
    /// Differentiable twice.
    public static func meanSquaredError(_ x0: Variable, _ x1: Variable) -> Variable {
        MeanSquaredError().apply(x0, x1)
    }
}

final class MeanSquaredError: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try checkRegressionPair(inputs, "mean_squared_error")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        [meanOfDifferences(inputs[0], inputs[1], "mean_squared_error") { $0 * $0 }]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let diff = inputs[0] - inputs[1]
        let g0 = gradOutputs[0]! * diff * (2 / Double(diff.count))
        return indexes.map { $0 == 0 ? g0 : -g0 }
    }
}

/// Throws unless the two inputs are float arrays of one dtype and one shape.
func checkRegressionPair(_ inputs: [NDArray], _ function: String) throws(ShapeError) {
    try checkFloat(inputs[0], function, "x0")
    guard inputs[0].dtype == inputs[1].dtype else {
        throw ShapeError("\(function): x0.dtype == x1.dtype, actual \(inputs[0].dtype) != \(inputs[1].dtype)")
    }
    guard inputs[0].shape == inputs[1].shape else {
        throw ShapeError("\(function): x0.shape == x1.shape, actual \(NDArray.format(inputs[0].shape)) != \(NDArray.format(inputs[1].shape))")
    }
}

/// Σ f(a − b) / size as a 0-d array of a's dtype, accumulated in float64 (NaN when empty, as
/// NumPy's mean).
func meanOfDifferences(_ a: NDArray, _ b: NDArray, _ function: String, _ f: @escaping (Double) -> Double) -> NDArray {
    func run<T: NDFloat>(_: T.Type) -> NDArray {
        let total = a.withUnsafeBufferPointer(as: T.self) { pa in
            b.withUnsafeBufferPointer(as: T.self) { pb in
                var sum = 0.0
                for i in pa.indices { sum += f((pa[i] - pb[i]).doubleValue) }
                return sum
            }
        }
        return NDArray(scalar: T(fromDouble: total / Double(a.count)))
    }
    return NDArray.byFloat(a.dtype, function, f32: run(Float.self), f64: run(Double.self))
}
