// Elementwise negation.

extension F {
    /// −x. Chainer: `Variable.__neg__`.
    public static func negative(_ x: Variable) -> Variable { Negative().apply(x) }
}

final class Negative: FunctionNode {
    override func forward(_ inputs: [NDArray]) -> [NDArray] { [-inputs[0]] }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [-gradOutputs[0]!]
    }
}
