// Command-line parsing for kusari-bench: plain arguments, no packages.
import Foundation

/// A command-line mistake: what was expected and what was found.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `MODE [--threads N] [--flag value ...]`. `--threads` applies to every mode (default:
/// `KUSARI_NUM_THREADS`, else all cores); other flags are kept for the mode to read.
struct BenchOptions {
    let mode: String
    let threads: Int?
    private var flags: [String: String]

    init(arguments: [String], modes: Set<String>) throws(BenchError) {
        guard let mode = arguments.first else { throw BenchError("expected a mode, found nothing") }
        guard modes.contains(mode) else { throw BenchError("unknown mode '\(mode)'") }
        self.mode = mode
        var flags: [String: String] = [:]
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            guard flag.hasPrefix("--"), flag.count > 2 else { throw BenchError("expected a --flag, found '\(flag)'") }
            guard let value = rest.popFirst() else { throw BenchError("\(flag) expects a value") }
            flags[String(flag.dropFirst(2))] = value
        }
        if let text = flags.removeValue(forKey: "threads") {
            guard let n = Int(text), n >= 1 else { throw BenchError("--threads expects a positive integer, found '\(text)'") }
            threads = n
        } else {
            threads = nil
        }
        self.flags = flags
    }

    /// The value of `--name`, consumed; modes call `checkAllRead` once they have read theirs.
    mutating func take(_ name: String) -> String? { flags.removeValue(forKey: name) }

    /// Throws for any flag the mode did not read.
    func checkAllRead() throws(BenchError) {
        if let flag = flags.keys.sorted().first { throw BenchError("unknown flag --\(flag) for mode \(mode)") }
    }
}

/// Seconds per call of `body`: the median of 7 samples, each averaging as many calls as fit in
/// 50 ms, after 3 warm-up calls (the method the peer scripts use).
func medianSeconds(_ body: () -> Void) -> Double {
    for _ in 0..<3 { body() }
    var samples: [Double] = []
    for _ in 0..<7 {
        let start = DispatchTime.now().uptimeNanoseconds
        var calls = 0, elapsed = 0.0
        repeat {
            body()
            calls += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < 0.05
        samples.append(elapsed / Double(calls))
    }
    return samples.sorted()[samples.count / 2]
}
