// The storage pool: freed large blocks kept for reuse by the next array of the same size.
import Foundation

/// The process-wide `BlockCache` behind every `NDStorage`.
enum StoragePool {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache = BlockCache()

    static func take(_ byteCount: Int) -> UnsafeMutableRawPointer? { lock.withLock { cache.take(byteCount) } }

    static func give(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        for block in lock.withLock({ cache.give(pointer, byteCount: byteCount) }) { block.deallocate() }
    }
}

/// Recently freed large blocks, kept for reuse by exact size: a training step allocates the
/// same shapes every iteration, and reusing their pages saves the page faults and the
/// allocator's growth that fresh multi-megabyte allocations cost (first touch of fresh pages
/// runs at about a tenth of memcpy's bandwidth here). It keeps at most `capacity` bytes, or the
/// newest block alone when that is larger (up to `largestBlock`), so a loop over one big array
/// reuses its result buffer too; the oldest blocks go first.
struct BlockCache {
    /// Blocks below `minimumBytes` come from malloc directly; it is fast for them.
    let minimumBytes: Int
    let capacity: Int
    let largestBlock: Int
    private(set) var blocks: [(byteCount: Int, pointer: UnsafeMutableRawPointer)] = []
    private(set) var cachedBytes = 0

    init(minimumBytes: Int = 64 << 10, capacity: Int = 32 << 20, largestBlock: Int = 256 << 20) {
        (self.minimumBytes, self.capacity, self.largestBlock) = (minimumBytes, capacity, largestBlock)
    }

    /// A kept block of exactly `byteCount` bytes (the newest such), removed from the cache.
    mutating func take(_ byteCount: Int) -> UnsafeMutableRawPointer? {
        guard byteCount >= minimumBytes, let index = blocks.lastIndex(where: { $0.byteCount == byteCount }) else {
            return nil
        }
        cachedBytes -= byteCount
        return blocks.remove(at: index).pointer
    }

    /// Keeps `pointer` when it is worth keeping; returns the blocks the caller must free (it,
    /// or the oldest blocks it pushed out).
    mutating func give(_ pointer: UnsafeMutableRawPointer, byteCount: Int) -> [UnsafeMutableRawPointer] {
        guard byteCount >= minimumBytes, byteCount <= largestBlock else { return [pointer] }
        blocks.append((byteCount, pointer))
        cachedBytes += byteCount
        var evicted: [UnsafeMutableRawPointer] = []
        while cachedBytes > max(capacity, byteCount) {
            let oldest = blocks.removeFirst()
            cachedBytes -= oldest.byteCount
            evicted.append(oldest.pointer)
        }
        return evicted
    }
}
