import Foundation
import Testing
@testable import KusariArray

/// The per-thread scratch pools: blocks are aligned, reused by their thread, distinct while
/// nested, and never shared between threads that hold them at the same time.
@Suite struct ScratchMemoryTests {
    private static func address<T>(_ pointer: UnsafeMutablePointer<T>) -> Int { Int(bitPattern: pointer) }

    /// Runs `body` on a new thread, whose pool starts empty, and returns its result.
    private static func onNewThread<R: Sendable>(_ body: @escaping @Sendable () -> R) -> R {
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: R?
        Thread {
            result = body()
            finished.signal()
        }.start()
        finished.wait()
        return result!
    }

    @Test func blocksAreAlignedReusedAndDistinctWhenNested() {
        let a = Self.onNewThread {
            let first = ScratchMemory.with(1000, of: Float.self) { Self.address($0) }
            let again = ScratchMemory.with(900, of: Float.self) { Self.address($0) }
            let (outer, inner) = ScratchMemory.with(1000, of: Float.self) { outer in
                (Self.address(outer), ScratchMemory.with(1000, of: Float.self) { Self.address($0) })
            }
            let (large, small) = ScratchMemory.with(1 << 20, of: Double.self) { block in
                block.initialize(repeating: 1, count: 1 << 20)
                return (Self.address(block), ScratchMemory.with(10, of: Float.self) { Self.address($0) })
            }
            let largeAgain = ScratchMemory.with(1 << 19, of: Double.self) { Self.address($0) }
            return (first: first, again: again, outer: outer, inner: inner, large: large, small: small,
                    largeAgain: largeAgain)
        }
        #expect(a.first % 64 == 0 && a.inner % 64 == 0 && a.large % 64 == 0)
        // Asking again for no more gets the same block back; a nested request gets another.
        #expect(a.again == a.first && a.outer == a.first && a.inner != a.first)
        // A small request takes the smallest block that fits, leaving the large one free.
        #expect(a.small == a.first || a.small == a.inner)
        #expect(a.largeAgain == a.large)
    }

    @Test func threadsHoldingBlocksAtOnceGetDifferentOnes() {
        let threads = 4
        let condition = NSCondition()
        nonisolated(unsafe) var addresses: [Int] = [], intact = 0, done = 0
        for thread in 0..<threads {
            Thread {
                ScratchMemory.with(4096, of: UInt8.self) { block in
                    block.initialize(repeating: UInt8(thread), count: 4096)
                    condition.lock()
                    addresses.append(Self.address(block))
                    condition.broadcast()
                    // Every thread holds its block until all have taken and written theirs.
                    while addresses.count < threads { condition.wait() }
                    if (0..<4096).allSatisfy({ block[$0] == UInt8(thread) }) { intact += 1 }
                    condition.unlock()
                }
                condition.lock()
                done += 1
                condition.broadcast()
                condition.unlock()
            }.start()
        }
        condition.lock()
        while done < threads { condition.wait() }
        condition.unlock()
        #expect(Set(addresses).count == threads)
        #expect(intact == threads)
    }
}
