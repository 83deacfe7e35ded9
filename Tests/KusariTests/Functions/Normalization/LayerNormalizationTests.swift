import Testing
@testable import Kusari
import KusariTesting

@Suite struct LayerNormalizationTests {
    typealias R = NormalizationReference

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.random([4, 6], seed: 1, -3, 5, dtype: dtype)
        let (gamma, beta) = (R.random([6], seed: 2, dtype: dtype), R.random([6], seed: 3, dtype: dtype))
        let y = F.layerNormalization(Variable(x), Variable(gamma), Variable(beta))
        // Rows are the "channels" and the statistics run along axis 1; γ and β go by column.
        let rows = R.channels([4, 6], axes: [1]), xs = R.values(x)
        let stats = R.statistics(xs, channels: rows, count: 4)
        let (g, b) = (R.values(gamma), R.values(beta))
        let expected = xs.indices.map { i in
            g[i % 6] * (xs[i] - stats.mean[rows[i]]) / (stats.variance[rows[i]] + 1e-5).squareRoot() + b[i % 6]
        }
        #expect(y.dtype == dtype)
        #expect(R.close(R.values(y), expected, dtype == .float32 ? 1e-5 : 1e-12))
    }

    /// Row (0, 0, 0, 0.01): variance 1.875e-5, comparable with the default eps 1e-5.
    @Test func defaultEpsIsChainers() {
        let y = F.layerNormalization(Variable(NDArray([0, 0, 0, 0.01], shape: [1, 4])),
                                     Variable(NDArray.ones([4], dtype: .float64)), Variable(NDArray.zeros([4], dtype: .float64)))
        let s: Double = 1 / (1.875e-5 + 1e-5).squareRoot()
        let expected: [Double] = [-0.0025 * s, -0.0025 * s, -0.0025 * s, 0.0075 * s]
        #expect(R.close(R.values(y), expected, 1e-12))
    }

    @Test func gradientsMatchNumerical() throws {
        let inputs = [R.random([3, 4], seed: 4), R.random([4], seed: 5), R.random([4], seed: 6)]
        let f = { (v: [Variable]) in [F.layerNormalization(v[0], v[1], v[2])] }
        try checkBackward(f, inputs)
        try checkDoubleBackward(f, inputs, gradOutputs: [R.random([3, 4], seed: 7)])
    }

    @Test func shapeMismatchesAreReported() {
        let node = LayerNormalizationFunction(eps: 1e-5)
        #expect(throws: ShapeError("layer_normalization: x.ndim == 2, actual 3 != 2")) {
            try node.checkInputs([NDArray(zeros: [2, 3, 4]), NDArray(zeros: [4]), NDArray(zeros: [4])])
        }
        #expect(throws: ShapeError("layer_normalization: beta.shape == (x.shape[1],), actual (3,) != (4,)")) {
            try node.checkInputs([NDArray(zeros: [2, 4]), NDArray(zeros: [4]), NDArray(zeros: [3])])
        }
    }
}
