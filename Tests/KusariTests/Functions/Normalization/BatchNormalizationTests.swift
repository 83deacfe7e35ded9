import Testing
@testable import Kusari
import KusariTesting

@Suite struct BatchNormalizationTests {
    typealias R = NormalizationReference

    /// Batch normalization of x by plain loops, with the batch statistics.
    static func reference(_ x: NDArray, _ gamma: NDArray, _ beta: NDArray, axes: [Int], eps: Double = 2e-5) -> [Double] {
        let channels = R.channels(x.shape, axes: axes), xs = R.values(x)
        let stats = R.statistics(xs, channels: channels, count: gamma.count)
        return R.normalize(xs, channels: channels, mean: stats.mean, variance: stats.variance,
                           gamma: R.values(gamma), beta: R.values(beta), eps: eps)
    }

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let tolerance = dtype == .float32 ? 1e-5 : 1e-12
        for (shape, gammaShape, axes, defaultAxes) in [([5, 3], [3], [0], [0]), ([2, 3, 4, 5], [3], [0, 2, 3], [0, 2, 3]),
                                                       ([2, 3, 4], [3, 4], [0], [0]), ([2, 3, 4], [4], [0, 1], [0])] {
            let x = R.random(shape, seed: 1, -3, 5, dtype: dtype)
            let gamma = R.random(gammaShape, seed: 2, 0.5, 2, dtype: dtype)
            let beta = R.random(gammaShape, seed: 3, dtype: dtype)
            let y = F.batchNormalization(Variable(x), Variable(gamma), Variable(beta), axes: axes == defaultAxes ? nil : axes)
            #expect(y.shape == shape && y.dtype == dtype)
            #expect(R.close(R.values(y), Self.reference(x, gamma, beta, axes: axes), tolerance))
        }
    }

    /// eps = 2e-5 matters when the batch variance is of the same size: 1.875e-5 here.
    @Test func defaultEpsIsChainers() {
        let x = NDArray([0, 0, 0, 0.01], shape: [4, 1])
        let y = F.batchNormalization(Variable(x), Variable(NDArray([1.0], shape: [1])), Variable(NDArray([0.0], shape: [1])))
        let s: Double = 1 / (1.875e-5 + 2e-5).squareRoot()
        let expected: [Double] = [-0.0025 * s, -0.0025 * s, -0.0025 * s, 0.0075 * s]
        #expect(R.close(R.values(y), expected, 1e-12))
    }

    /// Batch (1, 2, 3, 6) and (0, 0, 4, 4): means 3 and 2, biased variances 3.5 and 4,
    /// unbiased 14/3 and 16/3; from (0, 1) with decay 0.9.
    @Test func runningStatisticsUseDecayAndTheUnbiasedVariance() {
        let x = NDArray([1, 0, 2, 0, 3, 4, 6, 4], shape: [4, 2])
        var mean = NDArray([0.0, 0], shape: [2]), variance = NDArray([1.0, 1], shape: [2])
        let y = F.batchNormalization(Variable(x), Variable(NDArray([1.0, 1], shape: [2])), Variable(NDArray([0.0, 0], shape: [2])),
                                     runningMean: &mean, runningVar: &variance)
        let expectedVariance: [Double] = [0.9 + 0.1 * 14 / 3, 0.9 + 0.1 * 16 / 3]
        #expect(R.close(R.values(mean), [0.3, 0.2], 1e-15))
        #expect(R.close(R.values(variance), expectedVariance, 1e-15))
        // The output still uses the biased variance.
        let first: Double = -2 / (3.5 + 2e-5).squareRoot()
        #expect(R.close([R.values(y)[0]], [first], 1e-12))
    }

    @Test func singleSampleBatchKeepsTheVarianceFinite() {
        var mean = NDArray([0.0], shape: [1]), variance = NDArray([1.0], shape: [1])
        let y = F.batchNormalization(Variable(NDArray([5.0], shape: [1, 1])), Variable(NDArray([1.0], shape: [1])),
                                     Variable(NDArray([0.0], shape: [1])), runningMean: &mean, runningVar: &variance, decay: 0.5)
        #expect(R.values(y) == [0])
        #expect(R.values(mean) == [2.5] && R.values(variance) == [0.5])
    }

    @Test func gradientsMatchNumerical() throws {
        for (shape, gammaShape, axes) in [([4, 3], [3], nil), ([3, 2, 2, 2], [2], nil), ([2, 3, 2], [2], [0, 1] as [Int]?)] {
            let inputs = [R.random(shape, seed: 4), R.random(gammaShape, seed: 5, 0.5, 2), R.random(gammaShape, seed: 6)]
            let f = { (v: [Variable]) in [F.batchNormalization(v[0], v[1], v[2], axes: axes)] }
            try checkBackward(f, inputs)
            try checkDoubleBackward(f, inputs, gradOutputs: [R.random(shape, seed: 7)])
        }
    }

    @Test func trainModeWithoutBackpropIsCounted() {
        let before = TrainModeCheck.count
        _ = noBackprop {
            F.batchNormalization(Variable(R.random([4, 2], seed: 8)), Variable(NDArray([1.0, 1], shape: [2])),
                                 Variable(NDArray([0.0, 0], shape: [2])))
        }
        #expect(TrainModeCheck.count >= before + 1)
    }

    @Test func shapeMismatchesAreReported() {
        func message(_ x: [Int], _ gamma: [Int], beta: [Int]? = nil, axes: [Int]? = nil) -> String? {
            do {
                _ = try ChannelLayout.checked("batch_normalization", x: NDArray(zeros: x), gamma: NDArray(zeros: gamma),
                                              [("beta", NDArray(zeros: beta ?? gamma))], axes: axes)
                return nil
            } catch { return error.description }
        }
        #expect(message([4, 3], [5]) == "batch_normalization: x.shape[1] == gamma.shape[0], actual 3 != 5")
        #expect(message([4, 3], [3], beta: [2]) == "batch_normalization: beta.shape == gamma.shape, actual (2,) != (3,)")
        #expect(message([4, 3, 2], [3], axes: [0]) == "batch_normalization: gamma.ndim == 2, actual 1 != 2")
        #expect(message([4, 3, 2], [3], axes: [2, 0]) == "batch_normalization: axes must be sorted in ascending order, actual [2, 0]")
        #expect(message([4, 3, 2], [4, 2], axes: [1]) == "batch_normalization: the axes not normalized over must be adjacent, actual [0, 2]")
        #expect(message([4, 3], [3]) == nil)
        #expect((try? ChannelLayout.checked("bn", x: NDArray(zeros: [2, 3, 4, 5]), gamma: NDArray(zeros: [3]), axes: nil))
            == ChannelLayout(outer: 2, channels: 3, inner: 20))
    }
}
