// The worker-thread setting and the parallel loop every threaded kernel uses.
import Foundation

/// How many threads kernels may use, and the one way they split work.
///
/// Kernels cut their work into chunks whose boundaries depend only on the problem size,
/// never on the thread count; threads only decide who runs which chunk. That is why every
/// kernel gives bit-identical results on 1 and N threads.
public enum Threading {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var configured: Int = defaultThreadCount()

    @TaskLocal static var scopedCount: Int?

    /// Threads kernels may use: inside `withThreadCount`, its count; else the process-wide
    /// setting, initially `KUSARI_NUM_THREADS` if set, else the number of active cores.
    /// Setting it changes the process-wide value.
    public static var threadCount: Int {
        get { scopedCount ?? lock.withLock { configured } }
        set {
            precondition(newValue >= 1, "Threading.threadCount must be at least 1, got \(newValue)")
            lock.withLock { configured = newValue }
        }
    }

    /// Runs `body` with `threadCount` equal to `count` for the current task only.
    public static func withThreadCount<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        precondition(count >= 1, "Threading.withThreadCount: count must be at least 1, got \(count)")
        return try $scopedCount.withValue(count, operation: body)
    }

    static func defaultThreadCount() -> Int {
        if let text = ProcessInfo.processInfo.environment["KUSARI_NUM_THREADS"], let n = Int(text), n >= 1 {
            return n
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Runs `body(chunk)` for every chunk in `0..<chunks`, spread over up to `threadCount`
    /// threads (the caller and `WorkerPool`'s workers, each taking the next chunk as it comes
    /// free). Runs inline when one thread would do.
    @inlinable
    public static func parallelFor(_ chunks: Int, _ body: (Int) -> Void) {
        let threads = min(threadCount, chunks)
        if threads <= 1 {
            for chunk in 0..<chunks { body(chunk) }
            return
        }
        runOnWorkers(chunks, threads: threads, body)
    }

    @usableFromInline
    static func runOnWorkers(_ chunks: Int, threads: Int, _ body: (Int) -> Void) {
        WorkerPool.shared.run(chunks, threads: threads, body)
    }

    /// The number of chunks to cut `count` items into so that each holds at least `grain`
    /// items; depends on the sizes alone.
    @inlinable
    public static func chunkCount(_ count: Int, grain: Int) -> Int {
        max(1, min(64, count / max(grain, 1)))
    }

    /// The half-open range of items in `chunk` when `count` items are cut into `chunks`.
    @inlinable
    public static func range(of chunk: Int, in chunks: Int, count: Int) -> Range<Int> {
        (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
    }
}
