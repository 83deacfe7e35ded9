// The exponential function.

extension F {
    /// eˣ elementwise. Chainer: `F.exp`.
    public static func exp(_ x: Variable) -> Variable { Exp().apply(x) }
}

final class Exp: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "exp") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        return [inputs[0].exp()]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [gradOutputs[0]! * retainedOutputs[0]]
    }
}

/// Throws unless `x` is float32 or float64.
func checkFloat(_ x: NDArray, _ function: String, _ name: String = "x") throws(ShapeError) {
    guard x.dtype.isFloatingPoint else {
        throw ShapeError("\(function): \(name).dtype.kind == 'f', actual \(x.dtype)")
    }
}
