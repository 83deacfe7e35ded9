// kusari-bench: prints performance figures as JSON, one object a line. Each mode lives in its
// own file as one function taking the parsed options; this file only dispatches.
import Foundation
import Kusari

/// The modes, by the name given on the command line.
let modes: [String: (BenchOptions) throws(BenchError) -> Void] = [
    "gemm": gemmBench,
    "conv": convBench,
    "elementwise": elementwiseBench,
    "overhead": overheadBench,
    "lenet": lenetBench,
    "mlp": mlpBench,
]

let usage = "usage: kusari-bench MODE [--threads N] [mode flags]; modes: \(modes.keys.sorted().joined(separator: ", "))"

do {
    let options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()), modes: Set(modes.keys))
    if let threads = options.threads { Threading.threadCount = threads }
    try modes[options.mode]!(options)
} catch {
    FileHandle.standardError.write(Data("kusari-bench: \(error) (\(usage))\n".utf8))
    exit(2)
}
