// Chainer's `extensions.ParameterStatistics`: summaries of parameter values and gradients.

/// Computes statistics of every parameter's data and gradient each time it runs (every
/// iteration by default), and reports their means over each period of `trigger` under
/// `PREFIX/LINK/PARAM/data|grad/STATISTIC` (`main/predictor/conv1/W/data/mean`); a statistic
/// with several values gets `/0`, `/1`, ... appended.
///
/// LINK is the link's name in its parent, found in the optimizers' targets when training
/// starts (`predictor` for `model.predictor`); an optimizer's target itself is named after
/// the optimizer (`main`, where Chainer writes `None`), and a link found nowhere after its
/// type. Parameters not yet initialized, and gradients not yet computed, are skipped.
///
/// Chainer: `ParameterStatistics(links, statistics=default_statistics, report_params=True,
/// report_grads=True, prefix=None, trigger=(1, 'epoch'))`, priority writer; the defaults
/// are `mean`, `std`, `min`, `max`, `zeros` and `percentile`.
public final class ParameterStatistics: Extension {
    /// A named statistic of a parameter's elements (flattened, as float64).
    public struct Statistic: Sendable {
        public let name: String
        public let compute: @Sendable ([Double]) -> [Double]

        /// A statistic returning one value (reported under `name`) or several (`name/0`, ...).
        public init(_ name: String, _ compute: @escaping @Sendable ([Double]) -> [Double]) {
            self.name = name
            self.compute = compute
        }

        /// The arithmetic mean (NaN for no elements).
        public static let mean = Statistic("mean") { [$0.reduce(0, +) / Double($0.count)] }
        /// The population standard deviation, NumPy's `std` (ddof 0).
        public static let std = Statistic("std") { x in
            let mean = x.reduce(0, +) / Double(x.count)
            return [(x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)).squareRoot()]
        }
        public static let min = Statistic("min") { [$0.min() ?? .nan] }
        public static let max = Statistic("max") { [$0.max() ?? .nan] }
        /// The number of elements equal to zero.
        public static let zeros = Statistic("zeros") { [Double($0.count { $0 == 0 })] }
        /// The percentiles at the normal distribution's −3σ … +3σ (0.13, 2.28, 15.87, 50,
        /// 84.13, 97.72, 99.87), interpolated linearly as NumPy's `percentile`.
        public static let percentile = Statistic("percentile") { x in
            let sorted = x.sorted()
            return [0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87].map { percentileOfSorted(sorted, $0) }
        }
        /// Chainer's `default_statistics`.
        public static let defaults: [Statistic] = [.mean, .std, .min, .max, .zeros, .percentile]
    }

    public let links: [Link]
    public let statistics: [Statistic]
    public let prefix: String?
    public var priority: Int { ExtensionPriority.writer }
    public var defaultName: String { "parameter_statistics" }
    private let attributes: [(name: String, read: (Parameter) -> NDArray?)]
    private let reportTrigger: IntervalTrigger
    private var summary = DictSummary()
    private var linkNames: [String] = []

    public init(_ links: [Link], statistics: [Statistic] = Statistic.defaults, reportParams: Bool = true,
                reportGrads: Bool = true, prefix: String? = nil, trigger: Interval = .epochs(1)) {
        self.links = links
        self.statistics = statistics
        self.prefix = prefix
        var attributes: [(String, (Parameter) -> NDArray?)] = []
        if reportParams { attributes.append(("data", { $0.isInitialized ? $0.array : nil })) }
        if reportGrads { attributes.append(("grad", { $0.grad })) }
        self.attributes = attributes
        reportTrigger = IntervalTrigger(trigger)
    }

    public func initialize(_ trainer: Trainer) throws {
        let roots = trainer.updater.optimizers.sorted { $0.key < $1.key }.compactMap { name, optimizer in
            optimizer.target.map { (name, $0) }
        }
        linkNames = links.map { link in
            for (optimizerName, root) in roots {
                guard let path = root.namedLinks().first(where: { $0.1 === link })?.0 else { continue }
                return path == "/" ? optimizerName : String(path.split(separator: "/").last!)
            }
            return String(describing: type(of: link))
        }
    }

    public func callAsFunction(_ trainer: Trainer) throws {
        summary.add(collect().mapValues { Observed($0) })
        guard reportTrigger(trainer) else { return }
        trainer.reporter.report(summary.mean.mapValues { Observed($0) })
        summary = DictSummary()
    }

    /// This iteration's statistics by report key.
    func collect() -> [String: Double] {
        var result: [String: Double] = [:]
        let head = prefix.map { $0 + "/" } ?? ""
        for (link, linkName) in zip(links, linkNames) {
            for (paramName, param) in link.namedParams() {
                for (attribute, read) in attributes {
                    guard let array = read(param) else { continue }
                    let values = array.astype(.float64).toArray(as: Double.self)
                    for statistic in statistics {
                        let key = head + linkName + paramName + "/" + attribute + "/" + statistic.name
                        let computed = statistic.compute(values)
                        if computed.count == 1 {
                            result[key] = computed[0]
                        } else {
                            for (i, value) in computed.enumerated() { result[key + "/\(i)"] = value }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Saves or loads the period trigger and the running summary.
    public func serialize(_ serializer: any Serializer) throws {
        try reportTrigger.serialize(serializer["_trigger"])
        try summary.serialize(serializer["_summary"])
    }
}

/// The `q`-th percentile (0…100) of ascending `sorted`, by linear interpolation between the
/// closest ranks (NumPy's default method); NaN when empty.
func percentileOfSorted(_ sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let position = q / 100 * Double(sorted.count - 1)
    let low = Int(position.rounded(.down)), high = Swift.min(low + 1, sorted.count - 1)
    return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
}
