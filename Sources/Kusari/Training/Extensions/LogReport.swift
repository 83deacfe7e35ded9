// Chainer's `extensions.LogReport`: means of the observations, appended to `out/log`.
import Foundation

/// Accumulates observations every iteration and, when its trigger fires, appends their
/// weighted means with `epoch`, `iteration` and `elapsed_time` to the log and writes the log
/// as a JSON array to `out/log` (Chainer's format, indent 4), atomically.
///
/// Defaults as Chainer: every epoch, all keys, file name `log`.
public final class LogReport: Extension {
    public let keys: [String]?
    public let filename: String?
    private let logTrigger: IntervalTrigger
    private var summary = DictSummary()
    /// The entries so far.
    public private(set) var log: [[String: Double]] = []

    public init(keys: [String]? = nil, trigger: Interval = .epochs(1), filename: String? = "log") {
        self.keys = keys
        self.filename = filename
        logTrigger = IntervalTrigger(trigger)
    }

    public func callAsFunction(_ trainer: Trainer) throws {
        let observation = keys.map { keys in trainer.observation.filter { keys.contains($0.key) } } ?? trainer.observation
        summary.add(observation)
        guard logTrigger(trainer) else { return }
        var entry = summary.mean
        entry["epoch"] = Double(trainer.updater.epoch)
        entry["iteration"] = Double(trainer.updater.iteration)
        entry["elapsed_time"] = trainer.elapsedTime
        log.append(entry)
        summary = DictSummary()
        if let filename {
            try writeFileAtomically(trainer.out.appendingPathComponent(filename).path, Array(LogReport.json(log).utf8))
        }
    }

    /// The log as Chainer writes it: a JSON array of objects, indent 4, keys sorted,
    /// `epoch` and `iteration` as integers.
    public static func json(_ log: [[String: Double]]) -> String {
        if log.isEmpty { return "[]" }
        let entries = log.map { entry in
            let fields = entry.keys.sorted().map { key in
                "        \(JSON.quote(key)): \(JSON.number(entry[key]!, integer: key == "epoch" || key == "iteration"))"
            }
            return "    {\n" + fields.joined(separator: ",\n") + "\n    }"
        }
        return "[\n" + entries.joined(separator: ",\n") + "\n]"
    }

    public func serialize(_ serializer: any Serializer) throws {
        try logTrigger.serialize(serializer["_trigger"])
        try summary.serialize(serializer["_summary"])
        var text = LogReport.json(log)
        try serializer("_log", &text)
        if serializer.isLoading { log = try JSON.parseLog(text) }
    }
}
