// Sums an array down to a shape it was broadcast from: the gradient of broadcasting.

extension F {
    /// The sum of `x` over the axes that broadcasting to `x.shape` would have stretched from
    /// `shape`, so the result has `shape`. Chainer: `F.sum_to`.
    public static func sumTo(_ x: Variable, _ shape: [Int]) -> Variable {
        x.shape == shape ? x : SumTo(shape).apply(x)
    }
}

final class SumTo: FunctionNode {
    let shape: [Int]
    private var inputShape: [Int] = []

    init(_ shape: [Int]) { self.shape = shape }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let x = inputs[0].shape
        if (try? NDArray.broadcastShape(shape, x, operation: "sum_to")) != x {
            throw ShapeError("sum_to: cannot sum shape \(NDArray.format(x)) to \(NDArray.format(shape))")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        inputShape = inputs[0].shape
        return [inputs[0].summed(to: shape)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [F.broadcastTo(gradOutputs[0]!, inputShape)]
    }
}

extension NDArray {
    /// The sum of this array down to `shape`, which must broadcast to `self.shape`.
    func summed(to target: [Int]) -> NDArray {
        if shape == target { return self }
        let lead = ndim - target.count
        var axes = Array(0..<lead)
        for (axis, size) in target.enumerated() where size == 1 && shape[axis + lead] != 1 { axes.append(axis + lead) }
        return sum(axes: axes, keepdims: true).reshaped(target)
    }
}
