// The seed CNN: the model of Kusari's founding story and of `kusari train --model lenet`.

/// conv 1→20 k5, relu, max-pool 2; conv 20→50 k5, relu, max-pool 2; linear 800→500, relu,
/// dropout 0.5; linear 500→10. Input (N, 1, 28, 28); output logits (N, 10).
///
/// Parameter names match the Chainer script's (`conv1/W`, ..., `fc2/b`), so its `save_npz`
/// files load directly.
public final class LeNet: Chain, UnaryLink {
    public let conv1 = Convolution2D(1, 20, ksize: 5)
    public let conv2 = Convolution2D(20, 50, ksize: 5)
    public let fc1 = Linear(800, 500)
    public let fc2 = Linear(500, 10)

    public override init() { super.init() }

    public func callAsFunction(_ x: Variable) -> Variable {
        var h = F.maxPooling2D(F.relu(conv1(x)), ksize: 2)
        h = F.maxPooling2D(F.relu(conv2(h)), ksize: 2)
        h = F.dropout(F.relu(fc1(h)), ratio: 0.5)
        return fc2(h)
    }
}
