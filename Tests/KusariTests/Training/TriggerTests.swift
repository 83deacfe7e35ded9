// Firing patterns of the schedule, best-value and early-stopping triggers, worked by hand,
// and their state surviving a save and load.
import Testing
@testable import Kusari

@Suite struct TriggerTests {
    @Test func manualScheduleFiresAtIterationPoints() throws {
        let trigger = ManualScheduleTrigger(points: [2, 5], unit: .iteration)
        #expect(try firings(trigger, updater: FakeUpdater(), stop: .iterations(8)) == [2, 5])
        #expect(trigger.finished)
    }

    @Test func manualScheduleFiresWhenEpochDetailFirstReachesAPoint() throws {
        // 4 updates an epoch: epochDetail = k / 4; 0.5 is reached at 2, 0.6 first passed at 3.
        let trigger = ManualScheduleTrigger(points: [0.5, 0.6, 1.25], unit: .epoch)
        #expect(try firings(trigger, updater: FakeUpdater(), stop: .iterations(4)) == [2, 3])
        #expect(!trigger.finished)
    }

    // Two updates an epoch; epoch means of main/loss: 2, 4, 1, 5.5.
    let losses = [1.0, 3, 4, 4, 1, 1, 5, 6]

    @Test func maxValueFiresOnEachNewMaximumOfTheEpochMean() throws {
        let trigger = MaxValueTrigger(key: "main/loss")
        #expect(try firings(trigger, updater: FakeUpdater(iterationsPerEpoch: 2, losses: losses), stop: .epochs(4)) == [2, 4, 8])
        #expect(trigger.bestValue == 5.5)
    }

    @Test func minValueFiresOnEachNewMinimumOfTheEpochMean() throws {
        let trigger = MinValueTrigger(key: "main/loss")
        #expect(try firings(trigger, updater: FakeUpdater(iterationsPerEpoch: 2, losses: losses), stop: .epochs(4)) == [2, 6])
        #expect(trigger.bestValue == 1)
    }

    @Test func bestValueStateRoundTrips() throws {
        let trigger = MinValueTrigger(key: "main/loss")
        _ = try firings(trigger, updater: FakeUpdater(iterationsPerEpoch: 2, losses: losses), stop: .iterations(5))
        let (saved, reloaded) = try roundTrip(trigger.serialize, into: MinValueTrigger(key: "main/loss").serialize)
        #expect(describe(saved) == describe(reloaded))
        // After 5 updates the epoch means were 2 and 4: the minimum so far is 2.
        #expect(describe(saved)["best_value"] == describe(["": .array(NDArray(scalar: 2.0))])[""])
    }

    // Epoch means 1.0, 0.8, 0.9, 0.85, 0.81, 0.7: the best is at epoch 2, and epochs 3, 4, 5
    // do not beat it, so with patience 3 the trigger fires at the end of epoch 5 (iteration 10).
    let plateau = [1.0, 1.0, 0.8, 0.8, 0.9, 0.9, 0.85, 0.85, 0.81, 0.81, 0.7, 0.7]

    @Test func earlyStoppingFiresAfterPatienceChecksWithoutImprovement() throws {
        let trigger = EarlyStoppingTrigger(monitor: "main/loss", patience: 3)
        #expect(try firings(trigger, updater: FakeUpdater(iterationsPerEpoch: 2, losses: plateau), stop: .epochs(6)) == [10])
        #expect(trigger.best == 0.7 && trigger.count == 0)
    }

    @Test func earlyStoppingAutoModeMaximizesAccuracy() {
        #expect(EarlyStoppingTrigger(monitor: "validation/main/accuracy").maximizes)
        #expect(!EarlyStoppingTrigger(monitor: "validation/main/loss").maximizes)
        #expect(EarlyStoppingTrigger(monitor: "main/loss", mode: .max).maximizes)
        #expect(EarlyStoppingTrigger(maxTrigger: .epochs(5)).maxTrigger == .epochs(5))
    }

    @Test func earlyStoppingStopsAtMaxTrigger() throws {
        let updater = FakeUpdater(iterationsPerEpoch: 2, losses: (0..<20).map { 10 - Double($0) })
        let stop = EarlyStoppingTrigger(maxTrigger: .iterations(7))
        try Trainer(updater, stopTrigger: stop, plannedLength: stop.maxTrigger, out: temporaryDirectory()).run()
        #expect(updater.iteration == 7)
    }

    @Test func earlyStoppingEndsTrainingAsTheStopTrigger() throws {
        let updater = FakeUpdater(iterationsPerEpoch: 2, losses: plateau + Array(repeating: 0.7, count: 300))
        let stop = EarlyStoppingTrigger(monitor: "main/loss", patience: 3)
        try Trainer(updater, stopTrigger: stop, plannedLength: stop.maxTrigger, out: temporaryDirectory()).run()
        #expect(updater.iteration == 10)
    }

    @Test func earlyStoppingStateRoundTrips() throws {
        let trigger = EarlyStoppingTrigger(monitor: "main/loss", patience: 3)
        _ = try firings(trigger, updater: FakeUpdater(iterationsPerEpoch: 2, losses: plateau), stop: .iterations(7))
        let (saved, reloaded) = try roundTrip(trigger.serialize, into: EarlyStoppingTrigger(monitor: "main/loss", patience: 3).serialize)
        #expect(describe(saved) == describe(reloaded))
        #expect(saved.keys.sorted() == ["best", "count", "interval_trigger/previous_epoch_detail",
                                        "interval_trigger/previous_iteration", "summary/sums"])
    }

    @Test func manualScheduleStateRoundTrips() throws {
        let trigger = ManualScheduleTrigger(points: [2], unit: .iteration)
        _ = try firings(trigger, updater: FakeUpdater(), stop: .iterations(3))
        let fresh = ManualScheduleTrigger(points: [2], unit: .iteration)
        let (saved, reloaded) = try roundTrip(trigger.serialize, into: fresh.serialize)
        #expect(describe(saved) == describe(reloaded))
        #expect(fresh.finished)
    }
}

/// Saved values as comparable text.
func describe(_ values: [String: NPYValue]) -> [String: String] {
    values.mapValues { value in
        switch value {
        case .array(let array): "\(array.dtype) \(array.shape) \(array.description)"
        case .string(let text): text
        }
    }
}
