import Testing
@testable import Kusari
import KusariTesting

@Suite struct LinearTests {
    /// y[n, o] = b[o] + Σ_i x[n, i]·W[o, i] by direct loops.
    static func naive(_ x: NDArray, _ W: NDArray, _ b: NDArray?) -> NDArray {
        let (n, input, output) = (x.shape[0], W.shape[1], W.shape[0])
        let xs = x.toArray(as: Double.self), ws = W.toArray(as: Double.self), bs = b?.toArray(as: Double.self)
        var y = [Double](repeating: 0, count: n * output)
        for row in 0..<n { for o in 0..<output {
            var sum = bs?[o] ?? 0
            for i in 0..<input { sum += xs[row * input + i] * ws[o * input + i] }
            y[row * output + o] = sum
        } }
        return NDArray(y, shape: [n, output])
    }

    static func linear(_ v: [Variable]) -> [Variable] { [F.linear(v[0], v[1], v.count > 2 ? v[2] : nil)] }

    @Test func forwardMatchesDirectLoops() {
        var random = SplitMix64(seed: 1)
        let x = random.uniform([3, 5]), W = random.uniform([4, 5]), b = random.uniform([4])
        #expect(maxDifference(F.linear(Variable(x), Variable(W), Variable(b)).array, Self.naive(x, W, b)) < 1e-12)
        #expect(maxDifference(F.linear(Variable(x), Variable(W)).array, Self.naive(x, W, nil)) < 1e-12)
    }

    @Test func flattensTrailingAxes() {
        var random = SplitMix64(seed: 2)
        let x = random.uniform([2, 3, 2]), W = random.uniform([4, 6])
        let y = F.linear(Variable(x), Variable(W))
        #expect(maxDifference(y.array, Self.naive(x.reshaped(2, 6), W, nil)) < 1e-12)
    }

    @Test func backwardAndDoubleBackward() throws {
        var random = SplitMix64(seed: 3)
        let inputs = [random.uniform([3, 5]), random.uniform([4, 5]), random.uniform([4])]
        try checkBackward(Self.linear, inputs)
        try checkBackward(Self.linear, Array(inputs.prefix(2)))
        try checkDoubleBackward(Self.linear, inputs, gradOutputs: [random.uniform([3, 4])])
    }

    @Test func shapeMessage() {
        #expect(throws: ShapeError("linear: x.shape[1] == W.shape[1], actual 784 != 800")) {
            try LinearFunction().checkInputs([NDArray(zeros: [2, 784]), NDArray(zeros: [500, 800])])
        }
    }
}
