// The smooth approximation of ReLU.

extension F {
    /// y = log(1 + e^(βx)) / β elementwise, computed as (max(βx, 0) + log1p(e^(−|βx|))) / β so
    /// it never overflows. Chainer: `F.softplus(x, beta=1.0)`.
    public static func softplus(_ x: Variable, beta: Double = 1) -> Variable { Softplus(beta: beta).apply(x) }
}

final class Softplus: FunctionNode {
    let beta: Double

    init(beta: Double) { self.beta = beta }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "softplus") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let x = inputs[0]
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            let (b, inverse) = (T(beta), T(1 / beta))
            return NDArray.map(x, T.self, to: T.self) { x in
                let bx = b * x
                return (Swift.max(bx, 0) + T.log1p(T.exp(-Swift.abs(bx)))) * inverse
            }
        }
        return [NDArray.byFloat(x.dtype, "softplus", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [SoftplusGrad(beta: beta).apply(inputs[0], gradOutputs[0]!)]
    }
}

/// gx = gy · σ(βx) from inputs (x, gy).
final class SoftplusGrad: FunctionNode {
    let beta: Double

    init(beta: Double) { self.beta = beta }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        [(inputs[0] * beta).sigmoid() * inputs[1]]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let (x, gy) = (inputs[0], inputs[1])
        let ggx = gradOutputs[0]!
        return indexes.map { index in
            if index == 1 { return SoftplusGrad(beta: beta).apply(x, ggx) }
            let s = F.sigmoid(x * beta)
            return ggx * gy * beta * s * (1 - s)
        }
    }
}
