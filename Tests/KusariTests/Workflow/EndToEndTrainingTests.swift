import Foundation
import Testing
import Kusari

@Suite struct EndToEndTrainingTests {
    @Test func leNetLearnsTheSquares() throws {
        let train = squaresDataset(count: 600, seed: 21), test = squaresDataset(count: 200, seed: 22)
        let outcome = try withIsolatedState(seed: 0) { try runTrainer(train, test, epochs: 2, batchSize: 50, out: temporaryDirectory()) }
        let accuracy = try #require(outcome.log.last?["validation/main/accuracy"])
        #expect(accuracy >= 0.95, "validation accuracy \(accuracy)")
        #expect(outcome.log[1]["main/loss"]! < outcome.log[0]["main/loss"]!)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist"),
                   "needs Debian's dataset-fashion-mnist"))
    func mlpLearnsFashionMNIST() throws {
        let (train, test) = try getFashionMNIST()
        let subset = TupleDataset(train.arrays.map { $0.slice(axis: 0, range: 0..<6000) })
        let testSubset = TupleDataset(test.arrays.map { $0.slice(axis: 0, range: 0..<2000) })
        let accuracy = try withIsolatedState(seed: 0) { () throws -> Double in
            let model = Classifier(MLP(units: 200))
            let optimizer = Adam().setup(model)
            let trainer = Trainer(StandardUpdater(iterator: SerialIterator(subset, batchSize: 100), optimizer: optimizer),
                                  stop: .epochs(2), out: temporaryDirectory())
            let evaluator = Evaluator(SerialIterator(testSubset, batchSize: 100, repeat: false, shuffle: false), model)
            trainer.extend(evaluator)
            try trainer.run()
            return evaluator.evaluate()["validation/main/accuracy"]!
        }
        #expect(accuracy >= 0.78, "validation accuracy \(accuracy)")
    }
}
