// The logarithm of a sum of exponentials.

extension F {
    /// log Σ eˣ over `axes` (all when nil), computed as m + log Σ e^(x − m) with m the
    /// maximum, so large inputs do not overflow. Chainer: `F.logsumexp(x, axis=None)`.
    /// The gradient is the softmax over the same axes.
    public static func logsumexp(_ x: Variable, axes: [Int]? = nil) -> Variable { LogSumExp(axes: axes).apply(x) }
}

final class LogSumExp: FunctionNode {
    let axes: [Int]?

    init(axes: [Int]?) { self.axes = axes }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try checkFloat(inputs[0], "logsumexp")
        _ = try ReducedAxes(axes, ndim: inputs[0].ndim, "logsumexp")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        return [inputs[0].logsumexp(axes: ReducedAxes(accepted: axes, ndim: inputs[0].ndim).axes)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let x = inputs[0], reduced = ReducedAxes(accepted: axes, ndim: x.ndim)
        let y = reduced.spread(retainedOutputs[0], to: x.shape)
        return [reduced.spread(gradOutputs[0]!, to: x.shape) * F.exp(x - y)]
    }
}
