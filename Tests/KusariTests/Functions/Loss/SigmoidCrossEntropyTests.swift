import Foundation
import Testing
@testable import Kusari
import KusariTesting

@Suite struct SigmoidCrossEntropyTests {
    // Chainer's documented example; losses by hand: ℓ = log(1 + eˣ) − t·x.
    let x = NDArray([-2.0, 3, 0.5, 5, 2, -0.5], shape: [2, 3])
    let t = Variable(NDArray([Int32(0), 1, 0, 1, 1, -1], shape: [2, 3]), requiresGrad: false)
    var expected: [Double] {
        zip(x.toArray(as: Double.self), t.array.toArray(as: Int32.self)).map { v, label in
            label == -1 ? 0 : log(1 + exp(v)) - Double(label) * v
        }
    }

    @Test func normalizeDefaultsPinned() {
        let sum = expected.reduce(0, +)
        let mean = F.sigmoidCrossEntropy(Variable(x), t)
        #expect(abs(mean.array.item - sum / 5) < 1e-12, "normalize: divide by the 5 labels not ignored")
        #expect(abs(mean.array.item - 0.25664714) < 1e-7)
        let perBatch = F.sigmoidCrossEntropy(Variable(x), t, normalize: false)
        #expect(abs(perBatch.array.item - sum / 2) < 1e-12, "normalize false: divide by the batch size 2")
        #expect(abs(perBatch.array.item - 0.64161783) < 1e-7)
        let none = F.sigmoidCrossEntropy(Variable(x), t, reduce: .no)
        #expect(none.shape == [2, 3])
        for (a, b) in zip(none.array.toArray(as: Double.self), expected) { #expect(abs(a - b) < 1e-12) }
        let ignored = Variable(NDArray([Int32](repeating: -1, count: 6), shape: [2, 3]))
        #expect(F.sigmoidCrossEntropy(Variable(x), ignored).array.item == 0)
        #expect(F.sigmoidCrossEntropy(Variable(NDArray([-800.0, 800], shape: [2])), Variable(NDArray([Int32(0), 1]))).array.item == 0)
    }

    @Test func gradients() throws {
        var rng = SplitMix64(seed: 31)
        for reduce in [LossReduce.mean, .no] {
            for normalize in [true, false] {
                try checkBackward({ [F.sigmoidCrossEntropy($0[0], $0[1], normalize: normalize, reduce: reduce)] },
                                  [rng.uniform([2, 3], -3, 3), t.array], constantInputs: [1])
            }
            try checkDoubleBackward({ [F.sigmoidCrossEntropy($0[0], $0[1], reduce: reduce)] },
                                    [rng.uniform([2, 3], -3, 3), t.array],
                                    gradOutputs: [reduce == .mean ? rng.uniform([]) : rng.uniform([2, 3])], constantInputs: [1])
        }
    }
}
