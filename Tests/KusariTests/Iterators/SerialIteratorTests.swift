// SerialIterator against hand-worked traces of Chainer's iterator state machine.
import Testing
@testable import Kusari

/// Reverses the order every epoch, starting from the reversed identity.
private struct ReverseSampler: OrderSampler {
    func callAsFunction(_ currentOrder: [Int], position: Int, rng: inout RandomStream) -> [Int] {
        currentOrder.reversed()
    }
}

@Suite struct SerialIteratorTests {
    /// 10 examples, batch 4, in index order: the third batch finishes epoch 0 and takes 0, 1
    /// from epoch 1.
    @Test func traceWithoutShuffle() {
        let it = SerialIterator(indexed(10), batchSize: 4, shuffle: false, seed: 0)
        #expect(it.epoch == 0 && it.epochDetail == 0 && it.previousEpochDetail == nil && !it.isNewEpoch)
        let expected: [(indices: [Int], detail: Double, new: Bool, epoch: Int, previous: Double)] = [
            ([0, 1, 2, 3], 0.4, false, 0, 0.0),
            ([4, 5, 6, 7], 0.8, false, 0, 0.4),
            ([8, 9, 0, 1], 1.2, true, 1, 0.8),
            ([2, 3, 4, 5], 1.6, false, 1, 1.2),
        ]
        for step in expected {
            let batch = it.nextBatch()!
            #expect(indices(of: batch) == step.indices)
            #expect(batch[1].toArray(as: Float.self) == step.indices.flatMap { [Float($0) / 2, -Float($0)] })
            #expect(abs(it.epochDetail - step.detail) < 1e-12)
            #expect(it.isNewEpoch == step.new && it.epoch == step.epoch)
            #expect(abs(it.previousEpochDetail! - step.previous) < 1e-12)
        }
    }

    /// With shuffle, epoch e visits permutation e of the iterator's stream: p0 is drawn at
    /// init, p1 when batch 3 ends epoch 0, p2 when batch 5 ends epoch 1 exactly.
    @Test func traceWithShuffle() {
        var rng = RandomStream(seed: 11)
        let p0 = permutation(10, &rng), p1 = permutation(10, &rng), p2 = permutation(10, &rng)
        let it = SerialIterator(indexed(10), batchSize: 4, seed: 11)
        let expected = [Array(p0[0..<4]), Array(p0[4..<8]), Array(p0[8..<10] + p1[0..<2]),
                        Array(p1[2..<6]), Array(p1[6..<10]), Array(p2[0..<4])]
        var got: [[Int]] = []
        var newEpochs: [Bool] = []
        for _ in expected {
            got.append(it.nextIndices()!)
            newEpochs.append(it.isNewEpoch)
        }
        #expect(got == expected)
        #expect(newEpochs == [false, false, true, false, true, false])
        #expect(it.epoch == 2 && abs(it.epochDetail - 2.4) < 1e-12)
        #expect(it.state.order == p2)
        #expect(p0 != p1 && p1 != p2 && p0.sorted() == Array(0..<10))
    }

    /// A batch larger than the dataset spans several epochs.
    @Test func batchLargerThanDataset() {
        let it = SerialIterator(indexed(3), batchSize: 7, shuffle: false, seed: 0)
        #expect(it.nextIndices() == [0, 1, 2, 0, 1, 2, 0])
        #expect(it.epoch == 2 && it.isNewEpoch && abs(it.epochDetail - (2 + 1.0 / 3)) < 1e-12)
        #expect(it.nextIndices() == [1, 2, 0, 1, 2, 0, 1])
        #expect(it.epoch == 4 && abs(it.epochDetail - (4 + 2.0 / 3)) < 1e-12)
    }

    /// Without repeat the last batch is short, then nil for ever; the state stays at epoch 1.
    @Test func withoutRepeat() {
        let it = SerialIterator(indexed(10), batchSize: 4, repeat: false, shuffle: false, seed: 0)
        #expect(it.nextIndices() == [0, 1, 2, 3])
        #expect(it.nextIndices() == [4, 5, 6, 7])
        #expect(it.nextBatch().map(indices(of:)) == [8, 9])
        #expect(it.epoch == 1 && it.isNewEpoch && it.epochDetail == 1 && it.previousEpochDetail == 0.8)
        #expect(it.nextBatch() == nil)
        #expect(it.epoch == 1 && it.isNewEpoch && it.previousEpochDetail == 1)
        #expect(it.next() == nil)

        var rng = RandomStream(seed: 3)
        let p0 = permutation(5, &rng)
        let shuffled = SerialIterator(indexed(5), batchSize: 2, repeat: false, seed: 3)
        #expect([shuffled.nextIndices(), shuffled.nextIndices(), shuffled.nextIndices(), shuffled.nextIndices()]
                == [Array(p0[0..<2]), Array(p0[2..<4]), [p0[4]], nil])
    }

    /// An epoch that ends exactly on a batch boundary gives no empty batch.
    @Test func withoutRepeatExactEnd() {
        let it = SerialIterator(indexed(8), batchSize: 4, repeat: false, shuffle: false, seed: 0)
        #expect(it.nextIndices() == [0, 1, 2, 3])
        #expect(it.nextIndices() == [4, 5, 6, 7] && it.isNewEpoch && it.epoch == 1)
        #expect(it.nextIndices() == nil)
    }

    /// `reset()` goes back to epoch 0 and draws a new first order from the stream as it stands:
    /// p0 at init, p1 when the last batch ends the epoch, p2 at reset.
    @Test func reset() {
        var rng = RandomStream(seed: 4)
        let p0 = permutation(5, &rng), p1 = permutation(5, &rng), p2 = permutation(5, &rng)
        let it = SerialIterator(indexed(5), batchSize: 2, repeat: false, seed: 4)
        #expect(it.nextIndices() == Array(p0[0..<2]))
        _ = it.nextIndices(); _ = it.nextIndices()
        #expect(it.nextIndices() == nil && it.state.order == p1)
        it.reset()
        #expect(it.epoch == 0 && it.epochDetail == 0 && it.previousEpochDetail == nil && !it.isNewEpoch)
        #expect(it.nextIndices() == Array(p2[0..<2]))

        let plain = SerialIterator(indexed(5), batchSize: 3, shuffle: false, seed: 0)
        _ = plain.nextIndices()
        plain.reset()
        #expect(plain.nextIndices() == [0, 1, 2])
    }

    /// `next()` hands out the examples themselves, which `concatExamples` turns into the batch.
    @Test func nextGivesExamples() {
        let dataset = indexed(6)
        let it = SerialIterator(dataset, batchSize: 4, shuffle: false, seed: 0)
        _ = it.nextIndices()
        let examples = it.next()!
        #expect(examples.map { Int($0[0].item) } == [4, 5, 0, 1])
        #expect(examples[0][1].shape == [2] && examples[0][1].toArray(as: Float.self) == [2, -4])
        let batch = concatExamples(examples)
        #expect(batch[1].toArray(as: Float.self) == dataset.batch(at: [4, 5, 0, 1])[1].toArray(as: Float.self))
    }

    /// A custom sampler is called at reset with the identity and at each epoch end.
    @Test func customOrderSampler() {
        let it = SerialIterator(indexed(4), batchSize: 3, orderSampler: ReverseSampler(), seed: 0)
        #expect(it.nextIndices() == [3, 2, 1])
        #expect(it.nextIndices() == [0, 0, 1])
        #expect(it.nextIndices() == [2, 3, 3])
        #expect(it.state.order == [3, 2, 1, 0] && it.epoch == 2)
    }
}

@Suite struct SerialIteratorSerializationTests {
    /// 7 examples, batch 3, 4 batches: epoch 1, position 5, after drawing two permutations of
    /// 4 blocks each.
    @Test func savesChainerKeys() throws {
        var rng = RandomStream(seed: 21)
        _ = permutation(7, &rng)
        let p1 = permutation(7, &rng)
        let it = SerialIterator(indexed(7), batchSize: 3, seed: 21)
        for _ in 0..<4 { _ = it.nextIndices() }
        let s = NPZSerializer()
        try it.serialize(s)
        #expect(Set(s.values.keys) == ["current_position", "epoch", "is_new_epoch", "order", "previous_epoch_detail",
                                       "rng_seed", "rng_stream", "rng_position"])
        #expect(savedArray(s.values, "current_position")?.toArray(as: Int64.self) == [5])
        #expect(savedArray(s.values, "epoch")?.toArray(as: Int64.self) == [1])
        #expect(savedArray(s.values, "is_new_epoch")?.toArray(as: Bool.self) == [false])
        #expect(savedArray(s.values, "order")?.toArray(as: Int64.self) == p1.map(Int64.init))
        #expect(savedArray(s.values, "previous_epoch_detail")?.toArray(as: Double.self) == [1 + 2.0 / 7])
        #expect(savedArray(s.values, "rng_seed")?.toArray(as: Int64.self) == [21])
        #expect(savedArray(s.values, "rng_stream")?.toArray(as: Int64.self) == [0])
        #expect(savedArray(s.values, "rng_position")?.toArray(as: Int64.self) == [8])
    }

    /// In index order there is no order and no stream to save; nil is stored as −1.
    @Test func savesNoOrderWithoutShuffle() throws {
        let s = NPZSerializer()
        try SerialIterator(indexed(7), batchSize: 3, shuffle: false, seed: 0).serialize(s)
        #expect(Set(s.values.keys) == ["current_position", "epoch", "is_new_epoch", "previous_epoch_detail"])
        #expect(savedArray(s.values, "previous_epoch_detail")?.toArray(as: Double.self) == [-1])
    }

    /// Saved mid-epoch and loaded into an iterator with another seed, it continues exactly as
    /// the uninterrupted one, across the next epoch boundaries.
    @Test func roundTripContinuesIdentically() throws {
        let original = SerialIterator(indexed(7), batchSize: 3, seed: 21)
        for _ in 0..<4 { _ = original.nextIndices() }
        let s = NPZSerializer()
        try original.serialize(s)
        let resumed = SerialIterator(indexed(7), batchSize: 3, seed: 99)
        try resumed.serialize(NPZDeserializer(s.values))
        #expect(resumed.epoch == 1 && resumed.epochDetail == original.epochDetail)
        #expect(resumed.previousEpochDetail == original.previousEpochDetail)
        for _ in 0..<10 {
            let a = original.nextBatch(), b = resumed.nextBatch()
            #expect(Snapshot(a, original) == Snapshot(b, resumed))
        }
    }

    /// Loaded before the first batch, nil previous detail comes back as nil.
    @Test func roundTripBeforeFirstBatch() throws {
        let s = NPZSerializer()
        try SerialIterator(indexed(7), batchSize: 3, shuffle: false, seed: 0).serialize(s)
        let resumed = SerialIterator(indexed(7), batchSize: 3, shuffle: false, seed: 0)
        _ = resumed.nextIndices()
        try resumed.serialize(NPZDeserializer(s.values))
        #expect(resumed.previousEpochDetail == nil && resumed.epochDetail == 0)
        #expect(resumed.nextIndices() == [0, 1, 2])
    }

    /// A position or an index that does not fit the dataset throws and leaves the iterator as
    /// it was.
    @Test func rejectsStateThatDoesNotFit() throws {
        let it = SerialIterator(indexed(7), batchSize: 3, seed: 5)
        let s = NPZSerializer()
        try it.serialize(s)
        var values = s.values
        values["current_position"] = .array(NDArray(scalar: Int64(7)))
        #expect(throws: SerializationError("expected a position in 0..<7, found 7", key: "current_position")) {
            try it.serialize(NPZDeserializer(values))
        }
        values = s.values
        values["order"] = .array(NDArray([Int64(0), 1, 2, 3, 4, 5, 9], shape: [7]))
        #expect(throws: SerializationError("expected indices in 0..<7, found 9", key: "order")) {
            try it.serialize(NPZDeserializer(values))
        }
        var rng = RandomStream(seed: 5)
        #expect(it.nextIndices() == Array(permutation(7, &rng)[0..<3]))
    }
}

/// The one test of the global path: `Kusari.seed(_:)` then iterators without `seed:`.
///
/// Other suites may draw "iterator" streams at the same time, so the test does not assume
/// which counter values its iterators get, only that each stream is
/// `RandomStream(seed: 5).derived("iterator").derived(k)` for a small k, increasing in
/// creation order. It assumes no other test resets the global seed concurrently.
@Suite(.serialized) struct SerialIteratorGlobalSeedTests {
    @Test func streamsComeFromTheGlobalSeed() {
        Kusari.seed(5)
        let first = SerialIterator(indexed(6), batchSize: 2)
        let second = SerialIterator(indexed(6), batchSize: 2)
        let root = RandomStream(seed: 5).derived("iterator")
        let candidates = (0..<256).map { root.derived(UInt64($0)) }
        // The first order was drawn at init, so compare the streams' keys, not positions.
        func counter(_ it: SerialIterator<TupleDataset>) -> Int? {
            candidates.firstIndex { $0.seed == it.state.rng.seed && $0.stream == it.state.rng.stream }
        }
        let a = counter(first), b = counter(second)
        #expect(a != nil && b != nil)
        if let a, let b { #expect(a < b) }
        var expected = candidates[a ?? 0]
        #expect(first.state.order == permutation(6, &expected))
    }
}
