// `kusari train`: the seed workflow, with the Trainer or with the equivalent hand loop.
import Foundation
import Kusari

struct TrainOptions {
    var dataset: DatasetName?
    var model = ModelName.lenet
    var epochs = 20
    var batchSize = 100
    var optimizer = OptimizerName.adam
    var lr: Double?
    var seed: UInt64 = 0
    var threads: Int?
    var out = "result"
    var resume: String?
    var loop = "trainer"
    var trainSamples: Int?
    var testSamples: Int?
    var progress = true

    static let usage = """
        kusari train [--dataset mnist|fashion-mnist] [--model lenet|mlp] [--epochs N] [--batchsize N]
                     [--optimizer adam|sgd|momentum-sgd|nesterov|adagrad|rmsprop|adadelta] [--lr X]
                     [--seed N] [--threads N] [--out DIR] [--resume SNAPSHOT] [--loop trainer|manual]
                     [--train-samples N] [--test-samples N] [--no-progress]
        """

    init(_ words: [String]) throws(UsageError) {
        var arguments = try Arguments(words, command: "train", flagNames: ["no-progress"])
        if let name = try arguments.choice("dataset", DatasetName.allCases.map(\.rawValue)) { dataset = DatasetName(rawValue: name) }
        if let name = try arguments.choice("model", ModelName.allCases.map(\.rawValue)) { model = ModelName(rawValue: name)! }
        epochs = try arguments.integer("epochs") ?? epochs
        batchSize = try arguments.integer("batchsize") ?? batchSize
        if let name = try arguments.choice("optimizer", OptimizerName.allCases.map(\.rawValue)) { optimizer = OptimizerName(rawValue: name)! }
        lr = try arguments.positiveNumber("lr")
        seed = UInt64(try arguments.integer("seed", minimum: 0) ?? 0)
        threads = try arguments.integer("threads")
        out = arguments.string("out") ?? out
        resume = arguments.string("resume")
        loop = try arguments.choice("loop", ["trainer", "manual"]) ?? loop
        trainSamples = try arguments.integer("train-samples")
        testSamples = try arguments.integer("test-samples")
        progress = !arguments.flag("no-progress")
        try arguments.finish(positionalNames: [])
        if resume != nil && loop == "manual" {
            throw UsageError("train: --resume works with --loop trainer (the hand loop keeps no snapshot)")
        }
    }
}

/// Runs `kusari train`.
func train(_ words: [String]) throws {
    let options = try TrainOptions(words)
    if let threads = options.threads { Threading.threadCount = threads }
    if let resume = options.resume, !FileManager.default.fileExists(atPath: resume) {
        throw UsageError("train: no snapshot at \(resume); pass a file written by a previous run (e.g. result/snapshot_iter_600)")
    }
    let (datasetName, data) = try options.dataset.map { ($0, try $0.load(ndim: options.model.imageNDim)) }
        ?? DatasetName.loadDefault(ndim: options.model.imageNDim)
    let trainData = prefix(data.train, options.trainSamples), testData = prefix(data.test, options.testSamples)
    standardError("Training \(options.model.rawValue) on \(datasetName.rawValue): \(trainData.count) training and "
        + "\(testData.count) test examples, \(options.epochs) epoch\(options.epochs == 1 ? "" : "s") of batch \(options.batchSize), "
        + "\(options.optimizer.rawValue), seed \(options.seed), \(Threading.threadCount) threads, \(options.loop) loop.")
    switch options.model {
    case .lenet: try run(LeNet.self, { LeNet() }, options, trainData, testData)
    case .mlp: try run(MLP.self, { MLP() }, options, trainData, testData)
    }
}

private func run<P: UnaryLink>(_: P.Type, _ makePredictor: () -> P, _ options: TrainOptions,
                               _ trainData: TupleDataset, _ testData: TupleDataset) throws {
    seed(options.seed)
    let model = Classifier(makePredictor())
    let optimizer = try options.optimizer.make(lr: options.lr).setup(model)
    let trainIterator = SerialIterator(trainData, batchSize: options.batchSize)
    let testIterator = SerialIterator(testData, batchSize: options.batchSize, repeat: false, shuffle: false)
    let out = URL(fileURLWithPath: options.out)
    if options.loop == "trainer" {
        try trainWithTrainer(model, optimizer, trainIterator, testIterator, options)
    } else {
        try trainByHand(model, optimizer, trainIterator, testIterator, epochs: options.epochs, out: out)
    }
    try saveNPZ(out.appendingPathComponent("model.npz").path, model)
    standardError("Wrote \(out.path)/model.npz, log and run.json" + (options.loop == "trainer" ? ", snapshots and plots." : "."))
}

/// The columns of the table `train` prints.
let reportColumns = ["epoch", "main/loss", "validation/main/loss", "main/accuracy", "validation/main/accuracy", "elapsed_time"]

private func trainWithTrainer<P: UnaryLink>(_ model: Classifier<P>, _ optimizer: Optimizer, _ trainIterator: any BatchIterator,
                                            _ testIterator: any BatchIterator, _ options: TrainOptions) throws {
    let updater = StandardUpdater(iterator: trainIterator, optimizer: optimizer)
    let trainer = Trainer(updater, stop: .epochs(Double(options.epochs)), out: options.out)
    trainer.extend(Evaluator(testIterator, model))
    trainer.extend(LogReport())
    trainer.extend(PrintReport(reportColumns))
    trainer.extend(snapshot(nRetains: 2))
    trainer.extend(PlotReport(["main/loss", "validation/main/loss"], xKey: "epoch", filename: "loss.svg"))
    trainer.extend(PlotReport(["main/accuracy", "validation/main/accuracy"], xKey: "epoch", filename: "accuracy.svg"))
    if options.progress { trainer.extend(ProgressBar()) }
    if let resume = options.resume { try loadNPZ(resume, into: trainer) }
    try trainer.run()
}
