// Reshapes a variable without copying its data.

extension F {
    /// `x` with a new shape of the same size; one dimension may be −1. Chainer: `F.reshape`.
    public static func reshape(_ x: Variable, _ shape: [Int]) -> Variable {
        x.shape == shape ? x : Reshape(shape).apply(x)
    }
}

final class Reshape: FunctionNode {
    let shape: [Int]
    private var inputShape: [Int] = []

    init(_ shape: [Int]) { self.shape = shape }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        _ = try inputs[0].reshapedChecked(shape)
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        inputShape = inputs[0].shape
        return [inputs[0].reshaped(shape)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [F.reshape(gradOutputs[0]!, inputShape)]
    }
}

extension Variable {
    /// This variable with a new shape. Chainer: `Variable.reshape`.
    public func reshape(_ shape: Int...) -> Variable { F.reshape(self, shape) }
}
