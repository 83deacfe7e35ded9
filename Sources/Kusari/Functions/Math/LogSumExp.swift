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
        _ = try Extremum.normalizedAxes(axes, inputs[0].ndim, "logsumexp")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        let x = inputs[0]
        let reduced = Extremum.normalizedAxesOrStop(axes, x.ndim)
        let m = Extremum.kernel(x, reduced, largest: true)
        let y = (x - m).exp().sum(axes: reduced, keepdims: true).log() + m
        return [y.reshaped(x.shape.indices.filter { !reduced.contains($0) }.map { x.shape[$0] })]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let x = inputs[0]
        let kept = Extremum.keptShape(x.shape, Extremum.normalizedAxesOrStop(axes, x.ndim))
        let y = F.broadcastTo(F.reshape(retainedOutputs[0], kept), x.shape)
        return [F.broadcastTo(F.reshape(gradOutputs[0]!, kept), x.shape) * F.exp(x - y)]
    }
}
