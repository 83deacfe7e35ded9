// Chainer's `extensions.PlotReport`: a chart of observed values over training.
import Foundation

/// Accumulates the observed `keys` every iteration and, when its trigger fires, adds their
/// weighted means over the period as points at x = `xKey` (`epoch` or `iteration`, or any
/// observed key), then redraws `out/filename` with one line per key, atomically.
///
/// Chainer draws with matplotlib into a PNG; Kusari writes SVG (axes with ticks, grid,
/// `x` markers, legend), which needs no plotting library and opens in any browser.
/// Chainer: `PlotReport(y_keys, x_key='iteration', trigger=(1, 'epoch'),
/// filename='plot.png', marker='x', grid=True)`; here the file name defaults to `plot.svg`.
public final class PlotReport: Extension {
    public let keys: [String]
    public let xKey: String
    public let filename: String
    private let plotTrigger: IntervalTrigger
    private var summary = DictSummary()
    /// The points so far by key, as (x, y).
    public private(set) var data: [String: [(x: Double, y: Double)]] = [:]

    public init(_ keys: [String], xKey: String = "iteration", trigger: Interval = .epochs(1), filename: String = "plot.svg") {
        self.keys = keys
        self.xKey = xKey
        self.filename = filename
        plotTrigger = IntervalTrigger(trigger)
    }

    public func callAsFunction(_ trainer: Trainer) throws {
        summary.add(trainer.observation.filter { keys.contains($0.key) || $0.key == xKey })
        guard plotTrigger(trainer) else { return }
        var stats = summary.mean
        summary = DictSummary()
        stats["epoch"] = Double(trainer.updater.epoch)
        stats["iteration"] = Double(trainer.updater.iteration)
        guard let x = stats[xKey] else { return }
        for key in keys { if let y = stats[key] { data[key, default: []].append((x, y)) } }
        guard data.values.contains(where: { !$0.isEmpty }) else { return }
        let chart = SVGLineChart(xLabel: xKey, series: keys.map { ($0, data[$0] ?? []) })
        try writeFileAtomically(trainer.out.appendingPathComponent(filename).path, Array(chart.render().utf8))
    }

    /// Saves or loads the points as Chainer does (`_plot_FILENAME`, a JSON object of
    /// `[x, y]` lists by key), with the period trigger and summary.
    public func serialize(_ serializer: any Serializer) throws {
        try plotTrigger.serialize(serializer["_trigger"])
        try summary.serialize(serializer["_summary"])
        var text = "{" + data.keys.sorted().map { key in
            JSON.quote(key) + ": [" + data[key]!.map { "[\(JSON.number($0.x)), \(JSON.number($0.y))]" }.joined(separator: ", ") + "]"
        }.joined(separator: ", ") + "}"
        try serializer("_plot_" + filename, &text)
        data = try Self.parsePoints(text, key: "_plot_" + filename)
    }

    /// Reads `{"key": [[x, y], ...], ...}` (non-finite values as Python writes them).
    static func parsePoints(_ text: String, key: String) throws -> [String: [(x: Double, y: Double)]] {
        let bad = TrainingError.badState("\(key) must be a JSON object of [x, y] lists, found \(text.prefix(80))")
        guard let object = JSON.parse(text) as? [String: [[Any]]] else { throw bad }
        return try object.mapValues { points in
            try points.map { point in
                let numbers = point.compactMap(JSON.double)
                guard numbers.count == 2, point.count == 2 else { throw bad }
                return (numbers[0], numbers[1])
            }
        }
    }
}
