// Reusable scratch memory for packed GEMM panels and per-thread work buffers.
import Foundation

/// Small pools of 64-byte-aligned blocks reused across products, one pool per thread. Packed
/// panels take up to a few MiB; allocating them afresh each call would map and fault in new
/// pages every time. The pools are thread-local, so threads running the chunks of one loop
/// never wait on each other for their buffers.
enum ScratchMemory {
    /// One thread's free blocks, freed with the thread.
    private final class Pool {
        var blocks: [(pointer: UnsafeMutableRawPointer, bytes: Int)] = []
        deinit { for block in blocks { block.pointer.deallocate() } }
    }

    /// Blocks a thread keeps for reuse: a product nested in a loop's chunk needs two or three.
    private static let poolLimit = 4

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pool in
            #if canImport(Darwin)
            Unmanaged<AnyObject>.fromOpaque(pool).release()
            #else
            if let pool { Unmanaged<AnyObject>.fromOpaque(pool).release() }
            #endif
        }
        precondition(status == 0, "ScratchMemory: pthread_key_create failed (\(status))")
        return key
    }()

    /// This thread's pool, made on first use.
    private static var pool: Pool {
        if let existing = pthread_getspecific(key) { return Unmanaged<Pool>.fromOpaque(existing).takeUnretainedValue() }
        let pool = Pool()
        pthread_setspecific(key, Unmanaged.passRetained(pool).toOpaque())
        return pool
    }

    /// Runs `body` with at least `count` writable elements of `T`, uninitialized.
    static func with<T, R>(_ count: Int, of type: T.Type, _ body: (UnsafeMutablePointer<T>) -> R) -> R {
        let bytes = max(count, 1) * MemoryLayout<T>.stride
        let pool = self.pool
        // The smallest kept block that fits, so that small requests leave the large blocks free.
        let fitting = pool.blocks.indices.filter { pool.blocks[$0].bytes >= bytes }
        let block = fitting.min { pool.blocks[$0].bytes < pool.blocks[$1].bytes }.map { pool.blocks.remove(at: $0) }
            ?? (pointer: UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64), bytes: bytes)
        defer {
            pool.blocks.append(block)
            if pool.blocks.count > poolLimit { pool.blocks.removeFirst().pointer.deallocate() }
        }
        return body(block.pointer.bindMemory(to: T.self, capacity: count))
    }
}
