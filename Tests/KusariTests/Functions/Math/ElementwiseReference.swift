// Helpers the activation and math function tests share: readable values, closeness, and
// random inputs that stay away from the points where a function has a kink.
import Kusari
import KusariTesting

enum ElementwiseReference {
    /// The elements as doubles, whatever the dtype.
    static func values(_ x: Variable) -> [Double] { x.array.astype(.float64).toArray(as: Double.self) }
    static func values(_ x: NDArray) -> [Double] { x.astype(.float64).toArray(as: Double.self) }

    /// True when both have the same length and every pair differs by at most
    /// `tolerance · max(1, |expected|)`.
    static func close(_ actual: [Double], _ expected: [Double], _ tolerance: Double = 1e-12) -> Bool {
        actual.count == expected.count
            && zip(actual, expected).allSatisfy { a, e in abs(a - e) <= tolerance * max(1, abs(e)) }
    }

    /// Uniform values in [low, high) of `shape`, none within `margin` of a point in `kinks`.
    static func avoiding(_ kinks: [Double], _ shape: [Int], seed: UInt64, low: Double = -3, high: Double = 3,
                         margin: Double = 0.05, dtype: DType = .float64) -> NDArray {
        var random = SplitMix64(seed: seed)
        var result: [Double] = []
        while result.count < shape.reduce(1, *) {
            let v = low + (random.nextSigned() + 1) / 2 * (high - low)
            if kinks.allSatisfy({ abs(v - $0) > margin }) { result.append(v) }
        }
        return NDArray(result, shape: shape).astype(dtype)
    }

    /// The gradient of Σ f(x) at `x`, by backprop.
    static func gradientOfSum(_ f: (Variable) -> Variable, at x: [Double]) -> [Double] {
        let v = Variable(NDArray(x))
        F.sum(f(v)).backward()
        return values(v.grad!)
    }
}
