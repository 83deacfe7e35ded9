import Testing
@testable import Kusari
import KusariTesting

@Suite struct BatchMatMulTests {
    typealias R = ElementwiseReference

    /// Σₖ op(a)[b, i, k] · op(b)[b, k, j] by plain loops.
    static func reference(_ a: NDArray, _ b: NDArray, transA: Bool, transB: Bool) -> [Double] {
        let (av, bv) = (R.values(a), R.values(b))
        let batch = a.shape[0]
        let (m, k) = transA ? (a.shape[2], a.shape[1]) : (a.shape[1], a.shape[2])
        let n = transB ? b.shape[1] : b.shape[2]
        func left(_ s: Int, _ i: Int, _ p: Int) -> Double { transA ? av[(s * k + p) * m + i] : av[(s * m + i) * k + p] }
        func right(_ s: Int, _ p: Int, _ j: Int) -> Double { transB ? bv[(s * n + j) * k + p] : bv[(s * k + p) * n + j] }
        return (0..<batch).flatMap { s in
            (0..<m).flatMap { i in (0..<n).map { j in (0..<k).reduce(0) { $0 + left(s, i, $1) * right(s, $1, j) } } }
        }
    }

    @Test(arguments: [DType.float32, .float64]) func forwardMatchesReference(dtype: DType) {
        var random = SplitMix64(seed: 1)
        for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = random.uniform(transA ? [3, 4, 2] : [3, 2, 4], dtype: dtype)
            let b = random.uniform(transB ? [3, 5, 4] : [3, 4, 5], dtype: dtype)
            let y = F.batchMatmul(Variable(a), Variable(b), transA: transA, transB: transB)
            #expect(y.shape == [3, 2, 5] && y.dtype == dtype)
            #expect(R.close(R.values(y), Self.reference(a, b, transA: transA, transB: transB), 1e-5))
        }
    }

    @Test func emptyBatch() {
        #expect(F.batchMatmul(Variable(NDArray(zeros: [0, 2, 3])), Variable(NDArray(zeros: [0, 3, 4]))).shape == [0, 2, 4])
    }

    @Test func shapeMismatchIsReported() {
        #expect(throws: ShapeError("batch_matmul: inner dimensions must agree, actual 3 != 4 (shapes (2, 2, 3) (2, 4, 5))")) {
            try MatMul(transA: false, transB: false, batched: true).checkInputs([NDArray(zeros: [2, 2, 3]), NDArray(zeros: [2, 4, 5])])
        }
        #expect(throws: ShapeError("batch_matmul: a.shape[0] == b.shape[0], actual 2 != 3")) {
            try MatMul(transA: false, transB: false, batched: true).checkInputs([NDArray(zeros: [2, 2, 3]), NDArray(zeros: [3, 3, 5])])
        }
    }

    @Test func gradientsMatchNumerical() throws {
        var random = SplitMix64(seed: 2)
        for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = random.uniform(transA ? [2, 4, 3] : [2, 3, 4]), b = random.uniform(transB ? [2, 2, 4] : [2, 4, 2])
            try checkBackward({ [F.batchMatmul($0[0], $0[1], transA: transA, transB: transB)] }, [a, b])
            try checkDoubleBackward({ [F.batchMatmul($0[0], $0[1], transA: transA, transB: transB)] }, [a, b],
                                    gradOutputs: [random.uniform([2, 3, 2])])
        }
    }
}
