// MultithreadIterator against SerialIterator, batch for batch, and its shutdown.
import Testing
@testable import Kusari

/// Holds an object without keeping it alive.
private struct WeakBox { weak var value: AnyObject? }

@Suite struct MultithreadIteratorTests {
    /// 7 examples in batches of 3 over 6 epochs: every batch, bit for bit, and the epoch
    /// bookkeeping equal SerialIterator's with the same seed, for 1 and 3 batches ahead.
    @Test(arguments: [1, 3]) func equalsSerialIterator(nPrefetch: Int) {
        let serial = SerialIterator(indexed(7), batchSize: 3, seed: 8)
        let threaded = MultithreadIterator(indexed(7), batchSize: 3, seed: 8, nPrefetch: nPrefetch)
        #expect(Snapshot(nil, serial) == Snapshot(nil, threaded))
        for _ in 0..<14 {
            let a = serial.nextBatch(), b = threaded.nextBatch()
            #expect(Snapshot(a, serial) == Snapshot(b, threaded))
        }
        #expect(threaded.epoch == 6)
        threaded.finalize()
    }

    /// Without repeat: the same short last batch, then nil; after `reset()` the same again.
    @Test func withoutRepeatAndReset() {
        let serial = SerialIterator(indexed(7), batchSize: 3, repeat: false, seed: 2)
        let threaded = MultithreadIterator(indexed(7), batchSize: 3, repeat: false, seed: 2, nPrefetch: 2)
        for round in 0..<2 {
            var sizes: [Int?] = []
            for _ in 0..<5 {
                let a = serial.nextBatch(), b = threaded.nextBatch()
                #expect(Snapshot(a, serial) == Snapshot(b, threaded))
                sizes.append(b.map { $0[0].shape[0] })
            }
            #expect(sizes == [3, 3, 1, nil, nil], "round \(round)")
            serial.reset()
            threaded.reset()
        }
    }

    /// Saved mid-epoch, the state equals SerialIterator's at the same batch (the prefetched
    /// batch is not part of it); loaded into a fresh iterator, it continues identically.
    @Test func serializationRoundTrip() throws {
        let serial = SerialIterator(indexed(7), batchSize: 3, seed: 13)
        let threaded = MultithreadIterator(indexed(7), batchSize: 3, seed: 13, nPrefetch: 2)
        for _ in 0..<4 { _ = serial.nextBatch(); _ = threaded.nextBatch() }
        let saved = NPZSerializer(), reference = NPZSerializer()
        try threaded.serialize(saved)
        try serial.serialize(reference)
        #expect(Set(saved.values.keys) == Set(reference.values.keys))
        for key in reference.values.keys {
            let a = savedArray(saved.values, key)!, b = savedArray(reference.values, key)!
            #expect(a.dtype == b.dtype && a.astype(.float64).toArray(as: Double.self) == b.astype(.float64).toArray(as: Double.self), "\(key)")
        }
        let resumed = MultithreadIterator(indexed(7), batchSize: 3, seed: 77)
        _ = resumed.nextBatch()
        try resumed.serialize(NPZDeserializer(saved.values))
        for _ in 0..<9 {
            let a = serial.nextBatch(), b = resumed.nextBatch(), c = threaded.nextBatch()
            #expect(Snapshot(a, serial) == Snapshot(b, resumed))
            #expect(Snapshot(a, serial) == Snapshot(c, threaded))
        }
    }

    /// After `finalize()` no gather is running, however many were scheduled ahead; a second
    /// call is harmless.
    @Test func finalizeStopsBackgroundWork() {
        let dataset = CountingDataset(base: indexed(50))
        let it = MultithreadIterator(dataset, batchSize: 5, seed: 1, nPrefetch: 6)
        #expect(it.nextBatch() != nil)
        it.finalize()
        #expect(dataset.counter.active == 0)
        #expect(dataset.counter.gathers <= 7)
        it.finalize()
        #expect(dataset.counter.active == 0)
    }

    /// Iterators dropped mid-prefetch are freed (the background work holds no reference to
    /// them) and leave no gather running.
    @Test func droppedIteratorsAreFreed() {
        let dataset = CountingDataset(base: indexed(20))
        var boxes: [WeakBox] = []
        for k in 0..<40 {
            let it = MultithreadIterator(dataset, batchSize: 3, seed: UInt64(k), nPrefetch: 2)
            _ = it.nextBatch()
            boxes.append(WeakBox(value: it))
        }
        #expect(boxes.allSatisfy { $0.value == nil })
        #expect(dataset.counter.active == 0)
        #expect(dataset.counter.gathers >= 40)
    }
}
