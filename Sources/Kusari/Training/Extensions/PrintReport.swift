// Chainer's `extensions.PrintReport`: the log as a table on the terminal.
import Foundation

/// Prints a header once, then one row per new LogReport entry, each column at least 10
/// characters wide and numbers in `%g` form, as Chainer prints them.
public final class PrintReport: Extension {
    public let entries: [String]
    private let logReportName: String
    private let write: (String) -> Void
    private var printedEntries = 0
    private var headerPrinted = false

    /// `logReport` is the name of the LogReport extension to read (Chainer's default
    /// "LogReport"); `write` receives the text (stdout by default).
    public init(_ entries: [String], logReport: String = "LogReport",
                write: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.entries = entries
        logReportName = logReport
        self.write = write
    }

    private var widths: [Int] { entries.map { max(10, $0.count) } }

    /// The header line.
    public var header: String {
        zip(entries, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ") + "\n"
    }

    /// The table row for one log entry; missing values are blank.
    public func row(_ entry: [String: Double]) -> String {
        zip(entries, widths).map { key, width in
            guard let value = entry[key] else { return String(repeating: " ", count: width + 2) }
            let text = key == "epoch" || key == "iteration" ? String(Int(value)) : String(format: "%g", value)
            return text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) + "  "
        }.joined() + "\n"
    }

    public func callAsFunction(_ trainer: Trainer) throws {
        guard let logReport = trainer.extensions.first(where: { $0.name == logReportName })?.extension as? LogReport else {
            preconditionFailure("PrintReport: no LogReport extension named \(logReportName)")
        }
        if !headerPrinted {
            write(header)
            headerPrinted = true
        }
        let log = logReport.log
        while printedEntries < log.count {
            write(row(log[printedEntries]))
            printedEntries += 1
        }
    }

    public func serialize(_ serializer: any Serializer) throws {
        try serializer("_printed_entries", &printedEntries)
    }
}
