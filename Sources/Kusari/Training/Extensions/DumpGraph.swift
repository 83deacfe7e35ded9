// Chainer's `extensions.dump_graph`: writes the graph of the first iteration's loss.

/// An updater that can keep the loss variable of its last update, with the graph behind it,
/// for `DumpGraph`. Keeping it holds the graph's memory until the next update, so it is off
/// unless an extension asks. Chainer keeps reported variables under
/// `config.keep_graph_on_report` for the same purpose.
public protocol LossRetainingUpdater: Updater {
    /// Whether `update()` stores its loss in `retainedLoss`.
    var retainsLoss: Bool { get set }
    /// The loss of the last update made while `retainsLoss` was true.
    var retainedLoss: Variable? { get }
}

/// Writes `out/outName` with the DOT graph (see `dumpGraph(_:)`) of the loss of the first
/// iteration, then stops keeping the loss. The updater must be a `LossRetainingUpdater`.
/// Chainer: `dump_graph(root_name, out_name='cg.dot')`, which dumps at iteration 1; the root
/// here is always the updater's loss (Chainer's usual `main/loss`).
public final class DumpGraph: Extension {
    public let outName: String

    public init(outName: String = "cg.dot") { self.outName = outName }

    public var defaultName: String { "dump_graph" }

    public func initialize(_ trainer: Trainer) throws {
        guard let updater = trainer.updater as? LossRetainingUpdater else {
            preconditionFailure("DumpGraph: \(type(of: trainer.updater)) does not keep its loss; it must conform to LossRetainingUpdater")
        }
        updater.retainsLoss = trainer.updater.iteration < 1
    }

    public func callAsFunction(_ trainer: Trainer) throws {
        guard trainer.updater.iteration == 1, let updater = trainer.updater as? LossRetainingUpdater else { return }
        guard let loss = updater.retainedLoss else {
            preconditionFailure("DumpGraph: \(type(of: updater)) kept no loss at iteration 1")
        }
        updater.retainsLoss = false
        try writeFileAtomically(trainer.out.appendingPathComponent(outName).path, Array(dumpGraph(loss).utf8))
    }
}
