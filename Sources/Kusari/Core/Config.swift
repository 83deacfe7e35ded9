// Chainer's `chainer.config`: task-local, nestable switches for training mode and backprop.
import Foundation

/// The configuration a forward pass sees. Values are task-local (and thread-local outside
/// tasks), so `using(train:)` and `noBackprop` nest and never leak across threads.
public enum Config {
    @TaskLocal static var trainValue = true
    @TaskLocal static var backpropValue = true

    /// True while training: dropout drops and batch normalization uses batch statistics.
    /// Chainer: `chainer.config.train`, default true.
    public static var train: Bool { trainValue }

    /// True while functions record the graph for backprop. Chainer: `config.enable_backprop`.
    public static var enableBackprop: Bool { backpropValue }
}

/// Runs `body` with `Config.train` set to `train`. Chainer: `using_config('train', train)`.
public func using<R>(train: Bool, _ body: () throws -> R) rethrows -> R {
    try Config.$trainValue.withValue(train, operation: body)
}

/// Runs `body` without recording the graph. Chainer: `chainer.no_backprop_mode()`.
public func noBackprop<R>(_ body: () throws -> R) rethrows -> R {
    try Config.$backpropValue.withValue(false, operation: body)
}

/// Runs `body` with graph recording forced on. Chainer: `chainer.force_backprop_mode()`.
public func forceBackprop<R>(_ body: () throws -> R) rethrows -> R {
    try Config.$backpropValue.withValue(true, operation: body)
}
