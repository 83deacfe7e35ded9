// Shared fixtures for the optimizer tests: a one-parameter link, a driver that feeds a fixed
// gradient sequence, and references written from the update formulas in plain Double math.
import Testing
import Kusari

/// A link holding one parameter `w`.
final class Holder: Chain {
    let w: Parameter
    init(_ values: [Double], dtype: DType = .float64) {
        w = Parameter(NDArray(values).astype(dtype))
        super.init()
    }
}

/// A chain of two holders, `a` and `b`.
final class TwoParameters: Chain {
    let a: Holder
    let b: Holder
    init(_ a: [Double], _ b: [Double]) {
        self.a = Holder(a)
        self.b = Holder(b)
        super.init()
    }
}

/// The parameter values after each update of `optimizer` fed `grads` in turn.
func trajectory(_ optimizer: Optimizer, start: [Double], grads: [[Double]], dtype: DType = .float64) -> [[Double]] {
    let model = Holder(start, dtype: dtype)
    optimizer.setup(model)
    return grads.map { grad in
        model.w.grad = NDArray(grad).astype(dtype)
        optimizer.update()
        return values(model.w)
    }
}

func values(_ param: Variable) -> [Double] { param.array.astype(.float64).toArray(as: Double.self) }

func gradValues(_ param: Variable) -> [Double]? { param.grad.map { $0.astype(.float64).toArray(as: Double.self) } }

/// True when every pair differs by at most `tolerance`·max(1, |expected|).
func close(_ actual: [Double], _ expected: [Double], _ tolerance: Double) -> Bool {
    actual.count == expected.count
        && zip(actual, expected).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
}

func close(_ actual: [[Double]], _ expected: [[Double]], _ tolerance: Double) -> Bool {
    actual.count == expected.count && zip(actual, expected).allSatisfy { close($0, $1, tolerance) }
}

/// A start point and a gradient sequence with signs, zeros and magnitudes mixed.
let start = [1.0, -2.0, 0.5, 0.0]
let gradients: [[Double]] = [
    [0.5, -1.0, 2.0, 0.0],
    [0.3, 0.2, -1.5, 0.1],
    [-0.4, 0.7, 1.0, -0.2],
    [1.2, -0.3, 0.5, 0.05],
]

/// Runs `step(element, state, grad, t)` elementwise over the sequence; state starts at zeros.
func reference(_ stateCount: Int, _ step: (inout Double, inout [Double], Double, Int) -> Void) -> [[Double]] {
    var p = start
    var states = [[Double]](repeating: [Double](repeating: 0, count: stateCount), count: start.count)
    return gradients.enumerated().map { index, grad in
        for i in p.indices { step(&p[i], &states[i], grad[i], index + 1) }
        return p
    }
}
