// Gaussian error linear unit.
import Foundation

extension F {
    /// y = x · Φ(x) = x/2 · (1 + erf(x/√2)), the exact form of Hendrycks & Gimpel (PyTorch's
    /// default `gelu`). Chainer has no `gelu`; this is not the tanh approximation.
    public static func gelu(_ x: Variable) -> Variable { GELU().apply(x) }
}

final class GELU: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "gelu") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let x = inputs[0]
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            NDArray.map(x, T.self, to: T.self) { x in
                let v = x.doubleValue
                return T(fromDouble: 0.5 * v * (1 + erf(v * 0.5.squareRoot())))
            }
        }
        return [NDArray.byFloat(x.dtype, "gelu", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [gradOutputs[0]! * GELUDerivative().apply(inputs[0])]
    }
}

/// dy/dx = Φ(x) + x·φ(x); its own derivative is φ(x)·(2 − x²), built from `F.exp`.
final class GELUDerivative: FunctionNode {
    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let x = inputs[0]
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            NDArray.map(x, T.self, to: T.self) { x in
                let v = x.doubleValue
                let density = Foundation.exp(-0.5 * v * v) / (2 * Double.pi).squareRoot()
                return T(fromDouble: 0.5 * (1 + erf(v * 0.5.squareRoot())) + v * density)
            }
        }
        return [NDArray.byFloat(x.dtype, "gelu", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let x = inputs[0]
        let density = F.exp(x * x * -0.5) * (1 / (2 * Double.pi).squareRoot())
        return [gradOutputs[0]! * density * (2 - x * x)]
    }
}
