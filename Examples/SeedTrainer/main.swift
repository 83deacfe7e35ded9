// The seed program with the Trainer: LeNet on Fashion-MNIST, Adam, batch 100.
//
//     swift run -c release seed-trainer [EPOCHS] [TRAIN_SAMPLES]
//
// Chainer's version: ../shared/peers/chainer_lenet.py (default path).
import Foundation
import Kusari

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let epochs = arguments.first ?? 1
let trainSamples = arguments.dropFirst().first

seed(0)
let (train, test) = try getFashionMNIST(ndim: 3)
let trainData = trainSamples.map { train.prefix($0) } ?? train

let model = Classifier(LeNet())
let optimizer = Adam().setup(model)
let trainIterator = SerialIterator(trainData, batchSize: 100)
let testIterator = SerialIterator(test, batchSize: 100, repeat: false, shuffle: false)

let updater = StandardUpdater(iterator: trainIterator, optimizer: optimizer)
let trainer = Trainer(updater, stop: .epochs(Double(epochs)), out: "result-trainer")
// Evaluator runs the model under using(train: false) and noBackprop: dropout is off.
trainer.extend(Evaluator(testIterator, model))
trainer.extend(LogReport())
trainer.extend(PrintReport(["epoch", "main/loss", "validation/main/loss", "main/accuracy", "validation/main/accuracy", "elapsed_time"]))
try trainer.run()
try saveNPZ("result-trainer/model.npz", model)
