// The hyperbolic tangent.

extension F {
    /// y = tanh x elementwise. Chainer: `F.tanh`.
    public static func tanh(_ x: Variable) -> Variable { Tanh().apply(x) }
}

final class Tanh: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "tanh") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        return [inputs[0].tanh()]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [TanhGrad().apply(retainedOutputs[0], gradOutputs[0]!)]
    }
}

/// gx = gy · (1 − y²) from inputs (y, gy).
final class TanhGrad: FunctionNode {
    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let (y, gy) = (inputs[0], inputs[1])
        func run<T: NDFloat>(_ type: T.Type) -> NDArray { NDArray.zip(y, gy, label, TanhGradKernel<T>()) }
        return [NDArray.byFloat(y.dtype, "tanh", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let (y, gy) = (inputs[0], inputs[1])
        let ggx = gradOutputs[0]!
        return indexes.map { $0 == 0 ? -2 * ggx * gy * y : TanhGrad().apply(y, ggx) }
    }
}

/// gy · (1 − y²).
struct TanhGradKernel<T: NDFloat>: BinaryKernel {
    func callAsFunction(_ y: T, _ gy: T) -> T { gy * (1 - y * y) }
}
