// Elementwise subtraction with broadcasting.

extension F {
    /// a − b elementwise, with NumPy broadcasting. Chainer: `Variable.__sub__`.
    public static func subtract(_ a: Variable, _ b: Variable) -> Variable { Subtract().apply(a, b) }
}

final class Subtract: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try checkBroadcastable(inputs, "sub")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] { [inputs[0] - inputs[1]] }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        return indexes.map { $0 == 0 ? F.sumTo(gy, inputs[0].shape) : F.sumTo(-gy, inputs[1].shape) }
    }
}
