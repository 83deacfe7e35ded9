// The worker threads behind `Threading.parallelFor`.
import Foundation
import Synchronization

/// Persistent threads that run the chunks of one `parallelFor` at a time beside its caller.
///
/// A training step posts a few dozen short parallel loops. Waking a sleeping thread takes
/// tens of microseconds, which a loop of a few hundred microseconds loses in full while its
/// caller waits for the late thread's share; Dispatch's threads sleep between loops. These
/// threads instead keep watching for the next loop for `spinDuration` after finishing one,
/// then sleep; while watching (and while a caller waits for the last chunks) they yield, so
/// other work on a busy machine still gets the core. Chunks are claimed one at a time from a shared counter, so a late thread
/// simply finds fewer left. Which thread runs a chunk never changes a result: kernels cut
/// their work into chunks fixed by the sizes alone.
///
/// One loop runs at a time. A `parallelFor` that finds the pool busy (another thread's loop,
/// or a loop nested inside a chunk) runs its chunks on its own thread.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    /// How long an idle worker keeps watching before it sleeps.
    static let spinDuration: Duration = .microseconds(200)

    /// The loop being run: generation in the high 32 bits, the next unclaimed chunk in the low.
    private let claims = Atomic<UInt64>(0)
    /// Chunks of the current loop not yet finished.
    private let unfinished = Atomic<Int>(0)
    /// Workers (by index) that may take chunks of the current loop.
    private let helpers = Atomic<Int>(0)
    /// Held by the thread posting a loop, for the whole loop.
    private let posting = NSLock()
    /// Sleeping workers wait here for the generation to change.
    private let wake = NSCondition()
    /// The current loop's chunk count.
    private let chunks = Atomic<Int>(0)
    /// The current loop's body; written only while no chunk of a loop is claimed.
    private var body: UnsafeRawPointer?
    /// Workers started so far (guarded by `posting`).
    private var started = 0

    /// Runs `body(chunk)` for every chunk in `0..<chunks` on the calling thread and up to
    /// `threads − 1` workers, or on the calling thread alone when the pool is busy.
    func run(_ chunks: Int, threads: Int, _ body: (Int) -> Void) {
        guard posting.try() else {
            for chunk in 0..<chunks { body(chunk) }
            return
        }
        defer { posting.unlock() }
        while started < threads - 1 { startWorker(index: started); started += 1 }
        withoutActuallyEscaping(body) { body in
            withUnsafePointer(to: body) { pointer in
                self.chunks.store(chunks, ordering: .relaxed)
                self.body = UnsafeRawPointer(pointer)
                unfinished.store(chunks, ordering: .relaxed)
                helpers.store(threads - 1, ordering: .relaxed)
                let generation = (claims.load(ordering: .relaxed) >> 32) &+ 1
                claims.store(generation << 32, ordering: .releasing)
                wake.lock()
                wake.broadcast()
                wake.unlock()
                runChunks(of: UInt32(truncatingIfNeeded: generation))
                while unfinished.load(ordering: .acquiring) > 0 { sched_yield() }
                self.body = nil
            }
        }
    }

    private func startWorker(index: Int) {
        let thread = Thread { [self] in workerLoop(index: index) }
        thread.name = "Kusari worker \(index + 1)"
        thread.start()
    }

    private func workerLoop(index: Int) -> Never {
        var seen = claims.load(ordering: .acquiring) >> 32
        let clock = ContinuousClock()
        while true {
            let idleSince = clock.now
            while claims.load(ordering: .acquiring) >> 32 == seen {
                if clock.now - idleSince < Self.spinDuration {
                    sched_yield()
                    continue
                }
                wake.lock()
                while claims.load(ordering: .acquiring) >> 32 == seen { wake.wait() }
                wake.unlock()
            }
            seen = claims.load(ordering: .acquiring) >> 32
            if index < helpers.load(ordering: .relaxed) { runChunks(of: UInt32(truncatingIfNeeded: seen)) }
        }
    }

    /// Claims and runs chunks of loop `generation` until none is left (or a newer loop began).
    private func runChunks(of generation: UInt32) {
        while true {
            let state = claims.load(ordering: .acquiring)
            guard UInt32(truncatingIfNeeded: state >> 32) == generation else { return }
            let chunk = Int(truncatingIfNeeded: state & 0xFFFF_FFFF)
            guard chunk < chunks.load(ordering: .relaxed) else { return }
            guard claims.compareExchange(expected: state, desired: state + 1, ordering: .acquiringAndReleasing).exchanged
            else { continue }
            // A claimed chunk keeps its loop (and `body`) alive until it is counted finished.
            invoke(chunk)
            unfinished.subtract(1, ordering: .releasing)
        }
    }

    /// Calls the loop's body; the closure copy is released before this returns.
    @inline(never)
    private func invoke(_ chunk: Int) {
        body!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(chunk)
    }
}
