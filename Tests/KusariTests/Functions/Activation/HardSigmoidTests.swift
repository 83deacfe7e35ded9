import Testing
import Kusari
import KusariTesting

@Suite struct HardSigmoidTests {
    typealias R = ElementwiseReference

    @Test func breakpointsAtPlusMinusTwoAndAHalf() {
        let x: [Double] = [-3, -2.5, -1, 0, 1, 2.5, 3]
        #expect(R.close(R.values(F.hardSigmoid(Variable(NDArray(x)))), [0, 0, 0.3, 0.5, 0.7, 1, 1]))
        #expect(R.close(R.gradientOfSum(F.hardSigmoid, at: x), [0, 0, 0.2, 0.2, 0.2, 0, 0]))
    }

    @Test func float32() {
        let y = F.hardSigmoid(Variable(NDArray([Float(-1), 2])))
        #expect(y.dtype == .float32)
        #expect(R.close(R.values(y), [0.3, 0.9], 1e-6))
    }

    @Test func gradientsMatchNumerical() throws {
        let x = R.avoiding([-2.5, 2.5], [3, 4], seed: 2, low: -4, high: 4)
        try checkBackward(F.hardSigmoid, x)
        try checkDoubleBackward({ [F.hardSigmoid($0[0])] }, [x], gradOutputs: [R.avoiding([], [3, 4], seed: 3)])
    }
}
