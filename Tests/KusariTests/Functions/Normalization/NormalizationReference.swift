// Plain-loop references the normalization tests share.
import Foundation
import Kusari
import KusariTesting

enum NormalizationReference {
    static func values(_ x: NDArray) -> [Double] { x.astype(.float64).toArray(as: Double.self) }
    static func values(_ x: Variable) -> [Double] { values(x.array) }

    static func close(_ actual: [Double], _ expected: [Double], _ tolerance: Double) -> Bool {
        actual.count == expected.count
            && zip(actual, expected).allSatisfy { a, e in abs(a - e) <= tolerance * max(1, abs(e)) }
    }

    static func random(_ shape: [Int], seed: UInt64, _ low: Double = -2, _ high: Double = 2,
                       dtype: DType = .float64) -> NDArray {
        var generator = SplitMix64(seed: seed)
        return generator.uniform(shape, low, high, dtype: dtype)
    }

    /// The channel of every element: the row-major index of its coordinates on the axes not
    /// in `axes`.
    static func channels(_ shape: [Int], axes: [Int]) -> [Int] {
        let kept = shape.indices.filter { !axes.contains($0) }
        return (0..<shape.reduce(1, *)).map { flat in
            var rest = flat, coordinates = [Int](repeating: 0, count: shape.count)
            for axis in shape.indices.reversed() {
                coordinates[axis] = rest % shape[axis]
                rest /= shape[axis]
            }
            return kept.reduce(0) { $0 * shape[$1] + coordinates[$1] }
        }
    }

    /// Per-channel mean and biased variance.
    static func statistics(_ x: [Double], channels: [Int], count: Int) -> (mean: [Double], variance: [Double]) {
        var sums = [Double](repeating: 0, count: count), sizes = sums
        for (v, c) in zip(x, channels) { sums[c] += v; sizes[c] += 1 }
        let mean = zip(sums, sizes).map { $0 / $1 }
        var squares = [Double](repeating: 0, count: count)
        for (v, c) in zip(x, channels) { squares[c] += (v - mean[c]) * (v - mean[c]) }
        return (mean, zip(squares, sizes).map { $0 / $1 })
    }

    /// γ (x − mean) / √(var + eps) + β per channel.
    static func normalize(_ x: [Double], channels: [Int], mean: [Double], variance: [Double],
                          gamma: [Double], beta: [Double], eps: Double) -> [Double] {
        zip(x, channels).map { v, c in gamma[c] * (v - mean[c]) / (variance[c] + eps).squareRoot() + beta[c] }
    }
}
