// Elementwise multiplication with broadcasting.

extension F {
    /// a × b elementwise, with NumPy broadcasting. Chainer: `Variable.__mul__`.
    public static func multiply(_ a: Variable, _ b: Variable) -> Variable { Multiply().apply(a, b) }
}

final class Multiply: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try checkBroadcastable(inputs, "mul")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] { [inputs[0] * inputs[1]] }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        let (a, b) = (inputs[0], inputs[1])
        return indexes.map { $0 == 0 ? F.sumTo(gy * b, a.shape) : F.sumTo(gy * a, b.shape) }
    }
}
