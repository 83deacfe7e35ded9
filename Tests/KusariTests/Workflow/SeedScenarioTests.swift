import Foundation
import Testing
import Kusari

/// The founding story on small data: a hand loop that slices the dataset at
/// `epoch * batchsize` and evaluates without test mode, against the Trainer.
@Suite struct SeedScenarioTests {
    let train = squaresDataset(count: 300, seed: 11)
    let test = squaresDataset(count: 100, seed: 12)

    /// The original user's loop: one update an epoch, evaluation with dropout still on.
    func buggyHandLoop(epochs: Int, batchSize: Int) -> (record: RunRecord, accuracy: Double) {
        let model = Classifier(LeNet())
        let optimizer = Adam().setup(model)
        let recorder = RunRecord.start(model: model, optimizer: optimizer)
        for epoch in 0..<epochs {
            let indices = Array((epoch * batchSize)..<((epoch + 1) * batchSize)).map { $0 % train.count }
            let batch = train.batch(at: indices).map { Variable($0, requiresGrad: false) }
            optimizer.update { model.loss(batch) }
        }
        let accuracy = noBackprop {
            F.accuracy(model.predictor(Variable(test.arrays[0])), Variable(test.arrays[1])).array.item
        }
        return (recorder.record(results: ["validation/main/accuracy": accuracy]), accuracy)
    }

    @Test func compareNamesBothCausesThenReportsTheFixedLoopAsTheSameWork() throws {
        TrainModeCheck.policy = .silent
        defer { TrainModeCheck.policy = .warnOnce }
        let trainer = try withIsolatedState(seed: 0) { try runTrainer(train, test, epochs: 3, batchSize: 50, out: temporaryDirectory()) }
        let buggy = withIsolatedState(seed: 0) { buggyHandLoop(epochs: 3, batchSize: 50) }

        #expect(trainer.record.results["validation/main/accuracy"]! > buggy.accuracy)
        let comparison = RunComparison(buggy.record, trainer.record)
        #expect(!comparison.sameWork)
        #expect(comparison.differences.first == "Updates: run A made 3, run B made 18 (B did 6× as many).")
        #expect(comparison.differences.contains { $0.hasPrefix("Evaluation mode: run A ran dropout or batch-norm statistics in training mode 1 time while backprop was off") })
        #expect(comparison.report.contains("The runs did different work"))

        let fixed = withIsolatedState(seed: 0) { runHandLoop(train, test, epochs: 3, batchSize: 50) }
        let fixedComparison = RunComparison(fixed.record, trainer.record)
        #expect(fixedComparison.sameWork && fixedComparison.identicalWeights, "\(fixedComparison.report)")
        #expect(fixedComparison.report.hasPrefix("Same work: 18 updates of batch size 50 (3 epochs)"))
    }
}
