import Testing
@testable import Kusari
import KusariTesting

@Suite struct FixedBatchNormalizationTests {
    typealias R = NormalizationReference

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.random([3, 4, 2, 2], seed: 1, dtype: dtype)
        let (gamma, beta) = (R.random([4], seed: 2, dtype: dtype), R.random([4], seed: 3, dtype: dtype))
        let (mean, variance) = (R.random([4], seed: 4, dtype: dtype), R.random([4], seed: 5, 0.1, 2, dtype: dtype))
        let y = F.fixedBatchNormalization(Variable(x), Variable(gamma), Variable(beta), Variable(mean), Variable(variance))
        let expected = R.normalize(R.values(x), channels: R.channels(x.shape, axes: [0, 2, 3]), mean: R.values(mean),
                                   variance: R.values(variance), gamma: R.values(gamma), beta: R.values(beta), eps: 2e-5)
        #expect(y.dtype == dtype)
        #expect(R.close(R.values(y), expected, dtype == .float32 ? 1e-5 : 1e-12))
    }

    @Test func defaultEpsIsChainers() {
        let one = Variable(NDArray([1.0], shape: [1])), zero = Variable(NDArray([0.0], shape: [1]))
        let y = F.fixedBatchNormalization(Variable(NDArray([1.0], shape: [1, 1])), one, zero, zero, Variable(NDArray([1e-5], shape: [1])))
        let expected: Double = 1 / (3e-5).squareRoot()
        #expect(R.close(R.values(y), [expected], 1e-12))
    }

    @Test func gradientsMatchNumerical() throws {
        let inputs = [R.random([3, 2, 2], seed: 6), R.random([2], seed: 7), R.random([2], seed: 8),
                      R.random([2], seed: 9), R.random([2], seed: 10, 0.5, 2)]
        let f = { (v: [Variable]) in [F.fixedBatchNormalization(v[0], v[1], v[2], v[3], v[4])] }
        try checkBackward(f, inputs)
        try checkDoubleBackward(f, inputs, gradOutputs: [R.random([3, 2, 2], seed: 11)])
    }

    @Test func shapeMismatchIsReported() {
        #expect(throws: ShapeError("fixed_batch_normalization: var.shape == gamma.shape, actual (3,) != (2,)")) {
            try ChannelLayout.checked("fixed_batch_normalization", x: NDArray(zeros: [4, 2]), gamma: NDArray(zeros: [2]),
                                      [("beta", NDArray(zeros: [2])), ("mean", NDArray(zeros: [2])), ("var", NDArray(zeros: [3]))],
                                      axes: nil)
        }
    }
}
