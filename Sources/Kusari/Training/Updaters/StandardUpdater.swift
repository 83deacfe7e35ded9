// Chainer's `StandardUpdater`: draw a batch, compute the loss, backprop, update.

/// One step = one batch from the "main" iterator, one optimizer update.
///
/// The loss is `lossFunc(batch)` where `batch` holds the batch's arrays as variables; by
/// default it is the optimizer's target called as a `LossLink` (a `Classifier`), as in
/// Chainer, where `loss_func` defaults to `optimizer.target`.
public final class StandardUpdater: LossRetainingUpdater {
    public let iterators: [String: any BatchIterator]
    public let optimizers: [String: Optimizer]
    private let lossFunc: ([Variable]) -> Variable
    public private(set) var iteration = 0
    /// When true, `retainedLoss` keeps the last loss variable (for `DumpGraph`).
    public var retainsLoss = false
    public private(set) var retainedLoss: Variable?

    public init(iterator: any BatchIterator, optimizer: Optimizer, lossFunc: (([Variable]) -> Variable)? = nil) {
        iterators = ["main": iterator]
        optimizers = ["main": optimizer]
        if let lossFunc {
            self.lossFunc = lossFunc
        } else {
            guard let model = optimizer.target as? LossLink else {
                preconditionFailure("StandardUpdater: the optimizer's target must be a LossLink (such as Classifier), or pass lossFunc")
            }
            self.lossFunc = { model.loss($0) }
        }
    }

    private var mainIterator: any BatchIterator { iterators["main"]! }

    public var epoch: Int { mainIterator.epoch }
    public var epochDetail: Double { mainIterator.epochDetail }
    public var previousEpochDetail: Double? { mainIterator.previousEpochDetail }
    public var isNewEpoch: Bool { mainIterator.isNewEpoch }

    public func update() {
        guard let arrays = mainIterator.nextBatch() else {
            preconditionFailure("StandardUpdater: the main iterator is exhausted; training iterators must repeat")
        }
        let optimizer = optimizers["main"]!
        optimizer.update {
            let loss = lossFunc(arrays.map { Variable($0, requiresGrad: false) })
            if retainsLoss { retainedLoss = loss }
            return loss
        }
        if mainIterator.isNewEpoch { optimizer.newEpoch() }
        iteration += 1
    }

    public func finalize() { for iterator in iterators.values { iterator.finalize() } }

    /// Saves or loads the iterators, optimizers, models and the iteration count, with
    /// Chainer's keys (`iterator:main/...`, `optimizer:main/...`, `model:main/...`, `iteration`).
    public func serialize(_ serializer: any Serializer) throws {
        for (name, iterator) in iterators.sorted(by: { $0.key < $1.key }) {
            try iterator.serialize(serializer["iterator:" + name])
        }
        for (name, optimizer) in optimizers.sorted(by: { $0.key < $1.key }) {
            try optimizer.serialize(serializer["optimizer:" + name])
            try optimizer.requireTarget().serialize(serializer["model:" + name])
        }
        try serializer("iteration", &iteration)
    }
}

/// A link that computes a training loss from a batch's arrays (inputs, then labels).
public protocol LossLink: Link {
    func loss(_ batch: [Variable]) -> Variable
}
