import Testing
@testable import KusariArray

@Suite struct BlockCacheTests {
    /// Distinct fake addresses: the cache never dereferences its blocks.
    private func block(_ id: Int) -> UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: id * 64)! }

    private let small = BlockCache(minimumBytes: 100, capacity: 1_000, largestBlock: 5_000)

    @Test func reusesBlocksOfExactlyTheSameSize() {
        var cache = small
        #expect(cache.give(block(1), byteCount: 300).isEmpty)
        #expect(cache.give(block(2), byteCount: 300).isEmpty)
        #expect(cache.take(200) == nil)
        #expect(cache.take(300) == block(2))
        #expect(cache.take(300) == block(1))
        #expect(cache.take(300) == nil)
        #expect(cache.cachedBytes == 0)
    }

    @Test func freesBlocksTooSmallOrTooLargeAtOnce() {
        var cache = small
        #expect(cache.give(block(1), byteCount: 99) == [block(1)])
        #expect(cache.give(block(2), byteCount: 5_001) == [block(2)])
        #expect(cache.blocks.isEmpty)
    }

    @Test func evictsTheOldestBeyondCapacity() {
        var cache = small
        for id in 1...3 { #expect(cache.give(block(id), byteCount: 300).isEmpty) }
        #expect(cache.give(block(4), byteCount: 300) == [block(1)])
        #expect(cache.blocks.map(\.pointer) == [block(2), block(3), block(4)])
        #expect(cache.give(block(5), byteCount: 700) == [block(2), block(3)])
        #expect(cache.blocks.map(\.pointer) == [block(4), block(5)])
        #expect(cache.cachedBytes == 1_000)
    }

    @Test func keepsTheNewestBlockAloneWhenItExceedsCapacity() {
        var cache = small
        #expect(cache.give(block(1), byteCount: 300).isEmpty)
        #expect(cache.give(block(2), byteCount: 4_000) == [block(1)])
        #expect(cache.cachedBytes == 4_000)
        // A later small block pushes the big one out: the cap is back to `capacity`.
        #expect(cache.give(block(3), byteCount: 300) == [block(2)])
        #expect(cache.take(300) == block(3))
    }
}
