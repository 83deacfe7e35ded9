// The founding story, reproduced: a buggy hand loop and the Trainer on the same data get
// different accuracies, and `RunComparison` (what `kusari compare` prints) names both causes.
// Then the fixed hand loop matches the Trainer bit for bit.
//
//     swift run -c release seed-scenario [TRAIN_SAMPLES]
import Foundation
import Kusari

let trainSamples = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 6000
let (fullTrain, fullTest) = try getFashionMNIST(ndim: 3)
let train = fullTrain.prefix(trainSamples)
let test = fullTest.prefix(2000)
let epochs = 2, batchSize = 100
TrainModeCheck.policy = .silent

/// The Trainer run: StandardUpdater, Evaluator (test mode), LogReport.
@MainActor func trainerRun() throws -> RunRecord {
    withIsolatedState(seed: 0) { () -> RunRecord? in
        let model = Classifier(LeNet())
        let optimizer = Adam().setup(model)
        let trainer = Trainer(StandardUpdater(iterator: SerialIterator(train, batchSize: batchSize), optimizer: optimizer),
                              stop: .epochs(Double(epochs)), out: "result-scenario/trainer")
        trainer.extend(Evaluator(SerialIterator(test, batchSize: batchSize, repeat: false, shuffle: false), model))
        trainer.extend(LogReport())
        try? trainer.run()
        return trainer.runRecord()
    }!
}

/// The original user's loop. Mistake 1: one batch per epoch, sliced at `epoch * batchsize`.
/// Mistake 2: evaluation calls the model with backprop off but still in training mode.
@MainActor func buggyHandLoop() -> RunRecord {
    withIsolatedState(seed: 0) {
        let model = Classifier(LeNet())
        let optimizer = Adam().setup(model)
        let recorder = RunRecord.start(model: model, optimizer: optimizer)
        for epoch in 0..<epochs {
            let batch = train.batch(at: Array((epoch * batchSize)..<((epoch + 1) * batchSize)))
            optimizer.update { model.loss(batch.map { Variable($0, requiresGrad: false) }) }
        }
        let accuracy = noBackprop {
            F.accuracy(model.predictor(Variable(test.arrays[0])), Variable(test.arrays[1])).array.item
        }
        return recorder.record(results: ["validation/main/accuracy": accuracy])
    }
}

/// The corrected hand loop: every batch from the iterator, evaluation through Evaluator.
@MainActor func fixedHandLoop() -> RunRecord {
    withIsolatedState(seed: 0) {
        let model = Classifier(LeNet())
        let optimizer = Adam().setup(model)
        let trainIterator = SerialIterator(train, batchSize: batchSize)
        let testIterator = SerialIterator(test, batchSize: batchSize, repeat: false, shuffle: false)
        let recorder = RunRecord.start(model: model, optimizer: optimizer, iterator: trainIterator)
        var result: [String: Double] = [:]
        while trainIterator.epoch < epochs {
            let batch = trainIterator.nextBatch()!.map { Variable($0, requiresGrad: false) }
            optimizer.update { model.loss(batch) }
            if trainIterator.isNewEpoch {
                optimizer.newEpoch()
                result = Evaluator(testIterator, model).evaluate()
            }
        }
        recorder.evaluationMode = "test"
        return recorder.record(results: ["validation/main/accuracy": result["validation/main/accuracy"] ?? .nan])
    }
}

let trainer = try trainerRun()
print("== The buggy hand loop (A) against the Trainer (B)")
print(RunComparison(buggyHandLoop(), trainer).report)
print("\n== The fixed hand loop (A) against the Trainer (B)")
print(RunComparison(fixedHandLoop(), trainer).report)
