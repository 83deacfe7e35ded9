import Foundation
import Testing
@testable import Kusari
import KusariTesting

@Suite struct SwishTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func betaBroadcastsOverBatchAndTrailingAxes(dtype: DType) {
        let x = R.avoiding([], [2, 3, 2], seed: 1, dtype: dtype)
        let beta: [Double] = [0, 1, -2]
        let y = F.swish(Variable(x), beta: Variable(NDArray(beta).astype(dtype)))
        let xs = R.values(x)
        let expected = xs.indices.map { i in xs[i] / (1 + Foundation.exp(-beta[(i / 2) % 3] * xs[i])) }
        #expect(R.close(R.values(y), expected, 1e-6))
    }

    @Test func betaZeroHalvesAndSiluIsBetaOne() {
        let x = Variable(NDArray([-2.0, 1]))
        #expect(R.close(R.values(F.swish(F.reshape(x, [1, 2]), beta: Variable(NDArray([0.0, 0])))), [-1, 0.5]))
        // silu(1) = σ(1), silu'(0) = ½.
        #expect(R.close(R.values(F.silu(Variable(NDArray([1.0])))), [0.7310585786300049]))
        #expect(R.close(R.gradientOfSum(F.silu, at: [0]), [0.5]))
    }

    @Test func betaShapeMismatchIsReported() {
        #expect(throws: ShapeError("swish: beta.shape == x.shape[1:2], actual (4,) != (3,)")) {
            try Swish.check(NDArray(zeros: [2, 3]), NDArray(zeros: [4]))
        }
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([], [2, 3, 2], seed: 2), beta = R.avoiding([], [3], seed: 3)
        try checkBackward({ [F.swish($0[0], beta: $0[1])] }, [x, beta])
        try checkDoubleBackward({ [F.swish($0[0], beta: $0[1])] }, [x, beta],
                                gradOutputs: [R.avoiding([], [2, 3, 2], seed: 4)])
        try checkDoubleBackward({ [F.silu($0[0])] }, [x], gradOutputs: [R.avoiding([], [2, 3, 2], seed: 5)])
    }
}
