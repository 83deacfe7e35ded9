// The elementwise maximum of two variables.

extension F {
    /// max(a, b) elementwise, with NumPy broadcasting. Chainer: `F.maximum`. The gradient
    /// goes to a where a ≥ b and to b elsewhere, so a tie sends it to a, as in Chainer.
    public static func maximum(_ a: Variable, _ b: Variable) -> Variable { Maximum().apply(a, b) }
}

final class Maximum: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try checkFloat(inputs[0], "maximum", "x1")
        try checkBroadcastable(inputs, "maximum")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] { [NDArray.maximum(inputs[0], inputs[1])] }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let (a, b) = (inputs[0], inputs[1])
        return selectGradients(indexes, gradOutputs[0]!, a, b, firstWins: a.array .>= b.array)
    }
}

/// The gradients of an elementwise selection between a and b: gy where `firstWins` goes to a,
/// the rest to b, each summed back to its input's shape. Linear in gy with a fixed mask.
func selectGradients(_ indexes: [Int], _ gy: Variable, _ a: Variable, _ b: Variable, firstWins: NDArray) -> [Variable?] {
    let mask = firstWins.astype(gy.dtype)
    return indexes.map { index in
        index == 0 ? F.sumTo(gy * .constant(mask), a.shape) : F.sumTo(gy * .constant(1 - mask), b.shape)
    }
}
