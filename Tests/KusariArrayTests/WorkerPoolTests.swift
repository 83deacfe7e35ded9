import Foundation
import Synchronization
import Testing
@testable import KusariArray

/// `Threading.parallelFor` on `WorkerPool`: every chunk exactly once, no more threads than
/// asked for, and nested or concurrent loops run to completion.
@Suite struct WorkerPoolTests {
    /// How many times each chunk ran, and on which threads, for one loop.
    final class Record: @unchecked Sendable {
        let lock = NSLock()
        var runs: [Int]
        var threads = Set<ObjectIdentifier>()
        init(_ chunks: Int) { runs = Array(repeating: 0, count: chunks) }
        func note(_ chunk: Int) {
            lock.withLock {
                runs[chunk] += 1
                threads.insert(ObjectIdentifier(Thread.current))
            }
        }
    }

    @Test(arguments: [(2, 2), (2, 64), (3, 7), (4, 64), (8, 5)])
    func runsEveryChunkOnceOnAtMostThreadCountThreads(threads: Int, chunks: Int) {
        for _ in 0..<20 {
            let record = Record(chunks)
            Threading.withThreadCount(threads) {
                Threading.parallelFor(chunks) { chunk in
                    // Enough work that late workers still find chunks to take.
                    var x = 0.0
                    for i in 0..<2_000 { x += Double(i ^ chunk) }
                    if x < 0 { print(x) }
                    record.note(chunk)
                }
            }
            #expect(record.runs == Array(repeating: 1, count: chunks))
            #expect(record.threads.count <= min(threads, chunks))
        }
    }

    @Test func nestedLoopsRunInside() {
        let outer = 6, inner = 5
        let record = Record(outer * inner)
        Threading.withThreadCount(2) {
            Threading.parallelFor(outer) { i in
                Threading.parallelFor(inner) { j in record.note(i * inner + j) }
            }
        }
        #expect(record.runs == Array(repeating: 1, count: outer * inner))
    }

    @Test func concurrentCallersEachFinishTheirOwnLoop() async {
        let callers = 8, chunks = 32
        let records = (0..<callers).map { _ in Record(chunks) }
        await withTaskGroup(of: Void.self) { group in
            for record in records {
                group.addTask {
                    for _ in 0..<50 {
                        let counts = Atomic<Int>(0)
                        Threading.withThreadCount(2) {
                            Threading.parallelFor(chunks) { _ in counts.add(1, ordering: .relaxed) }
                        }
                        if counts.load(ordering: .relaxed) != chunks { record.note(0) }
                    }
                    Threading.withThreadCount(2) { Threading.parallelFor(chunks) { record.note($0) } }
                }
            }
        }
        for record in records { #expect(record.runs == Array(repeating: 1, count: chunks)) }
    }

    /// A kernel's result does not depend on which thread ran which chunk.
    @Test func sumsAreBitIdenticalOnOneAndTwoThreads() {
        let x = testArray([64, 4_099], dtype: .float32, seed: 11)
        let one = Threading.withThreadCount(1) { x.sum(axes: [1]) }
        for _ in 0..<10 {
            let two = Threading.withThreadCount(2) { x.sum(axes: [1]) }
            #expect(two.toArray(as: Float.self).map(\.bitPattern) == one.toArray(as: Float.self).map(\.bitPattern))
        }
    }
}
