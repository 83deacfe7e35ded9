import Testing
import Kusari
import KusariTesting

@Suite struct MaximumMinimumTests {
    typealias R = ElementwiseReference

    @Test(arguments: [DType.float32, .float64]) func forwardBroadcasts(dtype: DType) {
        let a = R.avoiding([], [2, 3], seed: 1, dtype: dtype), b = R.avoiding([], [3], seed: 2, dtype: dtype)
        let (av, bv) = (R.values(a), R.values(b))
        #expect(R.values(F.maximum(Variable(a), Variable(b))) == av.indices.map { Swift.max(av[$0], bv[$0 % 3]) })
        #expect(R.values(F.minimum(Variable(a), Variable(b))) == av.indices.map { Swift.min(av[$0], bv[$0 % 3]) })
    }

    @Test func tiesSendTheGradientToTheFirstOperand() {
        // Chainer: maximum's gradient goes to x1 where x1 >= x2, minimum's where x1 <= x2.
        for f in [F.maximum, F.minimum] {
            let a = Variable(NDArray([1.0, 2, 3])), b = Variable(NDArray([1.0, 5, 0]))
            F.sum(f(a, b)).backward()
            let first = R.values(a.grad!), second = R.values(b.grad!)
            #expect(first[0] == 1 && second[0] == 0)
            #expect(zip(first, second).allSatisfy { $0 + $1 == 1 })
        }
    }

    @Test func gradientsMatchNumerical() throws {
        // Distinct values, so no pair is within the numerical step of a tie.
        let a = NDArray([0.1, -0.4, 0.7, 1.3, -1.1, 0.5], shape: [2, 3]), b = NDArray([0.3, -0.6, 0.9])
        let gy = R.avoiding([], [2, 3], seed: 3)
        for f in [F.maximum, F.minimum] {
            try checkBackward({ [f($0[0], $0[1])] }, [a, b])
            try checkDoubleBackward({ [f($0[0], $0[1])] }, [a, b], gradOutputs: [gy])
        }
    }
}
