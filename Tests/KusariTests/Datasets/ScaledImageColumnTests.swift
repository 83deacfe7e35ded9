// ScaledImageColumn against floats computed up front by naive loops, and TupleDataset over
// columns that are not arrays.
import Testing
@testable import Kusari

/// 4 images of 2×3 pixels; flat pixel k is (27·k + 255) mod 256: 255 first, 0 at k = 19,
/// 24 different values spread over the range.
private func pixels() -> NDArray {
    NDArray((0..<24).map { UInt8((27 * $0 + 255) % 256) }, shape: [4, 2, 3])
}

/// Image n scaled the way getMNIST did before images were kept as bytes: `T(p) * T(scale / 255)`
/// for every pixel, in a plain loop, repeated `copies` times.
private func eager<T: NDFloat>(_ images: NDArray, _ n: Int, scale: Double, _: T.Type, copies: Int = 1) -> [T] {
    let bytes = images.toArray(as: UInt8.self), size = images.count / images.shape[0]
    let factor = T(fromDouble: scale / 255)
    var values: [T] = []
    for _ in 0..<copies {
        for p in 0..<size { values.append(T(fromDouble: Double(bytes[n * size + p])) * factor) }
    }
    return values
}

/// Bit patterns, so that equality means bit-equality (float → double is exact).
private func bits<T: NDFloat>(_ values: [T]) -> [UInt64] { values.map { $0.doubleValue.bitPattern } }

private func bits<T: NDFloat>(_ array: NDArray, _: T.Type) -> [UInt64] { bits(array.toArray(as: T.self)) }

@Suite struct ScaledImageColumnTests {
    @Test func fixtureCoversBothEnds() {
        let values = pixels().toArray(as: UInt8.self)
        #expect(values[0] == 255 && values[19] == 0 && Set(values).count == 24)
    }

    @Test func rowsAreScaledBitForBit() {
        func check<T: NDFloat>(_ type: T.Type, dtype: DType, scale: Double) {
            let column = ScaledImageColumn(pixels: pixels(), scale: scale, dtype: dtype)
            #expect(column.rowCount == 4 && column.rowShape == [2, 3] && column.dtype == dtype)
            let batch = column.rows(at: [3, 0, 3, 1])
            #expect(batch.dtype == dtype && batch.shape == [4, 2, 3])
            let expected = [3, 0, 3, 1].flatMap { eager(pixels(), $0, scale: scale, T.self) }
            #expect(bits(batch, T.self) == bits(expected))
            #expect(bits(column.allRows(), T.self) == bits((0..<4).flatMap { eager(pixels(), $0, scale: scale, T.self) }))
        }
        for scale in [1, 2.5, 0.1] {
            check(Float.self, dtype: .float32, scale: scale)
            check(Double.self, dtype: .float64, scale: scale)
        }
    }

    @Test func scaleRoundsItsFactorFirst() {
        // Chainer's float32 `images *= scale / 255.`: the factor is rounded to float32 before
        // the product. For pixel 3 that differs from rounding the exact 3 · 2.5 / 255.
        let column = ScaledImageColumn(pixels: NDArray([UInt8(0), 3, 45, 255], shape: [4, 1]), scale: 2.5)
        let values = column.allRows().toArray(as: Float.self)
        #expect(values == [0, 3 * Float(2.5 / 255), 45 * Float(2.5 / 255), 255 * Float(2.5 / 255)])
        #expect(values[1] != Float(3 * 2.5 / 255))
        #expect(abs(Double(values[3]) - 2.5) < 1e-6)
    }

    @Test func rowShapeReshapesOrRepeats() {
        let flat = ScaledImageColumn(pixels: pixels(), rowShape: [6])
        #expect(flat.rows(at: [2]).shape == [1, 6])
        #expect(bits(flat.rows(at: [2]), Float.self) == bits(eager(pixels(), 2, scale: 1, Float.self)))
        // A grey (1, 2, 3) image read as three channels, NumPy's broadcast_to((3, 2, 3)).
        let rgb = ScaledImageColumn(pixels: pixels().reshaped([4, 1, 2, 3]), scale: 2.5, dtype: .float64, rowShape: [3, 2, 3])
        let batch = rgb.rows(at: [1, 2])
        #expect(batch.shape == [2, 3, 2, 3])
        let expected = [1, 2].flatMap { eager(pixels(), $0, scale: 2.5, Double.self, copies: 3) }
        #expect(bits(batch, Double.self) == bits(expected))
        #expect(batch[1, 2, 1, 0] == batch[1, 0, 1, 0] && batch[1, 0, 1, 0] == pixels()[2, 1, 0] * (2.5 / 255))
    }

    @Test func slicedKeepsTheKindAndTheValues() {
        let column = ScaledImageColumn(pixels: pixels(), scale: 2.5)
        let tail = column.sliced(rows: 1..<4)
        #expect(tail.rowCount == 3 && tail.scale == 2.5 && tail.rowShape == [2, 3] && tail.pixels.dtype == .uint8)
        #expect(bits(tail.rows(at: [0, 2]), Float.self) == bits(column.rows(at: [1, 3]), Float.self))
        #expect(column.sliced(rows: 2..<2).rows(at: []).shape == [0, 2, 3])
    }

    @Test func rejectsWhatItCannotRead() {
        #expect(throws: ShapeError("ScaledImageColumn: pixels must be uint8 with an image axis, got float32 (2, 3)")) {
            try ScaledImageColumn(checking: NDArray(zeros: [2, 3]), scale: 1, dtype: .float32, rowShape: nil)
        }
        #expect(throws: ShapeError("ScaledImageColumn: dtype must be float32 or float64, got int32")) {
            try ScaledImageColumn(checking: pixels(), scale: 1, dtype: .int32, rowShape: nil)
        }
        #expect(throws: ShapeError("ScaledImageColumn: a row of shape (4,) is neither a reshape nor a repeat of an image of shape (2, 3)")) {
            try ScaledImageColumn(checking: pixels(), scale: 1, dtype: .float32, rowShape: [4])
        }
        #expect(throws: ShapeError("ScaledImageColumn: a row of shape (0,) is neither a reshape nor a repeat of an image of shape (2, 3)")) {
            try ScaledImageColumn(checking: pixels(), scale: 1, dtype: .float32, rowShape: [0])
        }
    }
}

@Suite struct TupleDatasetColumnTests {
    /// Images as bytes next to int32 labels 10, 11, 12, 13.
    private func mixed() -> TupleDataset {
        TupleDataset(columns: [ScaledImageColumn(pixels: pixels(), scale: 2.5), NDArray((10..<14).map(Int32.init))])
    }

    @Test func examplesAndBatchesReadThroughTheColumns() throws {
        let ds = mixed()
        #expect(ds.count == 4)
        let example = ds[2]
        #expect(example[0].shape == [2, 3] && example[1].shape == [] && example[1].item == 12)
        #expect(bits(example[0], Float.self) == bits(eager(pixels(), 2, scale: 2.5, Float.self)))
        let batch = ds.batch(at: [3, 1])
        #expect(bits(batch[0], Float.self) == bits([3, 1].flatMap { eager(pixels(), $0, scale: 2.5, Float.self) }))
        #expect(batch[1].toArray(as: Int32.self) == [13, 11])
        // concatExamples over examples gives the same batch as the gather.
        let concatenated = concatExamples(ds.examples(at: [3, 1]))
        #expect(bits(concatenated[0], Float.self) == bits(batch[0], Float.self))
        #expect(ds.batch(at: []).map(\.shape) == [[0, 2, 3], [0]])
    }

    @Test func arraysBuildTheColumnsInFull() {
        let arrays = mixed().arrays
        #expect(arrays[0].shape == [4, 2, 3] && arrays[0].dtype == .float32)
        #expect(bits(arrays[0], Float.self) == bits((0..<4).flatMap { eager(pixels(), $0, scale: 2.5, Float.self) }))
        // Array columns come back as they went in, without a copy.
        let labels = NDArray((10..<14).map(Int32.init))
        #expect(TupleDataset(labels).arrays[0].sharesStorage(with: labels))
    }

    @Test func prefixSlicesEachColumnAsItsKind() {
        let first = mixed().prefix(3)
        #expect(first.count == 3 && first.columns[0] is ScaledImageColumn && first.columns[1] is NDArray)
        #expect(first.batch(at: [2])[1].toArray(as: Int32.self) == [12])
        #expect(bits(first[2][0], Float.self) == bits(mixed()[2][0], Float.self))
        #expect(mixed().prefix(10).count == 4 && mixed().prefix(0).count == 0)
        let arrays = TupleDataset(NDArray([Float(1), 2, 3, 4], shape: [2, 2])).prefix(1)
        #expect(arrays.arrays[0].shape == [1, 2] && arrays.arrays[0].toArray(as: Float.self) == [1, 2])
    }

    @Test func rejectsColumnsOfDifferentLengths() {
        #expect(throws: ShapeError("TupleDataset: all arrays must have the same length, array 0 has shape (4, 2, 3) and array 1 has shape (3,)")) {
            try TupleDataset(checking: [ScaledImageColumn(pixels: pixels()), NDArray(zeros: [3])])
        }
    }
}
