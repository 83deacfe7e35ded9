import Testing
@testable import Kusari
import KusariTesting

// Serialized: the tests read the global seed and the dropout stream counter.
@Suite(.serialized) struct DropoutTests {
    static func values(_ x: NDArray) -> [Double] { x.astype(.float64).toArray(as: Double.self) }

    /// Values in [0.5, 1.5), never zero, so every element shows its mask value.
    static func nonzero(_ shape: [Int], seed: UInt64, dtype: DType) -> NDArray {
        var random = SplitMix64(seed: seed)
        return random.uniform(shape, 0.5, 1.5, dtype: dtype)
    }

    @Test func identityInTestMode() {
        let x = Variable(NDArray.ones([3, 4]))
        let y = using(train: false) { F.dropout(x, ratio: 0.9) }
        #expect(y === x)
    }

    @Test(arguments: [DType.float32, .float64]) func keptFractionAndScale(dtype: DType) {
        let ratio = 0.3
        let x = Self.nonzero([100, 500], seed: 1, dtype: dtype)
        let y = Dropout(ratio: ratio, stream: RandomStream(seed: 5)).apply(Variable(x))
        let xs = Self.values(x), ys = Self.values(y.array)
        let scale = dtype == .float32 ? Double(Float(1) / Float(0.7)) : 1 / 0.7
        var dropped = 0
        for (a, b) in zip(xs, ys) {
            if b == 0 { dropped += 1 } else {
                let expected = dtype == .float32 ? Double(Float(a) * Float(scale)) : a * scale
                #expect(b == expected)
            }
        }
        // 50,000 Bernoulli(0.3) draws: the standard deviation of the fraction is 0.002.
        #expect(abs(Double(dropped) / 50_000 - ratio) < 0.01)
    }

    @Test func maskIsTheDocumentedBernoulliDraw() {
        let stream = RandomStream(seed: 11, stream: 3, position: 2)
        let x = NDArray.ones([7, 5])
        let y = Dropout(ratio: 0.25, stream: stream).apply(Variable(x))
        var reference = stream
        let mask = reference.bernoulli([7, 5], p: 0.75, dtype: .float32) * (1 / 0.75)
        #expect(y.array == mask)
    }

    @Test func sameSeedSameMasksAndEachCallANewOne() {
        let x = Variable(NDArray.ones([10, 10]))
        seed(7)
        let first = F.dropout(x).array, second = F.dropout(x).array
        seed(7)
        #expect(F.dropout(x).array == first)
        #expect(F.dropout(x).array == second)
        #expect(first != second)
        var stream = RandomStream(seed: 7).derived("dropout").derived(0)
        let mask = stream.bernoulli([10, 10], p: 0.5, dtype: .float32) * 2
        #expect(first == mask)
    }

    @Test func gradientIsGyTimesMaskAndDifferentiable() throws {
        let x = Variable(Self.nonzero([4, 6], seed: 2, dtype: .float64))
        let y = Dropout(ratio: 0.5, stream: RandomStream(seed: 9)).apply(x)
        let gy = Self.nonzero([4, 6], seed: 3, dtype: .float64)
        y.gradVariable = Variable(gy)
        y.backward()
        let mask = Self.values(y.array).map { $0 == 0 ? 0.0 : 2.0 }
        #expect(mask.contains(0) && mask.contains(2))
        #expect(Self.values(x.grad!) == zip(Self.values(gy), mask).map { $0 * $1 })
        let fixed = { (v: [Variable]) in [Dropout(ratio: 0.5, stream: RandomStream(seed: 9)).apply(v[0])] }
        try checkBackward(fixed, [x.array])
        try checkDoubleBackward(fixed, [x.array], gradOutputs: [gy])
    }

    @Test func emptyInput() {
        #expect(F.dropout(Variable(NDArray(zeros: [0, 3]))).shape == [0, 3])
    }

    @Test func trainModeWithoutBackpropIsCounted() {
        let x = Variable(NDArray.ones([2, 2]))
        let before = TrainModeCheck.count
        _ = noBackprop { F.dropout(x) }
        #expect(TrainModeCheck.count >= before + 1)
    }
}
