import Foundation
import Testing
import Kusari

@Suite struct InitializerTests {
    private func statistics(_ array: NDArray) -> (mean: Double, std: Double, low: Double, high: Double) {
        let values = array.astype(.float64).toArray(as: Double.self)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance.squareRoot(), values.min()!, values.max()!)
    }

    @Test func scaledNormalsUseChainersFans() {
        // (out, in, kh, kw) = (64, 32, 3, 3): fan_in = 288, fan_out = 576.
        let shape = [64, 32, 3, 3]
        withIsolatedState(seed: 1) {
            let cases: [(Initializer, Double)] = [
                (LeCunNormal(), (1.0 / 288).squareRoot()),
                (GlorotNormal(), (2.0 / (288 + 576)).squareRoot()),
                (HeNormal(), (2.0 / 288).squareRoot()),
                (Normal(), 0.05),
                (LeCunNormal(scale: 2), 2 * (1.0 / 288).squareRoot()),
            ]
            for (initializer, std) in cases {
                let stats = statistics(initializer.generate(shape, dtype: .float32))
                // 18,432 samples: the standard error of the std is about 0.5 %.
                #expect(abs(stats.std / std - 1) < 0.03, "\(type(of: initializer)): std \(stats.std), expected \(std)")
                #expect(abs(stats.mean) < 4 * std / (18_432.0).squareRoot())
            }
        }
    }

    @Test func scaledUniformsStayInTheirBounds() {
        let shape = [100, 50]
        withIsolatedState(seed: 2) {
            let cases: [(Initializer, Double)] = [
                (LeCunUniform(), (3.0 / 50).squareRoot()),
                (GlorotUniform(), (6.0 / 150).squareRoot()),
                (HeUniform(), (6.0 / 50).squareRoot()),
                (Uniform(), 0.05),
            ]
            for (initializer, bound) in cases {
                let stats = statistics(initializer.generate(shape, dtype: .float64))
                #expect(stats.low >= -bound && stats.high < bound)
                #expect(stats.high > 0.95 * bound && stats.low < -0.95 * bound)
                #expect(abs(stats.std - bound / 3.0.squareRoot()) < 0.03 * bound)
            }
        }
    }

    @Test func constantsAndDefaults() {
        #expect(Constant(2.5).generate([2, 2], dtype: .float32).toArray(as: Float.self) == [2.5, 2.5, 2.5, 2.5])
        #expect(Zero().generate([3], dtype: .float64).toArray(as: Double.self) == [0, 0, 0])
        #expect(One().generate([2], dtype: .float32).toArray(as: Float.self) == [1, 1])
        let linear = Linear(3, 2)
        #expect(linear.b?.array.toArray(as: Float.self) == [0, 0], "Chainer's default bias is zero")
    }

    @Test func orthogonalRowsAreOrthonormalTimesScale() {
        withIsolatedState(seed: 3) {
            for shape in [[4, 6], [6, 4], [3, 2, 2, 2]] {
                let w = Orthogonal().generate(shape, dtype: .float64)
                let rows = shape[0], columns = shape.dropFirst().reduce(1, *)
                let matrix = w.reshaped([rows, columns])
                // The shorter side is orthonormal, scaled by Chainer's default 1.1.
                let gram = rows <= columns
                    ? NDArray.matmul(matrix, matrix, transB: true) : NDArray.matmul(matrix, matrix, transA: true)
                let n = min(rows, columns)
                let values = gram.toArray(as: Double.self)
                for i in 0..<n {
                    for j in 0..<n { #expect(abs(values[i * n + j] - (i == j ? 1.21 : 0)) < 1e-9) }
                }
            }
        }
    }

    @Test func theSeedFixesTheInitialWeights() {
        let a = withIsolatedState(seed: 7) { LeNet().fc1.W.array }
        let b = withIsolatedState(seed: 7) { LeNet().fc1.W.array }
        let c = withIsolatedState(seed: 8) { LeNet().fc1.W.array }
        #expect(a.isIdentical(to: b))
        #expect(!a.isIdentical(to: c))
    }
}
