// Chainer's `chainer.reporter`: named observations collected while a model runs.
import Foundation

/// One reported value with the number of samples it stands for.
public struct Observed: Sendable, Equatable {
    public var value: Double
    /// The weight of this value in means over a period (the batch size, usually).
    public var weight: Double

    public init(_ value: Double, weight: Double = 1) {
        self.value = value
        self.weight = weight
    }
}

/// Collects observations under names prefixed by their observer's name (`main/loss`).
///
/// The reporter in scope is task-local: `reporter.scope { ... }` makes it current, and
/// `report(_:observer:)` writes into it. Outside any scope, reports are dropped, as in Chainer.
/// A reporter is used by one training loop at a time (hence unchecked Sendable).
public final class Reporter: @unchecked Sendable {
    @TaskLocal static var currentValue: Reporter?

    /// The observations of the current scope.
    public private(set) var observation: [String: Observed] = [:]
    private var observerNames: [ObjectIdentifier: String] = [:]

    public init() {}

    /// The reporter in scope, if any. Chainer: `chainer.get_current_reporter()`.
    public static var current: Reporter? { currentValue }

    /// Names `observer`; its reports are stored under `name/key`. Chainer: `add_observer`.
    public func addObserver(_ name: String, _ observer: AnyObject) {
        observerNames[ObjectIdentifier(observer)] = name
    }

    /// Names each link of `link`'s tree as `prefix` + its path (`main/predictor`).
    /// Chainer: `add_observers(prefix, link.namedlinks(skipself=True))`.
    public func addObservers(prefix: String, of link: Link) {
        for (path, child) in link.namedLinks() where path != "/" {
            addObserver(prefix + path, child)
        }
    }

    /// Runs `body` with this reporter current and a fresh observation, which it returns.
    /// Chainer: `with reporter.scope(observation)`.
    @discardableResult
    public func scope(_ body: () throws -> Void) rethrows -> [String: Observed] {
        let saved = observation
        observation = [:]
        defer { observation = saved }
        try Reporter.$currentValue.withValue(self, operation: body)
        return observation
    }

    /// Stores values; with an observer, under its name. Chainer: `Reporter.report`.
    public func report(_ values: [String: Observed], observer: AnyObject? = nil) {
        var prefix = ""
        if let observer {
            guard let name = observerNames[ObjectIdentifier(observer)] else {
                preconditionFailure("report: the observer \(type(of: observer)) is not registered with the reporter")
            }
            prefix = name + "/"
        }
        for (key, value) in values { observation[prefix + key] = value }
    }
}

/// Reports values to the current reporter, if any. Chainer: `chainer.report`.
/// `weight` is the number of samples each value stands for (batch-size-weighted means).
public func report(_ values: [String: Double], observer: AnyObject? = nil, weight: Double = 1) {
    Reporter.current?.report(values.mapValues { Observed($0, weight: weight) }, observer: observer)
}

/// Accumulates observations and gives their weighted means. Chainer: `DictSummary`.
///
/// Unlike Chainer (which averages per-report values with equal weight, issue #1739), each
/// value counts with its weight — the batch size — so a short last batch does not bias
/// the mean.
public struct DictSummary: Sendable {
    private var sums: [String: (weighted: Double, squares: Double, weight: Double)] = [:]

    public init() {}

    public mutating func add(_ observation: [String: Observed]) {
        for (key, observed) in observation {
            var entry = sums[key] ?? (0, 0, 0)
            entry.weighted += observed.value * observed.weight
            entry.squares += observed.value * observed.value * observed.weight
            entry.weight += observed.weight
            sums[key] = entry
        }
    }

    /// Weighted means by key.
    public var mean: [String: Double] {
        sums.compactMapValues { $0.weight > 0 ? $0.weighted / $0.weight : nil }
    }

    /// Weighted standard deviations by key.
    public var std: [String: Double] {
        sums.compactMapValues { entry in
            guard entry.weight > 0 else { return nil }
            let mean = entry.weighted / entry.weight
            return max(0, entry.squares / entry.weight - mean * mean).squareRoot()
        }
    }

    public var isEmpty: Bool { sums.isEmpty }
}

extension DictSummary {
    /// Saves or loads the running sums (as one text value: `key\tweighted\tsquares\tweight` lines,
    /// numbers in round-trip form), so a resumed run averages exactly as an uninterrupted one.
    public mutating func serialize(_ serializer: any Serializer) throws {
        var text = sums.keys.sorted().map { key in
            let entry = sums[key]!
            return "\(key)\t\(entry.weighted)\t\(entry.squares)\t\(entry.weight)"
        }.joined(separator: "\n")
        try serializer("sums", &text)
        guard serializer.isLoading else { return }
        sums = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, let weighted = Double(fields[1]), let squares = Double(fields[2]),
                  let weight = Double(fields[3]) else {
                throw SerializationError("a summary line must hold key, sum, sum of squares and weight, found \"\(line)\"", key: "sums")
            }
            sums[String(fields[0])] = (weighted, squares, weight)
        }
    }
}
