// SIGKILL while a snapshot is being written: the previous snapshot survives and resuming
// from whatever is on disk ends bit-identical to a run that was never interrupted.
import Foundation
import Testing
@testable import Kusari

@Suite(.serialized, .enabled(if: fashionMNISTInstalled, "needs Debian's dataset-fashion-mnist"))
struct CrashSafetyTests {
    /// 200 examples in batches of 50: snapshots at iterations 4, 8 and 12.
    static let training = ["train", "--dataset", "fashion-mnist", "--epochs", "3", "--train-samples", "200",
                           "--test-samples", "50", "--batchsize", "50", "--seed", "3", "--no-progress"]

    /// The model an uninterrupted run ends with.
    static let uninterrupted: Result<Data, Error> = Result {
        let out = scratchDirectory("uninterrupted")
        let outcome = try runKusari(CrashSafetyTests.training + ["--out", out])
        guard outcome.status == 0, !outcome.signaled else { throw CocoaError(.fileWriteUnknown) }
        return try Data(contentsOf: URL(fileURLWithPath: out + "/model.npz"))
    }

    @Test(arguments: ["mid-write", "before-fsync", "before-rename", "after-rename"])
    func killDuringTheSecondSnapshot(point: String) throws {
        let shim = try faultShim.get()
        let out = scratchDirectory("crash-\(point)")
        let killed = try runKusari(Self.training + ["--out", out], environment: [
            "LD_PRELOAD": shim, "KUSARI_CRASH_POINT": point, "KUSARI_CRASH_SNAPSHOT": "2"])
        #expect(killed.signaled && killed.status == SIGKILL, "the shim must kill the run: \(killed.stderr)")

        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        let completed = point == "after-rename"
        // Only the hidden temporary file may be partial; every visible snapshot is whole.
        #expect(files.contains("snapshot_iter_4"))
        #expect(files.contains("snapshot_iter_8") == completed)
        #expect(!files.contains("snapshot_iter_12"))
        if point == "mid-write" {
            #expect(files.contains { $0.hasPrefix(".snapshot_iter_8.") && $0.hasSuffix(".tmp") })
        }
        for name in files where name.hasPrefix("snapshot_iter_") {
            let values = try NPZ.readValues(out + "/" + name)
            guard case .array(let iteration)? = values["updater/iteration"] else {
                Issue.record("\(name) has no updater/iteration")
                continue
            }
            #expect(iteration.item == Double(name.dropFirst("snapshot_iter_".count))!)
        }

        let latest = out + (completed ? "/snapshot_iter_8" : "/snapshot_iter_4")
        let resumed = try runKusari(Self.training + ["--out", out, "--resume", latest])
        #expect(resumed.status == 0, "resume failed: \(resumed.stderr)")
        let model = try Data(contentsOf: URL(fileURLWithPath: out + "/model.npz"))
        #expect(model == (try Self.uninterrupted.get()), "resumed from \(latest): model.npz differs from the uninterrupted run")
    }
}
