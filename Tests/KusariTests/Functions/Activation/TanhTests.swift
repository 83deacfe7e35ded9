import Foundation
import Testing
import Kusari
import KusariTesting

@Suite struct TanhTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        let x = R.avoiding([], [3, 4], seed: 1, dtype: dtype)
        #expect(R.close(R.values(F.tanh(Variable(x))), R.values(x).map { Foundation.tanh($0) }, 1e-6))
    }

    @Test func handWorkedValues() {
        // tanh 1 = 0.76159…, tanh'(1) = 1 − tanh² 1.
        #expect(R.close(R.values(F.tanh(Variable(NDArray([0.0, 1])))), [0, 0.7615941559557649]))
        #expect(R.close(R.gradientOfSum(F.tanh, at: [0, 1]), [1, 0.41997434161402614]))
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([], [3, 4], seed: 2)
        try checkBackward(F.tanh, x)
        try checkDoubleBackward({ [F.tanh($0[0])] }, [x], gradOutputs: [R.avoiding([], [3, 4], seed: 3)])
    }
}
