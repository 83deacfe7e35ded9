// Ten epochs of training hold a flat memory profile: nothing accumulates per epoch.
import Foundation
import Testing

@Suite(.enabled(if: fashionMNISTInstalled, "needs Debian's dataset-fashion-mnist"))
struct MemoryProfileTests {
    /// The resident set size of process `pid` in KiB (VmRSS in /proc/PID/status).
    static func residentKiB(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
    }

    @Test func residentMemoryDoesNotGrowPerEpoch() throws {
        var samples: [Int] = []
        // PrintReport writes one row per epoch, unbuffered; sample the child as each arrives.
        let outcome = try runKusari(["train", "--dataset", "fashion-mnist", "--epochs", "10", "--train-samples", "500",
                                     "--test-samples", "100", "--batchsize", "50", "--no-progress", "--out", scratchDirectory("memory")]) { line, pid in
            if line.first?.isNumber == true, let kib = Self.residentKiB(pid) { samples.append(kib) }
        }
        #expect(outcome.status == 0, "\(outcome.stderr)")
        try #require(samples.count == 10, "expected one sample per epoch, got \(samples)")
        // Epoch 1 still grows (allocator pools, lazily sized buffers); from epoch 2 on the
        // profile must be flat. A leak of one batch's activations per epoch would exceed this.
        let growth = samples[9] - samples[1]
        #expect(growth < 4096, "VmRSS per epoch (KiB): \(samples); grew \(growth) KiB from epoch 2 to 10")
    }
}
