// Leaky rectified linear unit.

extension F {
    /// y = x for x ≥ 0, slope · x for x < 0. Chainer: `F.leaky_relu(x, slope=0.2)`.
    ///
    /// As in Chainer, the gradient at x = 0 is 1: only x < 0 takes the slope.
    public static func leakyRelu(_ x: Variable, slope: Double = 0.2) -> Variable { LeakyReLU(slope: slope).apply(x) }
}

final class LeakyReLU: FunctionNode {
    let slope: Double

    init(slope: Double) { self.slope = slope }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "leaky_relu") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let x = inputs[0]
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            NDArray.map(x, LeakyReLUKernel(slope: T(slope)))
        }
        return [NDArray.byFloat(x.dtype, "leaky_relu", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [LeakyReLUGrad(x: inputs[0].array, slope: slope).apply(gradOutputs[0]!)]
    }
}

/// gx = gy where x ≥ 0, slope · gy where x < 0. Linear in gy, so its gradient is itself.
final class LeakyReLUGrad: FunctionNode {
    let x: NDArray
    let slope: Double

    init(x: NDArray, slope: Double) {
        self.x = x
        self.slope = slope
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let gy = inputs[0]
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            NDArray.zip(gy, x, label, LeakyReLUGradKernel(slope: T(slope)))
        }
        return [NDArray.byFloat(gy.dtype, "leaky_relu", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [LeakyReLUGrad(x: x, slope: slope).apply(gradOutputs[0]!)]
    }
}

/// x where x ≥ 0, slope · x where x < 0.
struct LeakyReLUKernel<T: NDFloat>: UnaryKernel {
    let slope: T
    func callAsFunction(_ x: T) -> T { x < 0 ? slope * x : x }
}

/// gy where x ≥ 0, slope · gy where x < 0.
struct LeakyReLUGradKernel<T: NDFloat>: BinaryKernel {
    let slope: T
    func callAsFunction(_ gy: T, _ x: T) -> T { x < 0 ? slope * gy : gy }
}
