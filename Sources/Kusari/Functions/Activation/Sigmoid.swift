// The logistic sigmoid.

extension F {
    /// y = 1 / (1 + e⁻ˣ) elementwise, computed without overflow. Chainer: `F.sigmoid`.
    public static func sigmoid(_ x: Variable) -> Variable { Sigmoid().apply(x) }
}

final class Sigmoid: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "sigmoid") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        return [inputs[0].sigmoid()]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [SigmoidGrad().apply(retainedOutputs[0], gradOutputs[0]!)]
    }
}

/// gx = gy · y(1 − y) from inputs (y, gy).
final class SigmoidGrad: FunctionNode {
    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let (y, gy) = (inputs[0], inputs[1])
        func run<T: NDFloat>(_ type: T.Type) -> NDArray { NDArray.zip(y, gy, label, SigmoidGradKernel<T>()) }
        return [NDArray.byFloat(y.dtype, "sigmoid", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let (y, gy) = (inputs[0], inputs[1])
        let ggx = gradOutputs[0]!
        return indexes.map { $0 == 0 ? ggx * gy * (1 - 2 * y) : SigmoidGrad().apply(y, ggx) }
    }
}

/// gy · y · (1 − y).
struct SigmoidGradKernel<T: NDFloat>: BinaryKernel {
    func callAsFunction(_ y: T, _ gy: T) -> T { gy * y * (1 - y) }
}
