import Foundation
import Testing
import Kusari

/// Issue 7's guarantees on small data: the Trainer and the hand loop, 1 and 2 threads, and a
/// resumed run all give bit-identical weights and logs.
@Suite struct SameWorkSameNumbersTests {
    let train = squaresDataset(count: 240, seed: 1)
    let test = squaresDataset(count: 100, seed: 2)

    @Test func trainerAndHandLoopAreBitIdentical() throws {
        let trainer = try withIsolatedState(seed: 0) { try runTrainer(train, test, epochs: 2, batchSize: 50, out: temporaryDirectory()) }
        let hand = withIsolatedState(seed: 0) { runHandLoop(train, test, epochs: 2, batchSize: 50) }
        #expect(bitIdentical(trainer.weights, hand.weights))
        #expect(withoutTime(trainer.log) == withoutTime(hand.log))
        #expect(trainer.log.count == 2)
        #expect(trainer.record.updates == 10 && hand.record.updates == 10, "240 examples, batch 50, 2 epochs: 9.6 → 10 updates")
        let comparison = RunComparison(trainer.record, hand.record)
        #expect(comparison.sameWork && comparison.identicalWeights, "\(comparison.report)")
    }

    @Test func oneAndTwoThreadsAreBitIdentical() throws {
        let one = try Threading.withThreadCount(1) {
            try withIsolatedState(seed: 3) { try runTrainer(train, test, epochs: 1, batchSize: 40, out: temporaryDirectory()) }
        }
        let two = try Threading.withThreadCount(2) {
            try withIsolatedState(seed: 3) { try runTrainer(train, test, epochs: 1, batchSize: 40, out: temporaryDirectory()) }
        }
        #expect(bitIdentical(one.weights, two.weights))
        #expect(withoutTime(one.log) == withoutTime(two.log))
    }

    @Test func resumingFromASnapshotContinuesExactly() throws {
        let straight = try withIsolatedState(seed: 4) { try runTrainer(train, test, epochs: 2, batchSize: 50, out: temporaryDirectory()) }
        let out = temporaryDirectory()
        _ = try withIsolatedState(seed: 4) { try runTrainer(train, test, epochs: 1, batchSize: 50, out: out, snapshotEvery: .epochs(1)) }
        // A fresh process would start from seed 4 as well; the snapshot restores the streams.
        let resumed = try withIsolatedState(seed: 4) {
            try runTrainer(train, test, epochs: 2, batchSize: 50, out: out, resume: out + "/snapshot_iter_5")
        }
        #expect(bitIdentical(straight.weights, resumed.weights))
        #expect(withoutTime(straight.log) == withoutTime(resumed.log))
        #expect(RunComparison(straight.record, resumed.record).sameWork)
    }

    @Test func aDifferentSeedIsNamed() throws {
        let a = try withIsolatedState(seed: 5) { try runTrainer(train, test, epochs: 1, batchSize: 60, out: temporaryDirectory()) }
        let b = try withIsolatedState(seed: 6) { try runTrainer(train, test, epochs: 1, batchSize: 60, out: temporaryDirectory()) }
        let comparison = RunComparison(a.record, b.record)
        #expect(!comparison.sameWork)
        #expect(comparison.differences == ["Seed: run A used 5, run B 6 (initial weights, dropout masks and shuffling differ)."])
    }
}
