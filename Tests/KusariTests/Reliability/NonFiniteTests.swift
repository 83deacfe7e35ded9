// FailOnNonNumber in a real training run: a NaN loss stops training at once, names the
// iteration and the first diverged parameter, and leaves the last snapshot intact.
import Foundation
import Testing
@testable import Kusari

@Suite struct NonFiniteTests {
    /// A linear model trained by SGD on a fixed batch; at update `poisoned` the loss is
    /// multiplied by log(−1) = NaN, so every gradient and then every parameter becomes NaN.
    func makeTrainer(poisoned: Int, out: String) -> (Trainer, Linear) {
        seed(5)
        let x = NDArray((0..<24).map { Float($0 % 5) - 2 }, shape: [6, 4])
        let t = NDArray((0..<12).map { Float($0 % 3) }, shape: [6, 2])
        let model = Linear(4, 2)
        let optimizer = SGD(lr: 0.01).setup(model)
        var calls = 0
        let updater = StandardUpdater(iterator: SerialIterator(TupleDataset(x, t), batchSize: 3, shuffle: false),
                                      optimizer: optimizer) { batch in
            calls += 1
            let loss = F.meanSquaredError(model(batch[0]), batch[1])
            let factor = Variable(NDArray(scalar: Float(calls == poisoned ? -1 : M_E)), requiresGrad: false)
            return loss * F.log(factor)
        }
        let trainer = Trainer(updater, stop: .iterations(10), out: out)
        trainer.extend(FailOnNonNumber())
        trainer.extend(snapshot(trigger: .iterations(1)))
        return (trainer, model)
    }

    @Test func nanLossStopsWithIterationAndParameterNamedAndLastSnapshotIntact() throws {
        let out = scratchDirectory("nonfinite")
        let (trainer, model) = makeTrainer(poisoned: 4, out: out)
        var message = ""
        do { try trainer.run() } catch let error as TrainingError { message = error.description }
        #expect(message == "FailOnNonNumber: parameters of optimizer \"main\" diverged at iteration 4: "
            + "/W holds NaN or infinity; no main/loss was reported")
        #expect(trainer.updater.iteration == 4)
        #expect(!FailOnNonNumber.isAllFinite(model.W.array))

        // Snapshots 1–3 were written; the one for iteration 4 never was.
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("snapshot_iter_") }.sorted()
        #expect(files == ["snapshot_iter_1", "snapshot_iter_2", "snapshot_iter_3"])

        // The last snapshot loads into a fresh trainer and holds exactly the parameters of an
        // undisturbed run after 3 updates.
        let (reference, referenceModel) = makeTrainer(poisoned: 0, out: scratchDirectory("reference"))
        for _ in 0..<3 { reference.updater.update() }
        let (restored, restoredModel) = makeTrainer(poisoned: 0, out: scratchDirectory("restored"))
        try loadNPZ(out + "/snapshot_iter_3", into: restored)
        #expect(restored.updater.iteration == 3)
        #expect(FailOnNonNumber.isAllFinite(restoredModel.W.array) && FailOnNonNumber.isAllFinite(restoredModel.b!.array))
        #expect(restoredModel.W.array == referenceModel.W.array)
        #expect(restoredModel.b!.array == referenceModel.b!.array)
    }
}
