// The absolute value.

extension F {
    /// |x| elementwise. Chainer: `F.absolute` (`abs(variable)`). The gradient is sign(x),
    /// so 0 at x = 0, as in Chainer.
    public static func absolute(_ x: Variable) -> Variable { Absolute().apply(x) }
}

final class Absolute: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "absolute") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] { [inputs[0].abs()] }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [gradOutputs[0]! * .constant(inputs[0].array.sign())]
    }
}
