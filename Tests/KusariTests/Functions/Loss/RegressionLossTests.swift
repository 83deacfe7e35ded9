import Testing
@testable import Kusari
import KusariTesting

@Suite struct MeanSquaredErrorTests {
    @Test func valueAndGradients() throws {
        let y = F.meanSquaredError(Variable(NDArray([1.0, 2, 3])), Variable(NDArray([0.0, 0, 0])))
        #expect(y.shape == [])
        #expect(abs(y.array.item - 14.0 / 3) < 1e-12)
        #expect(throws: ShapeError("mean_squared_error: x0.shape == x1.shape, actual (2,) != (3,)")) {
            try MeanSquaredError().checkInputs([NDArray(zeros: [2]), NDArray(zeros: [3])])
        }
        var rng = SplitMix64(seed: 41)
        try checkBackward({ [F.meanSquaredError($0[0], $0[1])] }, [rng.uniform([2, 3]), rng.uniform([2, 3])])
        try checkDoubleBackward({ [F.meanSquaredError($0[0], $0[1])] }, [rng.uniform([2, 3]), rng.uniform([2, 3])],
                                gradOutputs: [rng.uniform([])])
    }
}

@Suite struct MeanAbsoluteErrorTests {
    @Test func valueAndGradients() throws {
        let a = Variable(NDArray([1.0, -2, 3, 0]))
        let y = F.meanAbsoluteError(a, Variable(NDArray([0.0, 0, 0, 0])))
        #expect(y.array.item == 1.5)
        y.backward()
        #expect(a.grad?.toArray(as: Double.self) == [0.25, -0.25, 0.25, 0])
        var rng = SplitMix64(seed: 42)
        try checkBackward({ [F.meanAbsoluteError($0[0], $0[1])] }, [rng.uniform([2, 3], 0.5, 1), rng.uniform([2, 3], -1, 0)])
    }
}

@Suite struct HuberLossTests {
    @Test func sumsAlongSecondAxisByDefault() throws {
        // δ = 1: ½a² for |a| ≤ 1, else |a| − ½.
        let x = Variable(NDArray([0.0, 0.5, -3, 2, 1, 0], shape: [2, 3]))
        let t = Variable(NDArray([Double](repeating: 0, count: 6), shape: [2, 3]))
        let y = F.huberLoss(x, t, delta: 1)
        #expect(y.shape == [2])
        #expect(y.array.toArray(as: Double.self) == [0.125 + 2.5, 1.5 + 0.5])
        #expect(F.huberLoss(x, t, delta: 1, reduce: .no).array.toArray(as: Double.self) == [0, 0.125, 2.5, 1.5, 0.5, 0])
        #expect(F.huberLoss(x, t, delta: 2).array.toArray(as: Double.self) == [0.125 + 4, 2 + 0.5])
        // Axis 1 only: (2, 3, 2) gives (2, 2).
        #expect(F.huberLoss(Variable(NDArray(zeros: [2, 3, 2])), Variable(NDArray(zeros: [2, 3, 2])), delta: 1).shape == [2, 2])
        var rng = SplitMix64(seed: 43)
        try checkBackward({ [F.huberLoss($0[0], $0[1], delta: 0.7)] }, [rng.uniform([3, 4], -2, 2), rng.uniform([3, 4])])
        try checkBackward({ [F.huberLoss($0[0], $0[1], delta: 0.7, reduce: .no)] }, [rng.uniform([3, 2]), rng.uniform([3, 2])])
        try checkDoubleBackward({ [F.huberLoss($0[0] * $0[0], $0[1], delta: 0.7)] }, [rng.uniform([2, 3], -2, 2), rng.uniform([2, 3])],
                                gradOutputs: [rng.uniform([2])])
    }
}

@Suite struct HingeTests {
    @Test func chainerExample() throws {
        // Margins max(0, 1 ∓ x) by hand: row 0 (t = 1): 0, 0, 1.5; row 1 (t = 0): 0, 3, 0.5.
        let x = Variable(NDArray([-2.0, 3, 0.5, 5, 2, -0.5], shape: [2, 3]))
        let t = Variable(NDArray([Int32(1), 0]), requiresGrad: false)
        #expect(F.hinge(x, t).array.item == 2.5)
        #expect(F.hinge(x, t, reduce: .no).array.toArray(as: Double.self) == [0, 0, 1.5, 0, 3, 0.5])
        #expect(F.hinge(x, t, norm: .l2).array.item == 5.75)
        F.hinge(x, t).backward()
        #expect(x.grad?.toArray(as: Double.self) == [0, 0, 0.5, 0, 0.5, 0.5])
        var rng = SplitMix64(seed: 44)
        let labels = NDArray([Int32(2), 0, 1])
        for norm in [HingeNorm.l1, .l2] {
            for reduce in [LossReduce.mean, .no] {
                try checkBackward({ [F.hinge($0[0], $0[1], norm: norm, reduce: reduce)] }, [rng.uniform([3, 3], -1.5, 1.5), labels],
                                  constantInputs: [1])
            }
        }
    }
}
