// The `kusari` command: train, evaluate, predict, inspect and compare.
import Foundation
import Kusari

let help = """
    kusari — Chainer's workflow in Swift

    \(TrainOptions.usage)
    kusari evaluate MODEL.npz [--model lenet|mlp] [--dataset mnist|fashion-mnist] [--batchsize N] [--test-samples N]
    kusari predict MODEL.npz [--model lenet|mlp] --input X.npz [--key x] --output Y.npz
    kusari inspect FILE.npz
    kusari compare RUN_A RUN_B      (run.json files or output directories; exit 0 same work, 1 different)
    """

let words = Array(CommandLine.arguments.dropFirst())
do {
    switch words.first {
    case "train": try train(Array(words.dropFirst()))
    case "evaluate": try evaluate(Array(words.dropFirst()))
    case "predict": try predict(Array(words.dropFirst()))
    case "inspect": try inspect(Array(words.dropFirst()))
    case "compare": exit(try compare(Array(words.dropFirst())))
    case "help", "--help", "-h": print(help)
    case nil: throw UsageError("no command given; try `kusari help`")
    case let other?: throw UsageError("unknown command '\(other)'; try `kusari help`")
    }
} catch {
    standardError("kusari: \(error)")
    exit(2)
}
