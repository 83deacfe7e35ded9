// Elementwise division with broadcasting.

extension F {
    /// a ÷ b elementwise, with NumPy broadcasting. Chainer: `Variable.__truediv__`.
    public static func divide(_ a: Variable, _ b: Variable) -> Variable { Divide().apply(a, b) }
}

final class Divide: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try checkBroadcastable(inputs, "div")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] { [inputs[0] / inputs[1]] }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        let (a, b) = (inputs[0], inputs[1])
        let ga = gy / b
        return indexes.map { $0 == 0 ? F.sumTo(ga, a.shape) : F.sumTo(-ga * a / b, b.shape) }
    }
}
