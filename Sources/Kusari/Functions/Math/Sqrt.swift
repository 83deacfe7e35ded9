// The square root.

extension F {
    /// √x elementwise. Chainer: `F.sqrt`.
    public static func sqrt(_ x: Variable) -> Variable { Sqrt().apply(x) }
}

final class Sqrt: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "sqrt") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        return [inputs[0].sqrt()]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [gradOutputs[0]! / (retainedOutputs[0] * 2)]
    }
}
