// Elementwise addition with broadcasting.

extension F {
    /// a + b elementwise, with NumPy broadcasting. Chainer: `F.add` / `Variable.__add__`.
    public static func add(_ a: Variable, _ b: Variable) -> Variable { Add().apply(a, b) }
}

final class Add: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try checkBroadcastable(inputs, "add")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] { [inputs[0] + inputs[1]] }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        return indexes.map { F.sumTo(gy, inputs[$0].shape) }
    }
}

/// Throws unless the two inputs share a dtype and broadcast together.
func checkBroadcastable(_ inputs: [NDArray], _ operation: String) throws(ShapeError) {
    guard inputs[0].dtype == inputs[1].dtype else {
        throw ShapeError("\(operation): x0.dtype == x1.dtype, actual \(inputs[0].dtype) != \(inputs[1].dtype)")
    }
    _ = try NDArray.broadcastShape(inputs[0].shape, inputs[1].shape, operation: operation)
}
