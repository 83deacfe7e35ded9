// The reciprocal square root.

extension F {
    /// 1 / √x elementwise. Chainer: `F.rsqrt`.
    public static func rsqrt(_ x: Variable) -> Variable { Rsqrt().apply(x) }
}

final class Rsqrt: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "rsqrt") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        return [inputs[0].rsqrt()]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        // d/dx x^(−1/2) = −½ x^(−3/2) = −½ y³.
        let y = retainedOutputs[0]
        return [gradOutputs[0]! * (y * y * y) * -0.5]
    }
}
