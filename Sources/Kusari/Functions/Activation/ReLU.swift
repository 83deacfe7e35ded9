// Rectified linear unit.

extension F {
    /// y = max(0, x) elementwise. Chainer: `F.relu`. The gradient at x = 0 is 0, as in
    /// Chainer (the mask is y > 0).
    public static func relu(_ x: Variable) -> Variable { ReLU().apply(x) }
}

final class ReLU: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "relu") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        let x = inputs[0]
        func run<T: NDFloat>(_ type: T.Type) -> NDArray { NDArray.map(x, ReLUKernel<T>()) }
        return [NDArray.byFloat(x.dtype, "relu", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [ReLUGrad(retainedOutputs[0].array).apply(gradOutputs[0]!)]
    }
}

/// gx = gy · (y > 0). Linear in gy with a fixed mask, so its own gradient is itself.
final class ReLUGrad: FunctionNode {
    let y: NDArray

    init(_ y: NDArray) { self.y = y }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let gy = inputs[0]
        func run<T: NDFloat>(_ type: T.Type) -> NDArray { NDArray.zip(gy, y, label, ReLUGradKernel<T>()) }
        return [NDArray.byFloat(gy.dtype, "relu", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [ReLUGrad(y).apply(gradOutputs[0]!)]
    }
}

/// max(x, 0).
struct ReLUKernel<T: NDFloat>: UnaryKernel {
    func callAsFunction(_ x: T) -> T { x > 0 ? x : 0 }
}

/// gy where y > 0, else 0.
struct ReLUGradKernel<T: NDFloat>: BinaryKernel {
    func callAsFunction(_ gy: T, _ y: T) -> T { y > 0 ? gy : 0 }
}
