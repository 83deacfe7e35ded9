// Chainer's `extensions.ProgressBar`: total and epoch progress, speed and time left.
import Foundation

/// Draws, every `updateInterval` iterations, Chainer's four-line progress display:
///
///          total [##########........................................] 20.00%
///     this epoch [#########################.........................] 50.00%
///            600 iter, 2 epoch / 10 epochs
///         187.45 iters/sec. Estimated time to finish: 0:00:12.803008.
///
/// The speed is measured over the last 100 draws. On a terminal the display is redrawn in
/// place (`ESC[J` clears below the cursor, `ESC[4A` moves back up), as in Chainer; any
/// other sink gets plain lines. Draws are also at least 0.1 s apart, so a fast model does
/// not spend its time printing.
///
/// Chainer: `ProgressBar(training_length=None, update_interval=100, bar_length=50,
/// out=sys.stdout)`, trigger every iteration; `trainingLength` nil uses the trainer's
/// (planned) length. Kusari writes to standard error by default, keeping standard output
/// for results.
public final class ProgressBar: Extension {
    public let trainingLength: Interval?
    public let updateInterval: Int
    public let barLength: Int
    /// The shortest time between two draws, in seconds.
    public static let minimumRedrawInterval = 0.1
    private let write: (String) -> Void
    private let isTerminal: Bool
    private let clock: () -> Double
    private var recentTiming: [(iteration: Int, epochDetail: Double, time: Double)] = []
    private var lastDraw: Double?

    /// `write` receives the text (standard error when nil, redrawn in place when that is a
    /// terminal); `isTerminal` says whether a given sink is one; `clock` gives seconds on a
    /// monotonic scale (tests pass their own).
    public init(trainingLength: Interval? = nil, updateInterval: Int = 100, barLength: Int = 50,
                write: ((String) -> Void)? = nil, isTerminal: Bool? = nil,
                clock: @escaping () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        precondition(updateInterval > 0, "ProgressBar: updateInterval must be positive, got \(updateInterval)")
        self.trainingLength = trainingLength
        self.updateInterval = updateInterval
        self.barLength = barLength
        self.write = write ?? { FileHandle.standardError.write(Data($0.utf8)) }
        self.isTerminal = isTerminal ?? (write == nil && isatty(STDERR_FILENO) != 0)
        self.clock = clock
    }

    public func callAsFunction(_ trainer: Trainer) throws {
        let updater = trainer.updater
        guard updater.iteration % updateInterval == 0 else { return }
        let now = clock()
        if let lastDraw, now - lastDraw < Self.minimumRedrawInterval { return }
        lastDraw = now
        let text = lines(length: trainingLength ?? trainer.stop, iteration: updater.iteration,
                         epoch: updater.epoch, epochDetail: updater.epochDetail, now: now).joined()
        write(isTerminal ? "\u{1b}[J" + text + "\u{1b}[4A" : text)
    }

    public func finalize(_ trainer: Trainer) {
        if isTerminal { write("\u{1b}[J") }
    }

    private func lines(length: Interval, iteration: Int, epoch: Int, epochDetail: Double, now: Double) -> [String] {
        recentTiming.append((iteration, epochDetail, now))
        if recentTiming.count > 100 { recentTiming.removeFirst() }
        let oldest = recentTiming[0]
        let span = now - oldest.time
        let iterationSpeed = span > 0 ? Double(iteration - oldest.iteration) / span : .infinity
        let epochSpeed = span > 0 ? (epochDetail - oldest.epochDetail) / span : .infinity
        let (rate, remaining, lengthText) = switch length {
        case .iterations(let n): (Double(iteration) / Double(n), Double(n - iteration) / iterationSpeed, "\(n) iterations")
        case .epochs(let n): (epochDetail / n, (n - epochDetail) / epochSpeed, "\(n.formatted) epochs")
        }
        return [
            "     total " + bar(min(rate, 1)) + "\n",
            "this epoch " + bar(epochDetail - epochDetail.rounded(.down)) + "\n",
            String(format: "%10d iter, %d epoch / ", iteration, epoch) + lengthText + "\n",
            String(format: "%10.5g iters/sec. Estimated time to finish: ", iterationSpeed)
                + Self.duration(max(remaining, 0)) + ".\n",
        ]
    }

    /// `[####....] 12.34%`, as Python's `{:6.2%}` writes the percentage.
    private func bar(_ rate: Double) -> String {
        let marks = Int(rate * Double(barLength))
        return "[" + String(repeating: "#", count: marks) + String(repeating: ".", count: max(barLength - marks, 0)) + "] "
            + String(format: "%5.2f%%", rate * 100)
    }

    /// Seconds as Python prints a `timedelta`: `H:MM:SS`, `.ffffff` when there are
    /// microseconds, `N day(s), ` in front past a day; "unknown" when no progress was made.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "unknown" }
        let micro = Int64((seconds * 1e6).rounded(.toNearestOrEven))
        let days = micro / 86_400_000_000, rest = micro % 86_400_000_000
        let h = rest / 3_600_000_000, m = rest / 60_000_000 % 60, s = rest / 1_000_000 % 60, us = rest % 1_000_000
        var text = String(format: "%lld:%02lld:%02lld", h, m, s)
        if us != 0 { text += String(format: ".%06lld", us) }
        if days != 0 { text = "\(days) day\(days == 1 ? "" : "s"), " + text }
        return text
    }
}
