// Explains, in plain words, why two runs may have given different results.
import Foundation

/// The differences between two run records, most important first.
///
/// A difference in the work done (updates, epochs, batch size, data, seed, optimizer,
/// initial weights, model size) or in how evaluation ran (training mode with backprop off)
/// makes the runs "not the same work". Thread count is reported but is not a difference:
/// Kusari's results do not depend on it.
public struct RunComparison {
    public let a: RunRecord
    public let b: RunRecord
    /// Why the results may differ, most important first; empty when the work was the same.
    public let differences: [String]
    /// Facts that do not change the results (thread counts, elapsed time).
    public let notes: [String]

    public init(_ a: RunRecord, _ b: RunRecord) {
        self.a = a
        self.b = b
        var differences: [String] = []
        var notes: [String] = []

        if a.updates != b.updates {
            var line = "Updates: run A made \(a.updates), run B made \(b.updates)"
            if a.updates > 0 && b.updates > 0 {
                let ratio = Double(max(a.updates, b.updates)) / Double(min(a.updates, b.updates))
                line += " (\(a.updates > b.updates ? "A" : "B") did \(Self.format(ratio))× as many)"
            }
            differences.append(line + ".")
        }
        if let ea = a.epochDetail, let eb = b.epochDetail, Swift.abs(ea - eb) > 1e-9 {
            differences.append("Epochs: run A went through its training data \(Self.format(ea)) times, run B \(Self.format(eb)) times.")
        } else if (a.epochDetail == nil) != (b.epochDetail == nil) {
            let (with, without) = a.epochDetail == nil ? ("B", "A") : ("A", "B")
            differences.append("Epochs: run \(with) drew batches through an iterator; run \(without) did not, so its epochs and samples were not counted.")
        }
        if let sa = a.samplesSeen, let sb = b.samplesSeen, sa != sb, a.updates == b.updates {
            differences.append("Samples: run A saw \(sa) training examples, run B \(sb).")
        }
        if let ba = a.batchSize, let bb = b.batchSize, ba != bb {
            differences.append("Batch size: \(ba) in run A, \(bb) in run B.")
        }
        if let da = a.trainDatasetSize, let db = b.trainDatasetSize, da != db {
            differences.append("Training data: run A used \(da) examples, run B \(db).")
        }
        if let ta = a.testDatasetSize, let tb = b.testDatasetSize, ta != tb {
            differences.append("Test data: run A evaluated on \(ta) examples, run B on \(tb).")
        }
        for (name, record) in [("A", a), ("B", b)] where record.trainModeWithoutBackprop > 0 {
            differences.append("Evaluation mode: run \(name) ran dropout or batch-norm statistics in training mode "
                + "\(record.trainModeWithoutBackprop) time\(record.trainModeWithoutBackprop == 1 ? "" : "s") while backprop was off, so its evaluation ran with dropout on. "
                + "Evaluate under `using(train: false)`, or with Evaluator.")
        }
        if a.seed != b.seed {
            differences.append("Seed: run A used \(a.seed), run B \(b.seed) (initial weights, dropout masks and shuffling differ).")
        }
        if a.optimizer != b.optimizer {
            differences.append("Optimizer: run A used \(a.optimizer), run B \(b.optimizer).")
        } else {
            for key in Set(a.hyperparameters.keys).union(b.hyperparameters.keys).sorted()
            where a.hyperparameters[key] != b.hyperparameters[key] {
                differences.append("Optimizer setting \(key): \(Self.describe(a.hyperparameters[key])) in run A, "
                    + "\(Self.describe(b.hyperparameters[key])) in run B.")
            }
        }
        if a.parameterCount != b.parameterCount {
            differences.append("Model size: run A has \(a.parameterCount) parameters, run B \(b.parameterCount).")
        } else if a.initialWeightsHash != b.initialWeightsHash && a.seed == b.seed {
            differences.append("Initial weights: the runs started from different weights although their seeds agree.")
        }

        if a.threads != b.threads {
            notes.append("Threads: \(a.threads) in run A, \(b.threads) in run B; this does not change Kusari's results.")
        }
        self.differences = differences
        self.notes = notes
    }

    /// True when the records say both runs did the same work.
    public var sameWork: Bool { differences.isEmpty }

    /// True when both runs ended with bit-identical weights.
    public var identicalWeights: Bool { a.finalWeightsHash == b.finalWeightsHash }

    /// The explanation `kusari compare` prints.
    public var report: String {
        var lines: [String] = []
        if sameWork {
            lines.append("Same work: \(a.updates) updates"
                + (a.batchSize.map { " of batch size \($0)" } ?? "")
                + (a.epochDetail.map { " (\(Self.format($0)) epoch\($0 == 1 ? "" : "s"))" } ?? "")
                + ", seed \(a.seed), \(a.optimizer), the same initial weights"
                + (a.evaluationMode.map { ", evaluation in \($0) mode" } ?? "") + ".")
            lines.append(identicalWeights
                ? "Final weights are bit-identical (\(a.finalWeightsHash))."
                : "Final weights differ although the work was the same (\(a.finalWeightsHash) vs \(b.finalWeightsHash)).")
        } else {
            lines.append("The runs did different work; their results may differ because:")
            lines += differences.enumerated().map { "  \($0.offset + 1). \($0.element)" }
        }
        let shared = Set(a.results.keys).intersection(b.results.keys).sorted()
        if !shared.isEmpty {
            lines.append("Results:")
            lines += shared.map { "  \($0): \(Self.format(a.results[$0]!)) (A), \(Self.format(b.results[$0]!)) (B)" }
        }
        lines += notes.map { "Note: " + $0 }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && Swift.abs(value) < 1e12 ? String(Int(value)) : String(format: "%.4g", value)
    }

    static func describe(_ value: Double?) -> String { value.map(format) ?? "unset" }
}
