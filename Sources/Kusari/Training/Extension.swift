// Chainer's training extensions: code the Trainer runs on a trigger.

/// Extension priorities: higher runs first within one iteration. Chainer: `PRIORITY_WRITER`
/// (300, extensions that add observations, like Evaluator), `PRIORITY_EDITOR` (200),
/// `PRIORITY_READER` (100, extensions that read them, like LogReport; the default).
public enum ExtensionPriority {
    public static let writer = 300
    public static let editor = 200
    public static let reader = 100
}

/// Something the trainer runs on a trigger: logging, evaluation, snapshots, schedules.
public protocol Extension: AnyObject {
    /// The name when `extend` is given none. Chainer: `default_name`.
    var defaultName: String { get }
    /// When to run, unless `extend` says otherwise. Chainer's default is every iteration.
    var trigger: Interval { get }
    var priority: Int { get }
    /// Called once before training starts (also after a resume).
    func initialize(_ trainer: Trainer) throws
    func callAsFunction(_ trainer: Trainer) throws
    /// Called once after training ends, even when it ended with an error.
    func finalize(_ trainer: Trainer)
    /// Saves or loads the extension's state, for resuming.
    func serialize(_ serializer: any Serializer) throws
}

extension Extension {
    public var defaultName: String { String(describing: type(of: self)) }
    public var trigger: Interval { .iterations(1) }
    public var priority: Int { ExtensionPriority.reader }
    public func initialize(_ trainer: Trainer) throws {}
    public func finalize(_ trainer: Trainer) {}
    public func serialize(_ serializer: any Serializer) throws {}
}

/// An extension made from a closure. Chainer: `@make_extension`.
public final class LambdaExtension: Extension {
    public let defaultName: String
    public let trigger: Interval
    public let priority: Int
    private let body: (Trainer) throws -> Void

    public init(name: String, trigger: Interval = .iterations(1), priority: Int = ExtensionPriority.reader,
                _ body: @escaping (Trainer) throws -> Void) {
        defaultName = name
        self.trigger = trigger
        self.priority = priority
        self.body = body
    }

    public func callAsFunction(_ trainer: Trainer) throws { try body(trainer) }
}
