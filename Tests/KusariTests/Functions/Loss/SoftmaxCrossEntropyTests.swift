import Foundation
import Testing
@testable import Kusari
import KusariTesting

@Suite struct SoftmaxCrossEntropyTests {
    /// Per-sample losses by plain loops in float64: x is (n, k, r) flattened, t is (n, r).
    func reference(_ x: [Double], n: Int, k: Int, r: Int, _ t: [Int32], weight: [Double]? = nil) -> [Double] {
        (0..<(n * r)).map { s in
            let (i, j) = (s / r, s % r)
            guard t[s] != -1 else { return 0 }
            let row = (0..<k).map { x[(i * k + $0) * r + j] }
            let logSum = log(row.map { exp($0) }.reduce(0, +))
            return -(weight?[Int(t[s])] ?? 1) * (row[Int(t[s])] - logSum)
        }
    }

    let x = NDArray([1.0, 2, 3, 1, 2, 3], shape: [2, 3])
    let t = Variable(NDArray([Int32(2), -1]), requiresGrad: false)

    @Test func normalizeDefaultsPinned() {
        // −log softmax([1, 2, 3])[2] = log(1 + e⁻¹ + e⁻²) = 0.40760596444…; sample 1 is ignored.
        let single = log(1 + exp(-1.0) + exp(-2.0))
        #expect(abs(single - 0.4076059644443803) < 1e-15)
        let normalized = F.softmaxCrossEntropy(Variable(x), t)
        #expect(normalized.shape == [])
        #expect(abs(normalized.array.item - single) < 1e-12, "normalize: divide by the 1 sample not ignored")
        let perBatch = F.softmaxCrossEntropy(Variable(x), t, normalize: false)
        #expect(abs(perBatch.array.item - single / 2) < 1e-12, "normalize false: divide by the batch size 2")
        let none = F.softmaxCrossEntropy(Variable(x), t, reduce: .no)
        #expect(none.shape == [2])
        #expect(abs(none.array.toArray(as: Double.self)[0] - single) < 1e-12)
        #expect(none.array.toArray(as: Double.self)[1] == 0)
    }

    @Test func allIgnoredGivesZero() {
        let input = Variable(x)
        let loss = F.softmaxCrossEntropy(input, Variable(NDArray([Int32(-1), -1])))
        #expect(loss.array.item == 0)
        loss.backward()
        #expect(input.grad?.toArray(as: Double.self) == [0, 0, 0, 0, 0, 0])
        // A custom ignore label; −1 is then an ordinary label error.
        #expect(F.softmaxCrossEntropy(Variable(x), Variable(NDArray([Int32(7), 7])), ignoreLabel: 7).array.item == 0)
        #expect(throws: ShapeError("softmax_cross_entropy: 0 <= t < 3 or t == 7, actual t.flat[0] == -1")) {
            try SoftmaxCrossEntropy(normalize: true, ignoreLabel: 7, reduce: .mean, classWeight: nil)
                .checkInputs([NDArray(zeros: [2, 3]), NDArray([Int32(-1), 0])])
        }
    }

    @Test func matchesReferenceWithWeightsAndSpatialAxes() {
        var rng = SplitMix64(seed: 21)
        let (n, k, r) = (4, 5, 6)
        let values = rng.uniform([n, k, 2, 3], -3, 3)
        let labels: [Int32] = (0..<(n * r)).map { $0 % 7 == 3 ? -1 : Int32($0 * 5 % k) }
        let weight = [0.5, 1, 2, 1.5, 0.25]
        let t = Variable(NDArray(labels, shape: [n, 2, 3]))
        let expected = reference(values.toArray(as: Double.self), n: n, k: k, r: r, labels, weight: weight)
        let none = F.softmaxCrossEntropy(Variable(values), t, reduce: .no, classWeight: NDArray(weight))
        #expect(none.shape == [n, 2, 3])
        for (a, b) in zip(none.array.toArray(as: Double.self), expected) { #expect(abs(a - b) < 1e-12) }
        let valid = Double(labels.filter { $0 != -1 }.count)
        let mean = F.softmaxCrossEntropy(Variable(values), t, classWeight: NDArray(weight))
        #expect(abs(mean.array.item - expected.reduce(0, +) / valid) < 1e-12)
        let perBatch = F.softmaxCrossEntropy(Variable(values), t, normalize: false, classWeight: NDArray(weight))
        #expect(abs(perBatch.array.item - expected.reduce(0, +) / Double(n)) < 1e-12)
        // float32 gives the same numbers to float32 precision.
        let single = F.softmaxCrossEntropy(Variable(values.astype(.float32)), t, classWeight: NDArray(weight))
        #expect(single.dtype == .float32)
        #expect(abs(single.array.item - mean.array.item) < 1e-5)
    }

    @Test func stableForLargeLogits() {
        let big = Variable(NDArray([1000.0, 0, -1000, 1000], shape: [2, 2]))
        let loss = F.softmaxCrossEntropy(big, Variable(NDArray([Int32(1), 0])), reduce: .no)
        #expect(loss.array.toArray(as: Double.self) == [1000, 2000])
        let single = F.softmaxCrossEntropy(Variable(NDArray([Float(100), 0], shape: [1, 2])), Variable(NDArray([Int32(0)])))
        #expect(single.array.item == 0)
    }

    @Test func gradients() throws {
        var rng = SplitMix64(seed: 22)
        let labels = NDArray([Int32(0), 2, -1, 1], shape: [4])
        let spatial = NDArray([Int32(0), 2, -1, 1, 1, 1], shape: [2, 3])
        let weight = NDArray([0.5, 2, 1.5])
        for reduce in [LossReduce.mean, .no] {
            for normalize in [true, false] {
                try checkBackward({ [F.softmaxCrossEntropy($0[0], $0[1], normalize: normalize, reduce: reduce)] },
                                  [rng.uniform([4, 3]), labels], constantInputs: [1])
                try checkBackward({ [F.softmaxCrossEntropy($0[0], $0[1], normalize: normalize, reduce: reduce, classWeight: weight)] },
                                  [rng.uniform([2, 3, 3]), spatial], constantInputs: [1])
            }
            let gy = reduce == .mean ? rng.uniform([]) : rng.uniform([4])
            try checkDoubleBackward({ [F.softmaxCrossEntropy($0[0], $0[1], reduce: reduce, classWeight: weight)] },
                                    [rng.uniform([4, 3]), labels], gradOutputs: [gy], constantInputs: [1])
            let gySpatial = reduce == .mean ? rng.uniform([]) : rng.uniform([2, 3])
            try checkDoubleBackward({ [F.softmaxCrossEntropy($0[0], $0[1], reduce: reduce)] },
                                    [rng.uniform([2, 3, 3]), spatial], gradOutputs: [gySpatial], constantInputs: [1])
        }
    }
}
