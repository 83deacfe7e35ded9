// The seed program as a correct hand-written loop. It does the Trainer's exact work, so its
// weights, losses and accuracies are bit-identical to seed-trainer's.
//
//     swift run -c release seed-hand-loop [EPOCHS] [TRAIN_SAMPLES]
//
// The founding user's loop had two mistakes, both fixed here:
//  1. It sliced the dataset at `epoch * batchsize` once per epoch: one update an epoch
//     (60 in all) where the Trainer made 600 an epoch (3,600). Here every batch of every epoch
//     comes from the iterator, and the loop runs until `trainIterator.epoch` reaches `epochs`.
//  2. It evaluated by calling the model directly, so dropout still dropped (train mode).
//     Here evaluation runs under `using(train: false)` and `noBackprop`, as Evaluator does.
import Foundation
import Kusari

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let epochs = arguments.first ?? 1
let trainSamples = arguments.dropFirst().first

seed(0)
let (train, test) = try getFashionMNIST(ndim: 3)
let trainData = trainSamples.map { train.prefix($0) } ?? train

// Created in the same order as in seed-trainer, so they draw the same random streams.
let model = Classifier(LeNet())
let optimizer = Adam().setup(model)
let trainIterator = SerialIterator(trainData, batchSize: 100)
let testIterator = SerialIterator(test, batchSize: 100, repeat: false, shuffle: false)
let record = RunRecord.start(model: model, optimizer: optimizer, iterator: trainIterator)

/// Test-mode loss and accuracy, weighted by batch size.
@MainActor func evaluate() -> (loss: Double, accuracy: Double) {
    var lossSum = 0.0, correct = 0.0, count = 0.0
    testIterator.reset()
    using(train: false) {
        noBackprop {
            while let batch = testIterator.nextBatch() {
                let (x, t) = (Variable(batch[0], requiresGrad: false), Variable(batch[1], requiresGrad: false))
                let y = model.predictor(x)
                let n = Double(batch[0].shape[0])
                lossSum += F.softmaxCrossEntropy(y, t).array.item * n
                correct += F.accuracy(y, t).array.item * n
                count += n
            }
        }
    }
    return (lossSum / count, correct / count)
}

var accuracy = 0.0
while trainIterator.epoch < epochs {
    let batch = trainIterator.nextBatch()!.map { Variable($0, requiresGrad: false) }
    optimizer.update { model(batch[0], batch[1]) }
    if trainIterator.isNewEpoch {
        optimizer.newEpoch()
        let result = evaluate()
        accuracy = result.accuracy
        print("epoch \(trainIterator.epoch)  updates \(optimizer.t)  validation loss \(result.loss)  accuracy \(result.accuracy)")
    }
}
try FileManager.default.createDirectory(atPath: "result-hand-loop", withIntermediateDirectories: true)
record.evaluationMode = "test"
try record.finish(results: ["validation/main/accuracy": accuracy], to: "result-hand-loop/run.json")
try saveNPZ("result-hand-loop/model.npz", model)
