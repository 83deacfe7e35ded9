// A bad --out is reported before any training step.
import Foundation
import Testing

@Suite(.enabled(if: fashionMNISTInstalled, "needs Debian's dataset-fashion-mnist"))
struct OutputDirectoryTests {
    static let training = ["train", "--dataset", "fashion-mnist", "--epochs", "1", "--train-samples", "100",
                           "--test-samples", "50", "--batchsize", "50", "--no-progress"]

    @Test func unwritableDirectoryIsReportedBeforeTraining() throws {
        // A path below a regular file cannot be created, even by root (chmod would not stop root).
        let file = scratchDirectory("unwritable") + "/file"
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let outcome = try runKusari(Self.training + ["--out", file + "/out"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("cannot write to the output directory \(file)/out"), "\(outcome.stderr)")
        #expect(!outcome.stdout.contains("main/loss"), "training started: \(outcome.stdout)")
    }

    @Test func fullDiskIsReportedBeforeTraining() throws {
        let out = scratchDirectory("full")
        let outcome = try runKusari(Self.training + ["--out", out],
                                    environment: ["LD_PRELOAD": try faultShim.get(), "KUSARI_FULL_DIR": out])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("cannot write to the output directory \(out)"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("space"), "the reason should say the disk is full: \(outcome.stderr)")
        #expect(!outcome.stdout.contains("main/loss"), "training started: \(outcome.stdout)")
        // No log, snapshot or model: nothing visible was written.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { $0.hasPrefix(".") })
    }
}
