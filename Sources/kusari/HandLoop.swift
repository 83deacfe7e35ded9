// `kusari train --loop manual`: the seed training written as a hand loop, doing exactly the
// Trainer's work, so its model.npz is bit-identical to `--loop trainer`'s.
import Foundation
import Kusari

/// The correct hand-written loop. Compared with the founding user's loop it
///  1. draws batches from the iterator until `epoch` reaches `epochs` (600 updates an epoch
///     for 60,000 examples at batch 100), instead of slicing the dataset at
///     `epoch * batchsize` (one update an epoch), and
///  2. evaluates with `Evaluator.evaluate()`, which runs under `using(train: false)` and
///     `noBackprop`, instead of calling the model with dropout still in training mode.
func trainByHand<P: UnaryLink>(_ model: Classifier<P>, _ optimizer: Optimizer, _ trainIterator: any BatchIterator,
                               _ testIterator: any BatchIterator, epochs: Int, out: URL) throws {
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let record = RunRecord.start(model: model, optimizer: optimizer, iterator: trainIterator)
    let reporter = Reporter()
    reporter.addObserver("main", model)
    reporter.addObservers(prefix: "main", of: model)
    let evaluator = Evaluator(testIterator, model)
    let table = PrintReport(reportColumns)
    let start = Date()
    var summary = DictSummary()
    var log: [[String: Double]] = []
    print(table.header, terminator: "")
    while trainIterator.epoch < epochs {
        let batch = trainIterator.nextBatch()!.map { Variable($0, requiresGrad: false) }
        summary.add(reporter.scope { optimizer.update { model.loss(batch) } })
        guard trainIterator.isNewEpoch else { continue }
        optimizer.newEpoch()
        var entry = summary.mean.merging(evaluator.evaluate()) { $1 }
        entry["epoch"] = Double(trainIterator.epoch)
        entry["iteration"] = Double(optimizer.t)
        entry["elapsed_time"] = Date().timeIntervalSince(start)
        log.append(entry)
        summary = DictSummary()
        try Data(LogReport.json(log).utf8).write(to: out.appendingPathComponent("log"), options: .atomic)
        print(table.row(entry), terminator: "")
    }
    record.evaluationMode = "test"
    var results = log.last ?? [:]
    for key in ["epoch", "iteration", "elapsed_time"] { results[key] = nil }
    try record.finish(results: results, to: out.appendingPathComponent("run.json").path)
}
