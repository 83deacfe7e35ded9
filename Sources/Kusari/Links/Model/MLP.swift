// Chainer's MNIST example model: a three-layer perceptron.

/// Linear 784→`units`, relu, linear →`units`, relu, linear →10 (Chainer's
/// `examples/mnist/train_mnist.py` with its default 1000 units). The input size is taken
/// from the first batch, as Chainer's `L.Linear(None, units)`.
public final class MLP: Chain, UnaryLink {
    public let l1: Linear
    public let l2: Linear
    public let l3: Linear

    public init(units: Int = 1000, outputs: Int = 10) {
        l1 = Linear(nil, units)
        l2 = Linear(nil, units)
        l3 = Linear(nil, outputs)
        super.init()
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        l3(F.relu(l2(F.relu(l1(x)))))
    }
}
