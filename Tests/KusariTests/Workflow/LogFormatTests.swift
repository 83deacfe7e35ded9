import Foundation
import Testing
import Kusari

@Suite struct LogFormatTests {
    @Test func logReportWritesChainersFormat() {
        let text = LogReport.json([
            ["main/loss": 0.5, "epoch": 1, "iteration": 600, "elapsed_time": 12.25, "validation/main/accuracy": 0.875],
        ])
        #expect(text == """
            [
                {
                    "elapsed_time": 12.25,
                    "epoch": 1,
                    "iteration": 600,
                    "main/loss": 0.5,
                    "validation/main/accuracy": 0.875
                }
            ]
            """)
    }

    @Test func trainerWritesLogRunRecordAndSnapshot() throws {
        let out = temporaryDirectory()
        let train = squaresDataset(count: 100, seed: 31), test = squaresDataset(count: 50, seed: 32)
        _ = try withIsolatedState(seed: 0) { try runTrainer(train, test, epochs: 1, batchSize: 50, out: out, snapshotEvery: .epochs(1)) }
        let log = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/log"))) as! [[String: Any]]
        #expect(log.count == 1)
        #expect(Set(log[0].keys) == ["epoch", "iteration", "elapsed_time", "main/loss", "main/accuracy",
                                     "validation/main/loss", "validation/main/accuracy"])
        #expect(log[0]["iteration"] as? Int == 2)
        let record = try RunRecord.read(out)
        #expect(record.updates == 2 && record.samplesSeen == 100 && record.batchSize == 50)
        #expect(record.trainDatasetSize == 100 && record.testDatasetSize == 50 && record.evaluationMode == "test")
        #expect(record.parameterCount == 431_080, "the seed CNN's parameter count")
        let snapshot = try NPZ.readValues(out + "/snapshot_iter_2").compactMapValues { value -> NDArray? in
            if case .array(let array) = value { return array }
            return nil
        }
        #expect(snapshot["updater/iteration"]?.item == 2)
        #expect(snapshot["updater/model:main/predictor/conv1/W"]?.shape == [20, 1, 5, 5])
        #expect(snapshot["updater/optimizer:main/predictor/conv1/W/m"]?.shape == [20, 1, 5, 5])
    }
}
