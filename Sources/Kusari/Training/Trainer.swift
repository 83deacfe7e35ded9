// Chainer's `training.Trainer`: runs the updater until a stop trigger fires, with extensions.
import Foundation

/// Drives training: repeats `updater.update()` until `stop` is reached, running each
/// extension when its trigger fires, all inside a reporter scope whose observation the
/// extensions read (`main/loss`, `validation/main/accuracy`, ...).
public final class Trainer {
    public let updater: Updater
    /// The output directory for logs, snapshots and plots. Chainer: `out`.
    public let out: URL
    /// The reporter; observers are the optimizers' targets under the optimizers' names.
    public let reporter = Reporter()
    /// The stopping point. Chainer: `stop_trigger`.
    public let stop: Interval
    private let stopTrigger: Trigger
    private var entries: [Entry] = []
    /// Records the run's facts; written to `out/run.json` when `run()` ends.
    public let recorder: Recorder?
    private var startTime: Date?
    private var elapsedBeforeStart = 0.0

    struct Entry {
        let name: String
        let `extension`: Extension
        let trigger: Trigger
        let priority: Int
    }

    /// A trainer that runs `updater` until `stop`, writing into `out` (Chainer's default `result`).
    public init(_ updater: Updater, stop: Interval, out: String = "result") {
        self.updater = updater
        self.stop = stop
        self.out = URL(fileURLWithPath: out)
        stopTrigger = StopTrigger(stop)
        recorder = Trainer.makeRecorder(updater)
    }

    /// A trainer whose stop is decided by any trigger (e.g. `EarlyStoppingTrigger`), with
    /// `stop` as the planned length that progress displays use.
    public init(_ updater: Updater, stopTrigger: Trigger, plannedLength: Interval, out: String = "result") {
        self.updater = updater
        stop = plannedLength
        self.out = URL(fileURLWithPath: out)
        self.stopTrigger = stopTrigger
        recorder = Trainer.makeRecorder(updater)
    }

    private static func makeRecorder(_ updater: Updater) -> Recorder? {
        guard let optimizer = updater.optimizers["main"], let model = optimizer.target else { return nil }
        return RunRecord.start(model: model, optimizer: optimizer, iterator: updater.iterators["main"])
    }

    private var lastObservation: [String: Observed] = [:]
    private var inIteration = false

    /// The observation of the current iteration; between iterations (where the stop trigger
    /// runs), that of the last one, as in Chainer.
    public var observation: [String: Observed] { inIteration ? reporter.observation : lastObservation }

    /// Seconds spent in `run`, including the runs before a resume. Chainer: `elapsed_time`.
    public var elapsedTime: Double {
        elapsedBeforeStart + (startTime.map { Date().timeIntervalSince($0) } ?? 0)
    }

    /// The registered extensions by name, in the order they run.
    public var extensions: [(name: String, extension: Extension)] { ordered.map { ($0.name, $0.extension) } }

    /// Registers `extension`. The name defaults to its `defaultName` (with `_1`, `_2`, ...
    /// added when taken), the trigger and priority to its own. Chainer: `Trainer.extend`.
    public func extend(_ extension: Extension, name: String? = nil, trigger: Interval? = nil, priority: Int? = nil) {
        let base = name ?? `extension`.defaultName
        var unique = base
        var suffix = 0
        while entries.contains(where: { $0.name == unique }) {
            suffix += 1
            unique = "\(base)_\(suffix)"
        }
        entries.append(Entry(name: unique, extension: `extension`,
                             trigger: IntervalTrigger(trigger ?? `extension`.trigger),
                             priority: priority ?? `extension`.priority))
    }

    /// Registers an extension with a custom trigger object (e.g. `MinValueTrigger`).
    public func extend(_ extension: Extension, name: String? = nil, trigger: Trigger, priority: Int? = nil) {
        extend(`extension`, name: name, priority: priority)
        let last = entries.removeLast()
        entries.append(Entry(name: last.name, extension: last.extension, trigger: trigger, priority: last.priority))
    }

    private var ordered: [Entry] {
        // Stable: equal priorities keep the order they were added in.
        entries.enumerated().sorted { ($0.element.priority, -$0.offset) > ($1.element.priority, -$1.offset) }.map(\.element)
    }

    /// Trains until the stop trigger fires. Throws if the output directory cannot be written
    /// (before any training) or if an extension throws (e.g. `FailOnNonNumber`).
    public func run() throws {
        try checkOutputDirectory()
        for (name, optimizer) in updater.optimizers {
            guard let target = optimizer.target else { continue }
            reporter.addObserver(name, target)
            reporter.addObservers(prefix: name, of: target)
        }
        updater.connect(self)
        let order = ordered
        for entry in order { try entry.extension.initialize(self) }
        startTime = Date()
        defer {
            elapsedBeforeStart = elapsedTime
            startTime = nil
            for entry in order { entry.extension.finalize(self) }
            updater.finalize()
        }
        defer { try? writeRunRecord() }
        while !stopTrigger(self) {
            inIteration = true
            defer { inIteration = false }
            lastObservation = try reporter.scope {
                updater.update()
                for entry in order where entry.trigger(self) {
                    try entry.extension(self)
                }
            }
        }
    }

    /// The run's record: its facts, the evaluation mode, and the last LogReport entry's means.
    public func runRecord() -> RunRecord? {
        guard let recorder else { return nil }
        let evaluators = entries.compactMap { $0.extension as? Evaluator }
        recorder.evaluationMode = evaluators.isEmpty ? nil : "test"
        var results = entries.compactMap { ($0.extension as? LogReport)?.log.last }.first ?? [:]
        for key in ["epoch", "iteration", "elapsed_time"] { results[key] = nil }
        var record = recorder.record(results: results, elapsedTime: elapsedTime)
        record.testDatasetSize = evaluators.first?.iterator.datasetCount
        return record
    }

    private func writeRunRecord() throws {
        try runRecord()?.write(to: out.appendingPathComponent("run.json").path)
    }

    /// Creates `out` and proves it writable, so a bad `--out` fails before hours of training.
    private func checkOutputDirectory() throws {
        let probe = out.appendingPathComponent(".kusari-write-check-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: probe) }
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try Data("ok".utf8).write(to: probe)
        } catch {
            throw TrainingError.outputNotWritable(path: out.path, reason: error.localizedDescription)
        }
    }
}

extension Trainer: Serializable {
    /// Saves or loads the updater, every extension and trigger, the global random state
    /// (dropout streams) and the elapsed time, so a resumed run continues exactly. Keys as Chainer's: `updater/...`, `extensions/NAME/...`,
    /// `extension_triggers/NAME/...`.
    public func serialize(_ serializer: any Serializer) throws {
        try updater.serialize(serializer["updater"])
        try stopTrigger.serialize(serializer["stop_trigger"])
        try RandomStateSnapshot().serialize(serializer["random_state"])
        try recorder?.serialize(serializer["run_record"])
        let extensionStates = serializer["extensions"], triggerStates = serializer["extension_triggers"]
        for entry in entries {
            try entry.extension.serialize(extensionStates[entry.name])
            try entry.trigger.serialize(triggerStates[entry.name])
        }
        var elapsed = elapsedTime
        try serializer("_snapshot_elapsed_time", &elapsed)
        if startTime == nil { elapsedBeforeStart = elapsed }
    }
}

/// Training failures that are not programming errors.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    case outputNotWritable(path: String, reason: String)
    case nonFinite(String)
    case badState(String)

    public var description: String {
        switch self {
        case let .outputNotWritable(path, reason):
            "cannot write to the output directory \(path): \(reason). Choose another with --out or fix its permissions."
        case let .nonFinite(message): message
        case let .badState(message): "cannot restore training state: \(message)"
        }
    }
}
