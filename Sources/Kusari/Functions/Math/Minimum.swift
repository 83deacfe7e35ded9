// The elementwise minimum of two variables.

extension F {
    /// min(a, b) elementwise, with NumPy broadcasting. Chainer: `F.minimum`. The gradient
    /// goes to a where a ≤ b and to b elsewhere, so a tie sends it to a, as in Chainer.
    public static func minimum(_ a: Variable, _ b: Variable) -> Variable { Minimum().apply(a, b) }
}

final class Minimum: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try checkFloat(inputs[0], "minimum", "x1")
        try checkBroadcastable(inputs, "minimum")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] { [NDArray.minimum(inputs[0], inputs[1])] }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let (a, b) = (inputs[0], inputs[1])
        return selectGradients(indexes, gradOutputs[0]!, a, b, firstWins: a.array .<= b.array)
    }
}
