// Broadcasts a variable to a larger shape.

extension F {
    /// `x` stretched to `shape` under NumPy's broadcasting rules. Chainer: `F.broadcast_to`.
    /// The gradient sums over the stretched axes.
    public static func broadcastTo(_ x: Variable, _ shape: [Int]) -> Variable {
        x.shape == shape ? x : BroadcastTo(shape).apply(x)
    }
}

final class BroadcastTo: FunctionNode {
    let shape: [Int]
    private var inputShape: [Int] = []

    init(_ shape: [Int]) { self.shape = shape }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let x = inputs[0].shape
        if (try? NDArray.broadcastShape(x, shape, operation: "broadcast_to")) != shape {
            throw ShapeError("broadcast_to: cannot broadcast shape \(NDArray.format(x)) to \(NDArray.format(shape))")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        inputShape = inputs[0].shape
        return [inputs[0].broadcast(to: shape)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [F.sumTo(gradOutputs[0]!, inputShape)]
    }
}
