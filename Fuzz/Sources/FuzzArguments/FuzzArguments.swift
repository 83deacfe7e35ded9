// libFuzzer target: the CLI's argument parser, through `kusari train`'s options and every
// kind of option the other subcommands read.
import FuzzSupport

/// Splits the input at NUL bytes into command-line words (each decoded as UTF-8, as the
/// system hands them to `CommandLine.arguments`), then parses them. A bad command line must
/// throw a `UsageError` with a message naming the subcommand.
func fuzzOne(_ bytes: [UInt8]) {
    let words = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    do {
        _ = try TrainOptions(words)
    } catch {
        precondition(error.description.hasPrefix("train: "), "UsageError does not name the command: \(error)")
    }
    do {
        var arguments = try Arguments(words, command: "evaluate", flagNames: ["verbose"])
        _ = arguments.flag("verbose")
        _ = try arguments.choice("model", ModelName.allCases.map(\.rawValue))
        _ = try arguments.integer("batchsize")
        _ = try arguments.integer("seed", minimum: 0)
        _ = try arguments.positiveNumber("lr")
        _ = arguments.string("key")
        try arguments.finish(positionalNames: ["MODEL.npz"])
    } catch {
        precondition(error.description.hasPrefix("evaluate: "), "UsageError does not name the command: \(error)")
    }
}

@main enum Main {
    static func main() { runFuzzer { fuzzOne(bytes($0, $1)); return 0 } }
}
