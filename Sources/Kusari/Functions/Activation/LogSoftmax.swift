// Log-softmax along one axis.

extension F {
    /// yᵢ = xᵢ − log Σⱼ e^(xⱼ) along `axis` (default 1), computed as xᵢ − m − log Σⱼ e^(xⱼ − m)
    /// with m the row maximum, so it stays finite for large inputs. Chainer:
    /// `F.log_softmax(x, axis=1)`; Chainer accepts only axis 1, any axis works here.
    public static func logSoftmax(_ x: Variable, axis: Int = 1) -> Variable { LogSoftmax(axis: axis).apply(x) }
}

final class LogSoftmax: FunctionNode {
    let axis: Int

    init(axis: Int) { self.axis = axis }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try Softmax.checkAxis(inputs[0], axis, "log_softmax")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        return [Softmax.kernel(inputs[0], axis: axis, log: true)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let gy = gradOutputs[0]!
        return [gy - F.exp(retainedOutputs[0]) * F.sum(gy, axes: [axis], keepdims: true)]
    }
}
