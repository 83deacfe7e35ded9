// The seed every random stream in Kusari derives from.
import Foundation

/// Kusari's random state: one seed, and a counter per purpose ("initializer", "dropout",
/// "iterator", ...). Each request for a stream gets the next counter, so the n-th dropout call
/// after `seed(_:)` always sees the same mask, however the loop around it is written, and on
/// any number of threads.
///
/// The state is global (`seed(_:)`), or scoped to a task with `withIsolatedState(seed:_:)`, so that
/// concurrent runs in one process (tests, parallel experiments) do not share counters.
public enum RandomState {
    final class Box: @unchecked Sendable {
        // Guarded by `lock`.
        var seed: UInt64
        var counters: [String: UInt64] = [:]
        let lock = NSLock()

        init(seed: UInt64) { self.seed = seed }
    }

    private static let global = Box(seed: 0)
    @TaskLocal static var scoped: Box?
    private static var current: Box { scoped ?? global }

    /// The current seed.
    public static var seed: UInt64 {
        let box = current
        return box.lock.withLock { box.seed }
    }

    /// Resets every stream of the current state to start from `seed`.
    public static func reset(seed: UInt64) {
        let box = current
        box.lock.withLock {
            box.seed = seed
            box.counters = [:]
        }
    }

    /// The next stream for `purpose`: `RandomStream(seed:)` derived by the purpose's name, then
    /// by the number of streams this purpose has taken since the seed was set.
    public static func nextStream(_ purpose: String) -> RandomStream {
        let box = current
        let (seed, index) = box.lock.withLock { () -> (UInt64, UInt64) in
            let index = box.counters[purpose, default: 0]
            box.counters[purpose] = index + 1
            return (box.seed, index)
        }
        return RandomStream(seed: seed).derived(purpose).derived(index)
    }

    /// The per-purpose counters, for snapshots.
    public static var counters: [String: UInt64] {
        get {
            let box = current
            return box.lock.withLock { box.counters }
        }
        set {
            let box = current
            box.lock.withLock { box.counters = newValue }
        }
    }
}

/// Seeds every random stream Kusari uses (initial weights, dropout masks, shuffling), in the
/// current random state. Call it as `Kusari.seed(42)`.
public func seed(_ value: UInt64) { RandomState.reset(seed: value) }

/// Runs `body` with process-wide state of its own: a random state seeded with `seed`, and
/// a train-mode-check counter starting at zero. Runs inside never share streams or counts
/// with the global state or with another task, so several runs can share one process (tests,
/// parallel experiments) and still each be exactly reproducible.
public func withIsolatedState<R>(seed: UInt64, _ body: () throws -> R) rethrows -> R {
    try RandomState.$scoped.withValue(RandomState.Box(seed: seed)) {
        try TrainModeCheck.$scoped.withValue(TrainModeCheck.Counter(), operation: body)
    }
}

/// The current random state as a serializable object, for trainer snapshots: the seed and one
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
