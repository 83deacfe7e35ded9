import Foundation
import Testing
import Kusari

@Suite struct CLITests {
    @Test func badFlagsAndNumbersExitWithOneLineAndCode2() throws {
        let cases: [([String], String)] = [
            (["train", "--epoch", "2"], "kusari: train: unknown option --epoch; see `kusari help`\n"),
            (["train", "--epochs", "two"], "kusari: train: --epochs must be a whole number of at least 1, got 'two'\n"),
            (["train", "--lr", "-1"], "kusari: train: --lr must be a positive number, got '-1'\n"),
            (["train", "--model", "resnet"], "kusari: train: --model must be one of lenet, mlp, got 'resnet'\n"),
            (["train", "--loop", "manual", "--resume", "x"], "kusari: train: --resume works with --loop trainer (the hand loop keeps no snapshot)\n"),
            (["frobnicate"], "kusari: unknown command 'frobnicate'; try `kusari help`\n"),
            (["inspect"], "kusari: inspect: expected FILE.npz, got none\n"),
        ]
        for (arguments, message) in cases {
            let result = try runKusari(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == message)
        }
    }

    @Test func inspectListsKeysAndRefusesBadFiles() throws {
        let directory = temporaryDirectory()
        try NPZ.write(directory + "/m.npz", ["a/W": NDArray([Float(1), 2, 3, 4], shape: [2, 2]), "t": NDArray(scalar: Int64(3))])
        let result = try runKusari(["inspect", directory + "/m.npz"])
        #expect(result.status == 0)
        #expect(result.stdout == "a/W  float32  (2, 2)  4\nt  int64  ()  1\n2 arrays, 5 elements\n")
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: directory + "/bad.npz"))
        let bad = try runKusari(["inspect", directory + "/bad.npz"])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("kusari: inspect: \(directory)/bad.npz"))
    }

    @Test func compareExitsZeroForTheSameWorkAndOneOtherwise() throws {
        let directory = temporaryDirectory()
        let train = squaresDataset(count: 100, seed: 41), test = squaresDataset(count: 50, seed: 42)
        for (name, seed) in [("a", 0), ("b", 0), ("c", 1)] as [(String, UInt64)] {
            _ = try withIsolatedState(seed: seed) {
                try runTrainer(train, test, epochs: 1, batchSize: 50, out: directory + "/" + name)
            }
        }
        let same = try runKusari(["compare", directory + "/a", directory + "/b/run.json"])
        #expect(same.status == 0)
        #expect(same.stdout.contains("Same work: 2 updates of batch size 50 (1 epoch)"))
        #expect(same.stdout.contains("Final weights are bit-identical"))
        let different = try runKusari(["compare", directory + "/a", directory + "/c"])
        #expect(different.status == 1)
        #expect(different.stdout.contains("1. Seed: run A used 0, run B 1"))
        let missing = try runKusari(["compare", directory + "/a", directory + "/nothing"])
        #expect(missing.status == 2)
    }

    @Test(.enabled(if: fashionMNISTInstalled, "needs Debian's dataset-fashion-mnist"))
    func trainerAndManualLoopWriteIdenticalModels() throws {
        let directory = temporaryDirectory()
        let common = ["train", "--dataset", "fashion-mnist", "--epochs", "1", "--train-samples", "400",
                      "--test-samples", "200", "--no-progress"]
        let trainer = try runKusari(common + ["--out", directory + "/trainer"])
        let manual = try runKusari(common + ["--loop", "manual", "--out", directory + "/manual"])
        #expect(trainer.status == 0 && manual.status == 0, "\(trainer.stderr) \(manual.stderr)")
        let a = try Data(contentsOf: URL(fileURLWithPath: directory + "/trainer/model.npz"))
        let b = try Data(contentsOf: URL(fileURLWithPath: directory + "/manual/model.npz"))
        #expect(a == b)
        #expect(trainer.stdout.hasPrefix("epoch       main/loss   validation/main/loss"))
        #expect(trainer.stderr.contains("Training lenet on fashion-mnist: 400 training and 200 test examples"))

        // The model file evaluates and predicts in test mode, with or without `predictor/`.
        let evaluation = try runKusari(["evaluate", directory + "/trainer/model.npz", "--dataset", "fashion-mnist", "--test-samples", "200"])
        #expect(evaluation.status == 0)
        #expect(evaluation.stdout.contains("validation/main/accuracy: "))
        let input = directory + "/x.npz"
        try NPZ.write(input, ["x": NDArray(zeros: [3, 1, 28, 28])])
        let prediction = try runKusari(["predict", directory + "/trainer/model.npz", "--input", input, "--output", directory + "/y.npz"])
        #expect(prediction.status == 0, "\(prediction.stderr)")
        #expect(try NPZ.read(directory + "/y.npz")["y"]?.shape == [3, 10])
    }
}
