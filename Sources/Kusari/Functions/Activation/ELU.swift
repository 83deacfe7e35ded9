// Exponential linear unit.

extension F {
    /// y = x for x > 0, α(eˣ − 1) for x ≤ 0. Chainer: `F.elu(x, alpha=1.0)`.
    /// The gradient at x = 0 is α, as in Chainer (only x > 0 takes the identity branch).
    public static func elu(_ x: Variable, alpha: Double = 1) -> Variable { ELU(alpha: alpha).apply(x) }
}

final class ELU: FunctionNode {
    let alpha: Double

    init(alpha: Double) { self.alpha = alpha }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "elu") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        let x = inputs[0]
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            let a = T(alpha)
            return NDArray.map(x, T.self, to: T.self) { $0 > 0 ? $0 : a * T.expm1($0) }
        }
        return [NDArray.byFloat(x.dtype, "elu", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [ELUGrad(x: inputs[0].array, alpha: alpha).apply(retainedOutputs[0]) * gradOutputs[0]!]
    }
}

/// dy/dx as a function of y: 1 where x > 0, y + α elsewhere (α·eˣ written through y, so
/// the second derivative flows back through y).
final class ELUGrad: FunctionNode {
    let x: NDArray
    let alpha: Double

    init(x: NDArray, alpha: Double) {
        self.x = x
        self.alpha = alpha
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let y = inputs[0]
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            NDArray.zip(y, x, label, ELUGradKernel(alpha: T(alpha)))
        }
        return [NDArray.byFloat(y.dtype, "elu", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let negative = (x .<= NDArray.scalar(0, dtype: x.dtype)).astype(x.dtype)
        return [gradOutputs[0]! * .constant(negative)]
    }
}

/// 1 where x > 0, y + α elsewhere.
struct ELUGradKernel<T: NDFloat>: BinaryKernel {
    let alpha: T
    func callAsFunction(_ y: T, _ x: T) -> T { x > 0 ? 1 : y + alpha }
}
