// The natural logarithm.

extension F {
    /// ln x elementwise. Chainer: `F.log`.
    public static func log(_ x: Variable) -> Variable { Log().apply(x) }
}

final class Log: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "log") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] { [inputs[0].log()] }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [gradOutputs[0]! / inputs[0]]
    }
}
