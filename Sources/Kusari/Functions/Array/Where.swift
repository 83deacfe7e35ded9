// Chooses elementwise between two variables.

extension F {
    /// `condition ? x : y` elementwise, all three broadcast together (NumPy's `where`).
    /// Chainer: `F.where(condition, x, y)`; `condition` is a bool array and gets no gradient.
    /// The gradient goes to `x` where the condition holds and to `y` elsewhere.
    public static func `where`(_ condition: NDArray, _ x: Variable, _ y: Variable) -> Variable {
        Where(condition).apply(x, y)
    }
}

final class Where: FunctionNode {
    let condition: NDArray

    init(_ condition: NDArray) { self.condition = condition }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        guard condition.dtype == .bool else { throw ShapeError("where: condition.dtype == bool, actual \(condition.dtype)") }
        try checkBroadcastable(inputs, "where")
        _ = try NDArray.broadcastShape(condition.shape, try NDArray.broadcastShape(inputs[0].shape, inputs[1].shape, operation: "where"),
                                       operation: "where")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        [NDArray.where(condition, inputs[0], inputs[1])]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        let zero = Variable.constant(NDArray.scalar(0, dtype: gy.dtype))
        return indexes.map { index in
            index == 0
                ? F.sumTo(F.where(condition, gy, zero), inputs[0].shape)
                : F.sumTo(F.where(condition, zero, gy), inputs[1].shape)
        }
    }
}
