// Mean absolute error.

extension F {
    /// Σ |x0 − x1| / size, over every element of two arrays of one shape; a 0-d result.
    /// Chainer: `F.mean_absolute_error`. The gradient is sign(x0 − x1) / size (0 where equal).
    public static func meanAbsoluteError(_ x0: Variable, _ x1: Variable) -> Variable {
        MeanAbsoluteError().apply(x0, x1)
    }
}

final class MeanAbsoluteError: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try checkRegressionPair(inputs, "mean_absolute_error")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        [meanOfDifferences(inputs[0], inputs[1], "mean_absolute_error") { Swift.abs($0) }]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let diff = inputs[0].array - inputs[1].array
        let g0 = gradOutputs[0]! * .constant(diff.sign() * (1 / Double(diff.count)))
        return indexes.map { $0 == 0 ? g0 : -g0 }
    }
}
