// The shared protocol of the `lenet` and `mlp` modes: one timed training epoch through
// StandardUpdater, then a timed evaluation, as the peer scripts in /work/shared/peers measure.
import Foundation
import Kusari

/// What a training benchmark reports.
struct TrainingFigures {
    var dataset = ""
    var trainCount = 0
    var testCount = 0
    var trainEpochSeconds: [Double] = []
    var evalSeconds: [Double] = []
    var testAccuracy = 0.0
}

/// The options both training modes read: `--epochs` (default 1), `--train-samples` and
/// `--test-samples` (default: the whole split), `--batchsize` (default 100).
struct TrainingOptions {
    let epochs: Int
    let trainSamples: Int?
    let testSamples: Int?
    let batchSize: Int

    init(_ options: inout BenchOptions) throws(BenchError) {
        func positive(_ name: String) throws(BenchError) -> Int? {
            guard let text = options.take(name) else { return nil }
            guard let n = Int(text), n >= 1 else { throw BenchError("--\(name) expects a positive integer, found '\(text)'") }
            return n
        }
        epochs = try positive("epochs") ?? 1
        trainSamples = try positive("train-samples")
        testSamples = try positive("test-samples")
        batchSize = try positive("batchsize") ?? 100
    }
}

/// Fashion-MNIST when Debian's package is installed, else generated data of the same shapes
/// (so the figures still measure speed; the accuracy then means nothing). `ndim` as `getMNIST`.
func benchDataset(ndim: Int, _ options: TrainingOptions) -> (name: String, train: TupleDataset, test: TupleDataset) {
    func limited(_ data: TupleDataset, _ limit: Int?) -> TupleDataset {
        guard let limit, limit < data.count else { return data }
        return data.prefix(limit)
    }
    if FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist"),
       let data = try? getFashionMNIST(ndim: ndim, showProgress: false) {
        return ("fashion-mnist", limited(data.train, options.trainSamples), limited(data.test, options.testSamples))
    }
    func generated(_ count: Int, seed: UInt64) -> TupleDataset {
        var stream = RandomStream(seed: seed)
        let imageShape = ndim == 1 ? [784] : ndim == 2 ? [28, 28] : [1, 28, 28]
        return TupleDataset(stream.uniform([count] + imageShape), stream.randint([count], low: 0, high: 10, dtype: .int32))
    }
    return ("generated", generated(options.trainSamples ?? 60000, seed: 1), generated(options.testSamples ?? 10000, seed: 2))
}

/// Trains `predictor` (seed 0, Adam with Chainer's defaults) for `options.epochs` epochs,
/// timing each epoch of `StandardUpdater.update()` calls and each evaluation pass.
func runTrainingBench<P: UnaryLink>(_ predictor: P, ndim: Int, _ options: TrainingOptions) -> TrainingFigures {
    seed(0)
    let data = benchDataset(ndim: ndim, options)
    let model = Classifier(predictor)
    let optimizer = Adam().setup(model)
    let trainIterator = SerialIterator(data.train, batchSize: options.batchSize)
    let testIterator = SerialIterator(data.test, batchSize: options.batchSize, repeat: false, shuffle: false)
    let updater = StandardUpdater(iterator: trainIterator, optimizer: optimizer)
    let evaluator = Evaluator(testIterator, model)
    var figures = TrainingFigures(dataset: data.name, trainCount: data.train.count, testCount: data.test.count)
    for epoch in 0..<options.epochs {
        let start = DispatchTime.now().uptimeNanoseconds
        while updater.epoch == epoch { updater.update() }
        figures.trainEpochSeconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        let evalStart = DispatchTime.now().uptimeNanoseconds
        let result = evaluator.evaluate()
        figures.evalSeconds.append(Double(DispatchTime.now().uptimeNanoseconds - evalStart) / 1e9)
        figures.testAccuracy = result["validation/main/accuracy"] ?? .nan
    }
    return figures
}

/// Peak resident set size of this process in MiB (getrusage's ru_maxrss, KiB on Linux).
func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Prints the JSON line of a training benchmark; `trainFlops` and `evalFlops` are the
/// analytic FLOPs per sample (a multiply-add counts two).
func printTrainingFigures(_ op: String, _ figures: TrainingFigures, trainFlops: Double, evalFlops: Double) {
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    func rounded(_ value: Double, _ digits: Double = 1000) -> Double { (value * digits).rounded() / digits }
    let train = median(figures.trainEpochSeconds), eval = median(figures.evalSeconds)
    let gflops = trainFlops * Double(figures.trainCount) / train / 1e9
    let evalGflops = evalFlops * Double(figures.testCount) / eval / 1e9
    print("{\"op\":\"\(op)\",\"threads\":\(Threading.threadCount),\"dataset\":\"\(figures.dataset)\","
          + "\"train_samples\":\(figures.trainCount),\"test_samples\":\(figures.testCount),"
          + "\"train_epoch_s\":\(rounded(train)),\"eval_s\":\(rounded(eval)),"
          + "\"gflops\":\(rounded(gflops, 100)),\"eval_gflops\":\(rounded(evalGflops, 100)),"
          + "\"peak_rss_mib\":\(rounded(peakRSSMiB(), 10)),\"test_accuracy\":\(rounded(figures.testAccuracy, 10000))}")
}
