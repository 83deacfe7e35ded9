// Reports a stochastic function running in training mode while backprop is off: the usual
// sign of evaluation that forgot `using(train: false)`.
import Foundation

/// What Kusari does when dropout or batch-norm statistics run with `Config.train == true`
/// while backprop is disabled (evaluation in the wrong mode).
public enum TrainModeCheck {
    public enum Policy: Sendable {
        /// Print one warning to stderr the first time, then count silently (the default).
        case warnOnce
        /// Stop the program with the message.
        case error
        /// Only count.
        case silent
    }

    private struct State {
        var policy = Policy.warnOnce
        var count = 0
        var warned = false
    }

    nonisolated(unsafe) private static var state = State()
    private static let lock = NSLock()

    /// The current policy.
    public static var policy: Policy {
        get { lock.withLock { state.policy } }
        set { lock.withLock { state.policy = newValue } }
    }

    /// A counter of its own for one task (see `withIsolatedState`).
    final class Counter: @unchecked Sendable {
        // Guarded by `lock`.
        var count = 0
        let lock = NSLock()
    }

    @TaskLocal static var scoped: Counter?

    /// How many stochastic-function calls ran in training mode with backprop off since the
    /// program started (or since `resetCount()`); inside `withIsolatedState`, since it began.
    public static var count: Int {
        if let scoped { return scoped.lock.withLock { scoped.count } }
        return lock.withLock { state.count }
    }

    public static func resetCount() {
        if let scoped { return scoped.lock.withLock { scoped.count = 0 } }
        lock.withLock { state.count = 0 }
    }

    /// The message given for `function`.
    public static func message(for function: String) -> String {
        "\(function) ran with train == true while backprop is off: this usually means evaluation "
            + "without test mode (dropout still drops, batch norm uses batch statistics). "
            + "Wrap evaluation in `using(train: false) { ... }`, or use Evaluator / predict."
    }

    /// Called by stochastic functions on every forward pass.
    static func check(_ function: String) {
        guard Config.train && !Config.enableBackprop else { return }
        if let scoped { scoped.lock.withLock { scoped.count += 1 } }
        let (policy, firstTime) = lock.withLock { () -> (Policy, Bool) in
            if scoped == nil { state.count += 1 }
            let first = !state.warned
            state.warned = true
            return (state.policy, first)
        }
        switch policy {
        case .warnOnce where firstTime:
            FileHandle.standardError.write(Data(("warning: " + message(for: function) + "\n").utf8))
        case .error: preconditionFailure(message(for: function))
        default: break
        }
    }
}
