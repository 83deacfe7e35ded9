// Reusable scratch memory for packed GEMM panels.
import Foundation

/// A small pool of 64-byte-aligned blocks reused across products. Packed panels take up to a
/// few MiB; allocating them afresh each call would map and fault in new pages every time.
enum ScratchMemory {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pool: [(pointer: UnsafeMutableRawPointer, bytes: Int)] = []
    /// Blocks kept for reuse: one or two per thread is all the products need.
    private static let poolLimit = 8

    /// Runs `body` with at least `count` writable elements of `T`, uninitialized.
    static func with<T, R>(_ count: Int, of type: T.Type, _ body: (UnsafeMutablePointer<T>) -> R) -> R {
        let bytes = max(count, 1) * MemoryLayout<T>.stride
        let reused = lock.withLock { () -> (pointer: UnsafeMutableRawPointer, bytes: Int)? in
            guard let index = pool.firstIndex(where: { $0.bytes >= bytes }) else { return nil }
            return pool.remove(at: index)
        }
        let block = reused ?? (UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64), bytes)
        defer {
            let evicted = lock.withLock { () -> UnsafeMutableRawPointer? in
                pool.append(block)
                return pool.count > poolLimit ? pool.removeFirst().pointer : nil
            }
            evicted?.deallocate()
        }
        return body(block.pointer.bindMemory(to: T.self, capacity: count))
    }
}
