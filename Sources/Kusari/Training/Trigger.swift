// When something happens during training: Chainer's triggers.

/// Decides, after each update, whether an extension runs (or training stops).
public protocol Trigger: AnyObject {
    func callAsFunction(_ trainer: Trainer) -> Bool
    /// Saves or loads the trigger's state, for resuming.
    func serialize(_ serializer: any Serializer) throws
}

extension Trigger {
    public func serialize(_ serializer: any Serializer) throws {}
}

/// A period of training: `.epochs(20)`, `.iterations(1000)`. Chainer: `(20, 'epoch')`.
public enum Interval: Sendable, Equatable, CustomStringConvertible {
    case iterations(Int)
    case epochs(Double)

    public var description: String {
        switch self {
        case .iterations(let n): "\(n) iterations"
        case .epochs(let n): "\(n.formatted) epochs"
        }
    }
}

extension Double {
    /// `1` for 1.0, `0.5` for 0.5: how epochs read in messages.
    var formatted: String { self == rounded() ? String(Int(self)) : String(self) }
}

/// Fires every `interval`. Chainer: `IntervalTrigger`.
///
/// An iteration interval fires when `iteration` reaches a multiple of the period; an epoch
/// interval fires when `epochDetail` crosses a multiple of it (so 0.5 epochs works with any
/// batch size).
public final class IntervalTrigger: Trigger {
    public let interval: Interval
    private var previousIteration = 0
    private var previousEpochDetail = 0.0

    public init(_ interval: Interval) {
        switch interval {
        case .iterations(let n): precondition(n > 0, "IntervalTrigger: period must be positive, got \(n)")
        case .epochs(let n): precondition(n > 0, "IntervalTrigger: period must be positive, got \(n)")
        }
        self.interval = interval
    }

    public func callAsFunction(_ trainer: Trainer) -> Bool {
        let updater = trainer.updater
        defer {
            previousIteration = updater.iteration
            previousEpochDetail = updater.epochDetail
        }
        switch interval {
        case .iterations(let period):
            return updater.iteration / period != previousIteration / period
        case .epochs(let period):
            return (updater.epochDetail / period).rounded(.down) != (previousEpochDetail / period).rounded(.down)
        }
    }

    public func serialize(_ serializer: any Serializer) throws {
        try serializer("previous_iteration", &previousIteration)
        try serializer("previous_epoch_detail", &previousEpochDetail)
    }
}

/// The trigger that ends training when `interval` has been done in total.
final class StopTrigger: Trigger {
    let interval: Interval

    init(_ interval: Interval) { self.interval = interval }

    func callAsFunction(_ trainer: Trainer) -> Bool {
        switch interval {
        case .iterations(let n): trainer.updater.iteration >= n
        case .epochs(let n): trainer.updater.epochDetail >= n - 1e-9
        }
    }
}
