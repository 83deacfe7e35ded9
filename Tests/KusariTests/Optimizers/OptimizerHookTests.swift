// Optimizer hooks: each hook's arithmetic, their order, timing, and per-rule registration.
import Foundation
import Testing
import Kusari

@Suite struct OptimizerHookTests {
    /// One SGD(lr) step on p with gradient g and `hooks` added in order.
    func step(p: [Double], g: [Double], lr: Double = 0.1, hooks: [OptimizerHook], timing: HookTiming = .pre) -> Holder {
        let model = Holder(p)
        let sgd = SGD(lr: lr).setup(model)
        for hook in hooks { sgd.addHook(hook, timing: timing) }
        model.w.grad = NDArray(g)
        sgd.update()
        return model
    }

    @Test func weightDecayAddsRateTimesParameter() {
        let model = step(p: [3, -4], g: [1, 0], hooks: [WeightDecay(0.5)])
        // g' = g + 0.5·p = [2.5, −2]; p − 0.1·g'.
        #expect(close(values(model.w), [2.75, -3.8], 1e-15))
    }

    @Test func lassoAddsRateTimesSign() {
        let model = step(p: [2, 0, -3], g: [0.1, 0.1, 0.1], lr: 1, hooks: [Lasso(0.5)])
        // g' = [0.6, 0.1, −0.4]: sign(0) = 0.
        #expect(close(values(model.w), [1.4, -0.1, -2.6], 1e-15))
    }

    @Test func hardClippingClipsEachElement() {
        let model = step(p: [0, 0, 0], g: [-3, 0.5, 2], lr: 1, hooks: [GradientHardClipping(-1, 1)])
        #expect(values(model.w) == [1, -0.5, -1])
    }

    @Test func clippingUsesOneGlobalNormOverAllParameters() {
        func clipped(_ threshold: Double) -> ([Double]?, [Double]?) {
            let model = TwoParameters([0], [0])
            let sgd = SGD().setup(model)
            sgd.addHook(GradientClipping(threshold))
            model.a.w.grad = NDArray([3.0])
            model.b.w.grad = NDArray([4.0])
            sgd.update()
            return (gradValues(model.a.w), gradValues(model.b.w))
        }
        // ‖(3, 4)‖ = 5: threshold 2.5 halves both; at or above 5 nothing changes.
        let half = clipped(2.5)
        #expect(half.0 == [1.5] && half.1 == [2])
        let same = clipped(5)
        #expect(same.0 == [3] && same.1 == [4])
        let above = clipped(6)
        #expect(above.0 == [3] && above.1 == [4])
    }

    @Test func hooksRunInTheOrderAdded() {
        // Decay first: g' = [1 + 1.5, 2] has norm √10.25 > 1, so it is scaled to norm 1.
        let decayThenClip = step(p: [3, 4], g: [1, 0], hooks: [WeightDecay(0.5), GradientClipping(1)])
        let norm = (2.5 * 2.5 + 2.0 * 2.0).squareRoot()
        #expect(close(values(decayThenClip.w), [3 - 0.1 * 2.5 / norm, 4 - 0.1 * 2 / norm], 1e-15))
        // Clip first: ‖[1, 0]‖ = 1 is not above 1, so only the decay acts.
        let clipThenDecay = step(p: [3, 4], g: [1, 0], hooks: [GradientClipping(1), WeightDecay(0.5)])
        #expect(close(values(clipThenDecay.w), [3 - 0.25, 4 - 0.2], 1e-15))
    }

    @Test func postHooksRunAfterTheUpdate() {
        let model = step(p: [3], g: [1], hooks: [WeightDecay(0.5)], timing: .post)
        #expect(close(values(model.w), [2.9], 1e-15), "the update saw the plain gradient")
        #expect(close(gradValues(model.w)!, [1 + 0.5 * 2.9], 1e-15), "the hook then saw the updated parameter")
    }

    @Test func removedHookNoLongerRuns() {
        let model = Holder([3])
        let sgd = SGD(lr: 0.1).setup(model)
        sgd.addHook(WeightDecay(0.5), name: "decay")
        sgd.removeHook("decay")
        model.w.grad = NDArray([1.0])
        sgd.update()
        #expect(close(values(model.w), [2.9], 1e-15))
    }

    @Test func ruleHookActsOnItsParameterOnly() {
        let model = TwoParameters([2], [2])
        let sgd = SGD(lr: 0.1).setup(model)
        model.a.w.updateRule!.addHook(WeightDecay(1))
        model.a.w.grad = NDArray([1.0])
        model.b.w.grad = NDArray([1.0])
        sgd.update()
        #expect(close(values(model.a.w), [2 - 0.1 * 3], 1e-15))
        #expect(close(values(model.b.w), [1.9], 1e-15))
    }

    @Test func sharedGradientIsNotDecayedTwice() {
        // Backprop of a + b hands both parameters the same gradient variable.
        let model = TwoParameters([1], [10])
        let sgd = SGD(lr: 1).setup(model)
        sgd.addHook(WeightDecay(0.5))
        sgd.update { F.sum(model.a.w + model.b.w) }
        #expect(gradValues(model.a.w) == [1.5] && gradValues(model.b.w) == [6])
        #expect(values(model.a.w) == [-0.5] && values(model.b.w) == [4])
    }

    @Test func gradientNoiseAddsTheNoiseFunctionsArray() {
        var seen: [Int] = []
        let noise = GradientNoise(eta: 0.3) { shape, dtype, hook, rule in
            seen.append(rule.t)
            return NDArray([Double](repeating: hook.eta, count: shape.reduce(1, *)), shape: shape).astype(dtype)
        }
        let model = Holder([0, 0])
        let sgd = SGD(lr: 1).setup(model)
        sgd.addHook(noise)
        for _ in 0..<2 {
            model.w.grad = NDArray([1.0, 2.0])
            sgd.update()
        }
        #expect(close(values(model.w), [-2.6, -4.6], 1e-15))
        #expect(seen == [0, 1], "pre hooks see the rule's count before the step, as Chainer's noise does")
    }

    @Test func defaultNoiseIsGaussianWithAnnealedDeviation() {
        let count = 20_000
        func noise(seed: UInt64, updates: Int) -> [Double] {
            let model = Holder([Double](repeating: 0, count: count))
            let sgd = SGD(lr: 1).setup(model)
            sgd.addHook(GradientNoise(eta: 0.3, seed: seed))
            var previous = values(model.w)
            var step: [Double] = []
            for _ in 0..<updates {
                model.w.grad = NDArray(zeros: [count], dtype: .float64)
                sgd.update()
                let now = values(model.w)
                step = zip(previous, now).map { $0 - $1 }
                previous = now
            }
            return step
        }
        func deviation(_ xs: [Double]) -> (mean: Double, std: Double) {
            let mean = xs.reduce(0, +) / Double(xs.count)
            return (mean, (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)).squareRoot())
        }
        let first = deviation(noise(seed: 7, updates: 1))
        #expect(abs(first.mean) < 0.02 && abs(first.std - 0.3.squareRoot()) < 0.015, "t = 0: σ = √0.3, got \(first)")
        let third = deviation(noise(seed: 7, updates: 3))
        let expected = (0.3 / pow(3, 0.55)).squareRoot()
        #expect(abs(third.std - expected) < 0.015, "t = 2: σ = √(0.3/3^0.55) = \(expected), got \(third)")
        #expect(noise(seed: 7, updates: 1) == noise(seed: 7, updates: 1), "one seed, one stream")
        #expect(noise(seed: 7, updates: 1) != noise(seed: 8, updates: 1))
        var reference = RandomStream(seed: 7)
        let draw = reference.normal([count], std: 0.3.squareRoot(), dtype: .float64)
        #expect(noise(seed: 7, updates: 1) == draw.toArray(as: Double.self), "the first step's noise is the seed's Philox normals")
        #expect(GradientNoise(eta: 1).stream != GradientNoise(eta: 1).stream, "each unseeded hook takes the next global stream")
    }
}
