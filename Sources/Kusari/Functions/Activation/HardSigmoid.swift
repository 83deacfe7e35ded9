// The piecewise-linear approximation of the sigmoid.

extension F {
    /// y = clip(0.2x + 0.5, 0, 1) elementwise. Chainer: `F.hard_sigmoid`. The breakpoints are
    /// x = ±2.5; the gradient is 0.2 strictly between them and 0 elsewhere (also at ±2.5).
    public static func hardSigmoid(_ x: Variable) -> Variable { HardSigmoid().apply(x) }
}

final class HardSigmoid: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "hard_sigmoid") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let x = inputs[0]
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            NDArray.map(x, HardSigmoidKernel<T>())
        }
        return [NDArray.byFloat(x.dtype, "hard_sigmoid", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [HardSigmoidGrad(x: inputs[0].array).apply(gradOutputs[0]!)]
    }
}

/// gx = 0.2 · gy where −2.5 < x < 2.5, else 0. Linear in gy, so its gradient is itself.
final class HardSigmoidGrad: FunctionNode {
    let x: NDArray

    init(x: NDArray) { self.x = x }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let gy = inputs[0]
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            NDArray.zip(gy, x, label, HardSigmoidGradKernel<T>())
        }
        return [NDArray.byFloat(gy.dtype, "hard_sigmoid", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [HardSigmoidGrad(x: x).apply(gradOutputs[0]!)]
    }
}

/// min(1, max(0, 0.2 · x + 0.5)).
struct HardSigmoidKernel<T: NDFloat>: UnaryKernel {
    func callAsFunction(_ x: T) -> T { Swift.min(1, Swift.max(0, x * T(0.2) + T(0.5))) }
}

/// 0.2 · gy where −2.5 < x < 2.5, else 0.
struct HardSigmoidGradKernel<T: NDFloat>: BinaryKernel {
    func callAsFunction(_ gy: T, _ x: T) -> T { -T(2.5) < x && x < T(2.5) ? T(0.2) * gy : 0 }
}
