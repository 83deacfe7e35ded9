// What a training run did, written to `out/run.json`, so two runs can be compared.
import Foundation

/// The facts of one training run: how much work it did, with what settings, and in which
/// mode it evaluated. The Trainer writes one to `out/run.json` at the end of every run; a
/// hand-written loop makes one with `RunRecord.start(...)` and writes it with `finish(...)`.
///
/// ```swift
/// let record = RunRecord.start(model: model, optimizer: optimizer, iterator: trainIterator)
/// // ... the training loop ...
/// try record.finish(results: ["validation/main/accuracy": accuracy], to: "result/run.json")
/// ```
public struct RunRecord: Codable, Equatable, Sendable {
    public var kusariVersion = Kusari.version
    /// Optimizer updates performed.
    public var updates: Int
    /// Examples the training iterator handed out (nil when no iterator was attached).
    public var samplesSeen: Int?
    /// Passes over the training data, with the fraction of the current one (Chainer's
    /// `epoch_detail`; nil without an iterator).
    public var epochDetail: Double?
    public var batchSize: Int?
    public var trainDatasetSize: Int?
    public var testDatasetSize: Int?
    /// The global seed (`Kusari.seed`).
    public var seed: UInt64
    public var optimizer: String
    public var hyperparameters: [String: Double]
    public var parameterCount: Int
    /// FNV-1a 64 over every parameter's name and bytes, in order, before and after training.
    public var initialWeightsHash: String
    public var finalWeightsHash: String
    /// Stochastic-function calls (dropout, batch-norm statistics) that ran with train == true
    /// while backprop was off: evaluation in the wrong mode.
    public var trainModeWithoutBackprop: Int
    /// The mode the run's own evaluations ran in ("test" for Evaluator), if it evaluated.
    public var evaluationMode: String?
    public var threads: Int
    public var elapsedTime: Double
    /// Final metrics, e.g. `validation/main/accuracy`.
    public var results: [String: Double]

    /// Starts recording: notes the seed and the mode-check counter, and hooks the optimizer to
    /// hash the initial weights at the first update (when lazy parameters exist).
    public static func start(model: Link, optimizer: Optimizer, iterator: (any BatchIterator)? = nil,
                             testDatasetSize: Int? = nil) -> Recorder {
        Recorder(model: model, optimizer: optimizer, iterator: iterator, testDatasetSize: testDatasetSize)
    }

    /// Reads a record from `path` (a `run.json` file, or an output directory holding one).
    public static func read(_ path: String) throws -> RunRecord {
        var url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            url = url.appendingPathComponent("run.json")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw RunRecordError("cannot read \(url.path): \(error.localizedDescription)")
        }
        do { return try JSONDecoder.runRecord.decode(RunRecord.self, from: data) } catch {
            throw RunRecordError("\(url.path) is not a Kusari run record: \(error)")
        }
    }

    /// The record as pretty-printed JSON with snake_case keys.
    public func json() -> Data {
        (try? JSONEncoder.runRecord.encode(self)) ?? Data()
    }

    /// Writes the record atomically.
    public func write(to path: String) throws {
        try writeFileAtomically(path, Array(json()))
    }

    /// The hash `initialWeightsHash` and `finalWeightsHash` hold.
    public static func weightsHash(_ model: Link) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ bytes: UnsafeRawBufferPointer) {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        for (name, parameter) in model.namedParams() where parameter.isInitialized {
            Array(name.utf8).withUnsafeBytes(mix)
            parameter.array.withUnsafeBytes(mix)
        }
        return String(format: "%016llx", hash)
    }
}

/// Collects a run's facts between `RunRecord.start` and `finish`.
public final class Recorder {
    let model: Link
    let optimizer: Optimizer
    let iterator: (any BatchIterator)?
    let testDatasetSize: Int?
    let startTime = Date()
    let seed = RandomState.seed
    /// The weights' hash before the first update; nil until then.
    private(set) var initialHash: String?
    /// Mode-check warnings counted in earlier processes of a resumed run, minus this
    /// process's count at the start.
    private var modeCheckOffset: Int
    /// The mode evaluation ran in ("test" under `Evaluator`), if the run evaluated.
    public var evaluationMode: String?

    init(model: Link, optimizer: Optimizer, iterator: (any BatchIterator)?, testDatasetSize: Int?) {
        self.model = model
        self.optimizer = optimizer
        self.iterator = iterator
        self.testDatasetSize = testDatasetSize
        modeCheckOffset = -TrainModeCheck.count
        optimizer.addHook(InitialWeightsHook(recorder: self), name: "run_record_initial_weights")
    }

    /// The record of the run so far.
    public func record(results: [String: Double] = [:], elapsedTime: Double? = nil) -> RunRecord {
        RunRecord(
            updates: optimizer.t,
            samplesSeen: iterator.map { Int(($0.epochDetail * Double($0.datasetCount)).rounded()) },
            epochDetail: iterator?.epochDetail,
            batchSize: iterator?.batchSize,
            trainDatasetSize: iterator?.datasetCount,
            testDatasetSize: testDatasetSize,
            seed: seed,
            optimizer: String(describing: type(of: optimizer)),
            hyperparameters: optimizer.hyperparameterSummary,
            parameterCount: model.countParams(),
            initialWeightsHash: initialHash ?? RunRecord.weightsHash(model),
            finalWeightsHash: RunRecord.weightsHash(model),
            trainModeWithoutBackprop: TrainModeCheck.count + modeCheckOffset,
            evaluationMode: evaluationMode,
            threads: Threading.threadCount,
            elapsedTime: elapsedTime ?? Date().timeIntervalSince(startTime),
            results: results)
    }

    /// Writes the record to `path` (e.g. `result/run.json`) and returns it.
    @discardableResult
    public func finish(results: [String: Double] = [:], to path: String) throws -> RunRecord {
        let record = record(results: results)
        try record.write(to: path)
        return record
    }

    fileprivate func noteInitialWeights() {
        if initialHash == nil { initialHash = RunRecord.weightsHash(model) }
    }
}

extension Recorder: Serializable {
    /// Saves or loads what a resumed run must remember: the initial weights' hash and the
    /// mode-check count so far.
    public func serialize(_ serializer: any Serializer) throws {
        var hash = initialHash ?? ""
        var count = TrainModeCheck.count + modeCheckOffset
        try serializer("initial_weights_hash", &hash)
        try serializer("train_mode_without_backprop", &count)
        if serializer.isLoading {
            initialHash = hash.isEmpty ? nil : hash
            modeCheckOffset = count - TrainModeCheck.count
        }
    }
}

/// Hashes the weights just before the first update, once lazy parameters exist. Weak: the
/// recorder holds the optimizer, and a strong reference back would keep both alive forever.
private struct InitialWeightsHook: OptimizerHook {
    weak var recorder: Recorder?
    var name: String { "run_record_initial_weights" }
    func callAsFunction(_ optimizer: Optimizer) { recorder?.noteInitialWeights() }
}

/// A run record that cannot be read.
public struct RunRecordError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension JSONEncoder {
    static var runRecord: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }
}

extension JSONDecoder {
    static var runRecord: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }
}
