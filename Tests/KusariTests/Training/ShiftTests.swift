// Learning-rate schedules: the value each update runs with, from Chainer's formulas worked
// by hand, and the schedule continuing exactly after a save and load.
import Foundation
import Testing
@testable import Kusari

@Suite struct ShiftTests {
    /// The learning rate each of `updates` updates ran with, with `shift` extended.
    func lrs(_ optimizer: SGD = SGD(lr: 1), updates: Int, _ shift: (SGD) -> Extension) throws -> [Double] {
        let updater = FakeUpdater(optimizer: optimizer)
        var used: [Double] = []
        updater.step = { _ in used.append(optimizer.lr) }
        let trainer = makeTrainer(updater, stop: .iterations(updates))
        trainer.extend(shift(optimizer))
        try trainer.run()
        return used
    }

    func expectClose(_ actual: [Double], _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count
                && zip(actual, expected).allSatisfy { abs($0 - $1) <= 1e-15 * max(1, abs($1)) },
                "\(actual) != \(expected)", sourceLocation: sourceLocation)
    }

    @Test func exponentialShiftMultipliesByTheRateEachCall() throws {
        expectClose(try lrs(updates: 4) { ExponentialShift("lr", \.lr, rate: 0.5, optimizer: $0) }, [1, 0.5, 0.25, 0.125])
        expectClose(try lrs(updates: 4) { _ in ExponentialShift("lr", \SGDHyperparameters.lr, rate: 0.5, target: 0.3) },
                    [1, 0.5, 0.3, 0.3])
        expectClose(try lrs(updates: 5) { ExponentialShift("lr", \.lr, rate: 2, initialValue: 0.5, target: 3, optimizer: $0) },
                    [0.5, 1, 2, 3, 3])
    }

    @Test func exponentialShiftReachesAdamsAlpha() throws {
        let adam = Adam(alpha: 0.01)
        let updater = FakeUpdater(optimizer: adam)
        var used: [Double] = []
        updater.step = { _ in used.append(adam.alpha) }
        let trainer = makeTrainer(updater, stop: .iterations(3))
        trainer.extend(ExponentialShift("alpha", \AdamHyperparameters.alpha, rate: 0.1))
        try trainer.run()
        expectClose(used, [0.01, 0.01 * 0.1, 0.01 * pow(0.1, 2)])
    }

    @Test func linearShiftInterpolatesBetweenTheTimes() throws {
        // t ≤ 1: 0; t = 2: halfway; t ≥ 3: 1. Update k runs with the value of call k − 1.
        expectClose(try lrs(updates: 5) { LinearShift("lr", \.lr, valueRange: (0, 1), timeRange: (1, 3), optimizer: $0) },
                    [0, 0, 0.5, 1, 1])
    }

    @Test func stepShiftMultipliesEveryStepCalls() throws {
        // init·gamma^⌊t/2⌋ for t = 0...4.
        expectClose(try lrs(updates: 5) { StepShift("lr", \.lr, gamma: 0.1, step: 2, optimizer: $0) },
                    [1, 1, 0.1, 0.1, pow(0.1, 2)])
        expectClose(try lrs(updates: 5) { StepShift("lr", \.lr, gamma: 0.1, step: 1, target: 0.05, optimizer: $0) },
                    [1, 0.1, 0.05, 0.05, 0.05])
    }

    @Test func multistepShiftMultipliesAtEachStepValue() throws {
        expectClose(try lrs(updates: 5) { MultistepShift("lr", \.lr, gamma: 0.5, stepValues: [2, 4], initialValue: 8, optimizer: $0) },
                    [8, 8, 4, 4, 2])
    }

    @Test func warmupShiftRampsThenLeavesTheValue() throws {
        // (t·1 + (4 − t)·0) / 4 for t ≤ 4, then untouched: the manual change after update 5 stays.
        let sgd = SGD(lr: 1)
        let updater = FakeUpdater(optimizer: sgd)
        var used: [Double] = []
        updater.step = { u in
            used.append(sgd.lr)
            if u.iteration == 5 { sgd.lr = 7 }
        }
        let trainer = makeTrainer(updater, stop: .iterations(7))
        trainer.extend(WarmupShift("lr", \.lr, warmupStart: 0, warmupIterations: 4, initialValue: 1, optimizer: sgd))
        try trainer.run()
        expectClose(used, [0, 0.25, 0.5, 0.75, 1, 7, 7])
    }

    @Test func mismatchedOptimizerMessageNamesBothTypes() {
        let message = ScheduledHyperparameter<AdamHyperparameters>.mismatchMessage(owner: "ExponentialShift", name: "alpha", found: SGD())
        #expect(message == "ExponentialShift(\"alpha\"): the updater's \"main\" optimizer is SGD, whose hyperparameters "
            + "are not AdamHyperparameters; pass optimizer: or a key path of its own hyperparameters")
    }

    /// The learning rates of a 6-update run, and of one interrupted after 3 updates and
    /// resumed from the trainer's saved state into fresh objects.
    func resumed(_ make: @escaping (SGD) -> Extension) throws -> (whole: [Double], resumed: [Double]) {
        let whole = try lrs(updates: 6, make)
        let first = SGD(lr: 1), firstUpdater = FakeUpdater(optimizer: first)
        let firstTrainer = makeTrainer(firstUpdater, stop: .iterations(3))
        firstTrainer.extend(make(first))
        try firstTrainer.run()
        let saver = NPZSerializer()
        try firstTrainer.serialize(saver)

        let second = SGD(lr: 1), secondUpdater = FakeUpdater(optimizer: second)
        var used: [Double] = []
        secondUpdater.step = { _ in used.append(second.lr) }
        let secondTrainer = makeTrainer(secondUpdater, stop: .iterations(6))
        secondTrainer.extend(make(second))
        try secondTrainer.serialize(NPZDeserializer(saver.values))
        try secondTrainer.run()
        return (whole, used)
    }

    @Test(arguments: ["exponential", "linear", "step", "multistep", "warmup"])
    func scheduleContinuesAfterResume(kind: String) throws {
        let make: (SGD) -> Extension = { sgd in
            switch kind {
            case "exponential": ExponentialShift("lr", \.lr, rate: 0.5, optimizer: sgd)
            case "linear": LinearShift("lr", \.lr, valueRange: (1, 2), timeRange: (1, 5), optimizer: sgd)
            case "step": StepShift("lr", \.lr, gamma: 0.5, step: 2, optimizer: sgd)
            case "multistep": MultistepShift("lr", \.lr, gamma: 0.5, stepValues: [1, 4], optimizer: sgd)
            default: WarmupShift("lr", \.lr, warmupStart: 0, warmupIterations: 4, initialValue: 1, optimizer: sgd)
            }
        }
        let (whole, resumed) = try resumed(make)
        expectClose(resumed, Array(whole.suffix(3)))
    }

    @Test func shiftStateUsesChainersKeys() throws {
        let shift = ExponentialShift("lr", \.lr, rate: 0.5, optimizer: SGD())
        let saver = NPZSerializer()
        try shift.serialize(saver)
        #expect(saver.values.keys.sorted() == ["_last_value", "_t"])
        #expect(shift.defaultName == "ExponentialShift")
    }
}
