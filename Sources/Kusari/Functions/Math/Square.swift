// The elementwise square.

extension F {
    /// x² elementwise. Chainer: `F.square`.
    public static func square(_ x: Variable) -> Variable { Square().apply(x) }
}

final class Square: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "square") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] { [inputs[0].square()] }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [gradOutputs[0]! * inputs[0] * 2]
    }
}
