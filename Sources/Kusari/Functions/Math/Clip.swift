// Limits elements to an interval.

extension F {
    /// x limited to [min, max] elementwise. Chainer: `F.clip(x, x_min, x_max)`, which
    /// requires min < max. The gradient is 1 on the closed interval (also at its ends, as in
    /// Chainer) and 0 outside.
    public static func clip(_ x: Variable, _ min: Double, _ max: Double) -> Variable {
        precondition(min < max, "clip: x_min < x_max, actual \(min) >= \(max)")
        return Clip(min: min, max: max).apply(x)
    }
}

final class Clip: FunctionNode {
    let min: Double
    let max: Double

    init(min: Double, max: Double) {
        self.min = min
        self.max = max
    }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) { try checkFloat(inputs[0], "clip") }

    override func forward(_ inputs: [NDArray]) -> [NDArray] { [inputs[0].clip(min, max)] }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let x = inputs[0].array
        let inside = (x .>= NDArray.scalar(min, dtype: x.dtype)).astype(x.dtype)
            * (x .<= NDArray.scalar(max, dtype: x.dtype)).astype(x.dtype)
        return [gradOutputs[0]! * .constant(inside)]
    }
}
