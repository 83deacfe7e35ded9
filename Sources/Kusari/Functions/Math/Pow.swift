// Elementwise power.

extension F {
    /// a ** b elementwise, with NumPy broadcasting. Chainer: `Variable.__pow__`.
    /// The gradient with respect to b is a^b · log(a), NaN where a < 0 (as in Chainer).
    public static func pow(_ a: Variable, _ b: Variable) -> Variable { Pow().apply(a, b) }

    /// x ** exponent for a constant exponent. Chainer: `Variable.__pow__` with a scalar.
    public static func pow(_ x: Variable, _ exponent: Double) -> Variable { PowConstant(exponent).apply(x) }
}

final class Pow: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try checkBroadcastable(inputs, "pow")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        return [NDArray.pow(inputs[0], inputs[1])]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        let (a, b) = (inputs[0], inputs[1])
        let y = retainedOutputs[0]
        return indexes.map { index in
            index == 0
                ? F.sumTo(gy * b * F.pow(a, b - 1), a.shape)
                : F.sumTo(gy * y * F.log(a), b.shape)
        }
    }
}

final class PowConstant: FunctionNode {
    let exponent: Double

    init(_ exponent: Double) { self.exponent = exponent }

    override func forward(_ inputs: [NDArray]) -> [NDArray] { [NDArray.pow(inputs[0], exponent)] }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [gradOutputs[0]! * exponent * F.pow(inputs[0], exponent - 1)]
    }
}
