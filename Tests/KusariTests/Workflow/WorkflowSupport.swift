import Foundation
import Kusari

/// A small image dataset LeNet learns in a few steps: class c is a bright 6×6 square at one
/// of ten places, on uniform noise. Examples cycle through the classes.
func squaresDataset(count: Int, seed: UInt64) -> TupleDataset {
    var stream = RandomStream(seed: seed)
    var images = stream.uniform([count, 1, 28, 28], low: 0, high: 0.3, dtype: .float32)
    let labels = (0..<count).map { Int32($0 % 10) }
    images.withUnsafeMutableBufferPointer(as: Float.self) { pixels in
        for (index, label) in labels.enumerated() {
            let top = Int(label) / 5 * 12 + 4, left = Int(label) % 5 * 5 + 2
            for row in top..<(top + 6) {
                for column in left..<(left + 6) { pixels[index * 784 + row * 28 + column] += 1 }
            }
        }
    }
    return TupleDataset(images, NDArray(labels))
}

/// What one training run produced.
struct RunOutcome {
    let weights: [String: NDArray]
    let log: [[String: Double]]
    let record: RunRecord
}

/// The Trainer run of the seed workflow on `train`/`test`: LeNet, Adam, Evaluator, LogReport.
func runTrainer(_ train: TupleDataset, _ test: TupleDataset, epochs: Int, batchSize: Int, out: String,
                snapshotEvery: Interval? = nil, resume: String? = nil) throws -> RunOutcome {
    let model = Classifier(LeNet())
    let optimizer = Adam().setup(model)
    let trainIterator = SerialIterator(train, batchSize: batchSize)
    let testIterator = SerialIterator(test, batchSize: batchSize, repeat: false, shuffle: false)
    let trainer = Trainer(StandardUpdater(iterator: trainIterator, optimizer: optimizer), stop: .epochs(Double(epochs)), out: out)
    trainer.extend(Evaluator(testIterator, model))
    let logReport = LogReport()
    trainer.extend(logReport)
    if let snapshotEvery { trainer.extend(snapshot(trigger: snapshotEvery)) }
    if let resume { try loadNPZ(resume, into: trainer) }
    try trainer.run()
    return RunOutcome(weights: weights(of: model), log: logReport.log, record: trainer.runRecord()!)
}

/// The documented hand loop doing the Trainer's work.
func runHandLoop(_ train: TupleDataset, _ test: TupleDataset, epochs: Int, batchSize: Int) -> RunOutcome {
    let model = Classifier(LeNet())
    let optimizer = Adam().setup(model)
    let trainIterator = SerialIterator(train, batchSize: batchSize)
    let testIterator = SerialIterator(test, batchSize: batchSize, repeat: false, shuffle: false)
    let recorder = RunRecord.start(model: model, optimizer: optimizer, iterator: trainIterator)
    let reporter = Reporter()
    reporter.addObserver("main", model)
    reporter.addObservers(prefix: "main", of: model)
    var summary = DictSummary()
    var log: [[String: Double]] = []
    while trainIterator.epoch < epochs {
        let batch = trainIterator.nextBatch()!.map { Variable($0, requiresGrad: false) }
        summary.add(reporter.scope { optimizer.update { model.loss(batch) } })
        guard trainIterator.isNewEpoch else { continue }
        optimizer.newEpoch()
        var entry = summary.mean.merging(Evaluator(testIterator, model).evaluate()) { $1 }
        entry["epoch"] = Double(trainIterator.epoch)
        entry["iteration"] = Double(optimizer.t)
        log.append(entry)
        summary = DictSummary()
    }
    recorder.evaluationMode = "test"
    return RunOutcome(weights: weights(of: model), log: log, record: recorder.record(results: log.last ?? [:]))
}

func weights(of model: Link) -> [String: NDArray] {
    Dictionary(uniqueKeysWithValues: model.namedParams().map { ($0.0, $0.1.array) })
}

/// Log entries without the wall-clock time, which no two runs share.
func withoutTime(_ log: [[String: Double]]) -> [[String: Double]] {
    log.map { $0.filter { $0.key != "elapsed_time" } }
}

func bitIdentical(_ a: [String: NDArray], _ b: [String: NDArray]) -> Bool {
    a.keys.sorted() == b.keys.sorted() && a.keys.allSatisfy { a[$0]!.isIdentical(to: b[$0]!) }
}
