// A hand-made updater for trainer tests: counts updates, reports scripted losses, and
// optionally runs a real SGD step on a tiny model, so a training run takes milliseconds.
import Foundation
import Testing
@testable import Kusari

/// A link with one parameter `w`.
final class Weights: Chain {
    let w: Parameter
    init(_ values: [Double]) {
        w = Parameter(NDArray(values))
        super.init()
    }
}

/// An updater whose epoch is `iterationsPerEpoch` updates. Update k (from 1) reports
/// `losses[k - 1]` (when given) as `main/loss`, then runs `step` on the model.
final class FakeUpdater: Updater, LossRetainingUpdater {
    let iterationsPerEpoch: Int
    let losses: [Double]
    let model: Weights
    let optimizers: [String: Optimizer]
    let iterators: [String: any BatchIterator] = [:]
    var step: (FakeUpdater) -> Void = { _ in }
    private(set) var iteration = 0
    var retainsLoss = false
    private(set) var retainedLoss: Variable?

    /// `target` is the optimizer's target, `model` by default.
    init(iterationsPerEpoch: Int = 4, losses: [Double] = [], optimizer: Optimizer = SGD(lr: 0.1),
         model: Weights = Weights([1, 2]), target: Link? = nil) {
        self.iterationsPerEpoch = iterationsPerEpoch
        self.losses = losses
        self.model = model
        optimizers = ["main": optimizer.setup(target ?? model)]
    }

    var epoch: Int { iteration / iterationsPerEpoch }
    var epochDetail: Double { Double(iteration) / Double(iterationsPerEpoch) }
    var previousEpochDetail: Double? { iteration == 0 ? nil : Double(iteration - 1) / Double(iterationsPerEpoch) }
    var isNewEpoch: Bool { iteration > 0 && iteration % iterationsPerEpoch == 0 }

    func update() {
        if iteration < losses.count { report(["loss": losses[iteration]], observer: optimizers["main"]!.target!) }
        iteration += 1
        step(self)
    }

    /// A real update: loss = Σ w², so the gradient is 2w.
    func sgdStep() {
        let optimizer = optimizers["main"]!
        optimizer.update {
            let loss = F.sum(model.w * model.w)
            if retainsLoss { retainedLoss = loss }
            return loss
        }
    }

    func serialize(_ serializer: any Serializer) throws { try serializer("iteration", &iteration) }
}

/// A fresh, empty output directory.
func temporaryDirectory() -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kusari-training-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// A trainer on `updater` stopping at `stop`, writing into a fresh directory.
func makeTrainer(_ updater: Updater, stop: Interval) -> Trainer {
    Trainer(updater, stop: stop, out: temporaryDirectory())
}

/// The iterations at which `trigger` fires in a run of `stop`.
func firings(_ trigger: Trigger, updater: FakeUpdater, stop: Interval) throws -> [Int] {
    let trainer = makeTrainer(updater, stop: stop)
    var fired: [Int] = []
    trainer.extend(LambdaExtension(name: "probe") { fired.append($0.updater.iteration) }, trigger: trigger)
    try trainer.run()
    return fired
}

/// A state saved by `save`, then loaded by `load`; returns what `load`'s object saves, for comparison.
func roundTrip(_ save: (any Serializer) throws -> Void, into load: (any Serializer) throws -> Void) throws
    -> (saved: [String: NPYValue], reloaded: [String: NPYValue]) {
    let saver = NPZSerializer()
    try save(saver)
    let loader = NPZDeserializer(saver.values)
    try load(loader)
    #expect(loader.unusedKeys.isEmpty)
    let again = NPZSerializer()
    try load(again)
    return (saver.values, again.values)
}
