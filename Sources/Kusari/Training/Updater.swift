// Chainer's `Updater`: one training step, and the counters of how many were done.

/// Performs training steps and counts them.
public protocol Updater: AnyObject, Serializable {
    /// Updates done so far.
    var iteration: Int { get }
    /// Completed passes over the training data.
    var epoch: Int { get }
    /// `epoch` plus the fraction of the current pass done. Chainer: `epoch_detail`.
    var epochDetail: Double { get }
    /// `epochDetail` before the last update, nil before the first. Chainer: `previous_epoch_detail`.
    var previousEpochDetail: Double? { get }
    /// True when the last update finished a pass over the data.
    var isNewEpoch: Bool { get }
    /// The optimizers by name; "main" is the main one.
    var optimizers: [String: Optimizer] { get }
    /// The iterators by name; "main" is the training one.
    var iterators: [String: any BatchIterator] { get }
    /// Runs one step.
    func update()
    /// Called by the trainer before training, so reports can name their observers.
    func connect(_ trainer: Trainer)
    /// Called once when training ends.
    func finalize()
}

extension Updater {
    public func connect(_ trainer: Trainer) {}
    public func finalize() {}
}
