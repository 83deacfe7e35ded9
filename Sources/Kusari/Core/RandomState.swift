// The global seed every random stream in Kusari derives from.
import Foundation

/// Kusari's global random state: one seed, and a counter per purpose ("initializer",
/// "dropout", ...). Each request for a stream gets the next counter, so the n-th dropout
/// call after `seed(_:)` always sees the same mask, however the loop around it is written,
/// and on any number of threads.
public enum RandomState {
    private struct State {
        var seed: UInt64 = 0
        var counters: [String: UInt64] = [:]
    }

    nonisolated(unsafe) private static var state = State()
    private static let lock = NSLock()

    /// The current global seed.
    public static var seed: UInt64 { lock.withLock { state.seed } }

    /// Resets every stream to start from `seed`.
    public static func reset(seed: UInt64) {
        lock.withLock { state = State(seed: seed, counters: [:]) }
    }

    /// The next stream for `purpose`: `RandomStream(seed:)` derived by the purpose's name, then
    /// by the number of streams this purpose has taken since the seed was set.
    public static func nextStream(_ purpose: String) -> RandomStream {
        let (seed, index) = lock.withLock { () -> (UInt64, UInt64) in
            let index = state.counters[purpose, default: 0]
            state.counters[purpose] = index + 1
            return (state.seed, index)
        }
        return RandomStream(seed: seed).derived(purpose).derived(index)
    }

    /// The per-purpose counters, for snapshots.
    public static var counters: [String: UInt64] {
        get { lock.withLock { state.counters } }
        set { lock.withLock { state.counters = newValue } }
    }
}

/// Seeds every random stream Kusari uses (initial weights, dropout masks, shuffling).
/// Call it as `Kusari.seed(42)`.
public func seed(_ value: UInt64) { RandomState.reset(seed: value) }

/// The global random state as a serializable object, for trainer snapshots: the seed and one
/// `purpose=count` line per purpose.
public struct RandomStateSnapshot: Serializable {
    public init() {}

    public func serialize(_ serializer: any Serializer) throws {
        var seed = Int64(bitPattern: RandomState.seed)
        var counters = RandomState.counters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        try serializer("seed", &seed)
        try serializer("counters", &counters)
        guard serializer.isLoading else { return }
        var restored: [String: UInt64] = [:]
        for line in counters.split(separator: "\n") {
            let parts = line.split(separator: "=")
            guard parts.count == 2, let count = UInt64(parts[1]) else {
                throw SerializationError("a counter line must read purpose=count, found \"\(line)\"", key: "counters")
            }
            restored[String(parts[0])] = count
        }
        RandomState.reset(seed: UInt64(bitPattern: seed))
        RandomState.counters = restored
    }
}
