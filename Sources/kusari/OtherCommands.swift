// `kusari evaluate`, `predict`, `inspect` and `compare`.
import Foundation
import Kusari

/// `kusari evaluate MODEL.npz --model lenet|mlp [--dataset ...] [--batchsize N] [--test-samples N]`:
/// test-mode loss and accuracy.
func evaluate(_ words: [String]) throws {
    var arguments = try Arguments(words, command: "evaluate", flagNames: [])
    let model = ModelName(rawValue: try arguments.choice("model", ModelName.allCases.map(\.rawValue)) ?? "lenet")!
    let dataset = try arguments.choice("dataset", DatasetName.allCases.map(\.rawValue)).flatMap(DatasetName.init)
    let batchSize = try arguments.integer("batchsize") ?? 100
    let samples = try arguments.integer("test-samples")
    try arguments.finish(positionalNames: ["MODEL.npz"])
    let data = try dataset.map { try $0.load(ndim: model.imageNDim) } ?? DatasetName.loadDefault(ndim: model.imageNDim).data
    let test = prefix(data.test, samples)
    func run<P: UnaryLink>(_ predictor: P) throws -> [String: Double] {
        try loadPredictor(predictor, from: arguments.positional[0])
        let iterator = SerialIterator(test, batchSize: batchSize, repeat: false, shuffle: false)
        return Evaluator(iterator, Classifier(predictor)).evaluate()
    }
    let result = try model == .lenet ? run(LeNet()) : run(MLP())
    print("examples: \(test.count)")
    for (key, value) in result.sorted(by: { $0.key < $1.key }) { print("\(key): \(value)") }
}

/// `kusari predict MODEL.npz --model lenet|mlp --input X.npz [--key x] --output Y.npz`:
/// the model's outputs in test mode, saved under key `y`.
func predict(_ words: [String]) throws {
    var arguments = try Arguments(words, command: "predict", flagNames: [])
    let model = ModelName(rawValue: try arguments.choice("model", ModelName.allCases.map(\.rawValue)) ?? "lenet")!
    guard let input = arguments.string("input") else { throw UsageError("predict: --input X.npz is required") }
    guard let output = arguments.string("output") else { throw UsageError("predict: --output Y.npz is required") }
    let key = arguments.string("key") ?? "x"
    try arguments.finish(positionalNames: ["MODEL.npz"])
    let x = try readInput(input, key: key)
    func run<P: UnaryLink>(_ predictor: P) throws -> NDArray {
        try loadPredictor(predictor, from: arguments.positional[0])
        let expected = model == .lenet ? [1, 28, 28] : [784]
        guard x.ndim == expected.count + 1, Array(x.shape.dropFirst()) == expected, x.dtype.isFloatingPoint else {
            throw UsageError("predict: --model \(model.rawValue) reads float arrays of shape (N, "
                + expected.map(String.init).joined(separator: ", ") + "), got \(x.dtype) \(NDArray.format(x.shape))")
        }
        return using(train: false) { noBackprop { predictor(Variable(x.astype(.float32), requiresGrad: false)).array } }
    }
    let y = try model == .lenet ? run(LeNet()) : run(MLP())
    try NPZ.write(output, ["y": y])
    print("wrote \(output): y \(y.dtype) \(NDArray.format(y.shape))")
}

/// `kusari inspect FILE.npz`: every key with its dtype, shape and size.
func inspect(_ words: [String]) throws {
    let arguments = try Arguments(words, command: "inspect", flagNames: [])
    try arguments.finish(positionalNames: ["FILE.npz"])
    let values: [String: NPYValue]
    do { values = try NPZ.readValues(arguments.positional[0]) } catch { throw UsageError("inspect: \(error)") }
    var total = 0
    for key in values.keys.sorted() {
        switch values[key]! {
        case .array(let array):
            total += array.count
            print("\(key)  \(array.dtype)  \(NDArray.format(array.shape))  \(array.count)")
        case .string(let text):
            print("\(key)  str  \(text.debugDescription)")
        }
    }
    print("\(values.count) arrays, \(total) elements")
}

/// `kusari compare RUN_A RUN_B`: why two runs' results may differ. Exit 0 when the work was
/// the same, 1 when it differed.
func compare(_ words: [String]) throws -> Int32 {
    let arguments = try Arguments(words, command: "compare", flagNames: [])
    try arguments.finish(positionalNames: ["RUN_A", "RUN_B"])
    let records: [RunRecord]
    do { records = try arguments.positional.map(RunRecord.read) } catch { throw UsageError("compare: \(error)") }
    let comparison = RunComparison(records[0], records[1])
    print("A: \(arguments.positional[0])\nB: \(arguments.positional[1])")
    print(comparison.report)
    return comparison.sameWork ? 0 : 1
}
