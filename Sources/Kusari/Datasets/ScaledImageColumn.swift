// ScaledImageColumn: images kept as their bytes and scaled to floats as batches are read.

/// A dataset column of 8-bit images read as floats: each stored pixel p reads as
/// `T(p) * T(scale / 255)` in `dtype` T, float32 or float64. Chainer's `get_mnist` applies
/// `images.astype(dtype); images *= scale / 255.` to the whole dataset up front; this column
/// applies the same rounding row by row when examples are read, so the values are Chainer's
/// bit for bit while memory holds one byte per pixel (MNIST's 60,000 training images take
/// 47 MB instead of 188 MB as float32). A read costs one table lookup per pixel.
///
/// Row i is image i's pixels in row-major order, shaped `rowShape`. A `rowShape` with k times
/// the stored pixels repeats the image k times, which is a grey image `(1, H, W)` broadcast
/// to k channels `(k, H, W)` (Chainer's `rgb_format`, k = 3).
public struct ScaledImageColumn: DatasetColumn {
    /// The stored images, uint8, image axis first.
    public let pixels: NDArray
    /// The value pixel 255 maps to (Chainer's `scale`; pixel p maps to `p * scale / 255`).
    public let scale: Double
    /// The dtype rows read as: float32 (Chainer's default) or float64.
    public let dtype: DType
    /// The shape of one row: the stored image shape, a reshape of it, or k copies of it.
    public let rowShape: [Int]

    /// A column reading `pixels` (uint8, shape `[n, ...]`) as `dtype` scaled by `scale / 255`.
    /// `rowShape` defaults to the stored image shape `pixels.shape[1...]`; it may also reshape
    /// the image (same element count) or repeat it (a whole multiple, see the type's note).
    /// Stops on anything else, on a `pixels` that is not uint8 with an image axis, and on a
    /// `dtype` other than float32 and float64.
    public init(pixels: NDArray, scale: Double = 1, dtype: DType = .float32, rowShape: [Int]? = nil) {
        do { try self.init(checking: pixels, scale: scale, dtype: dtype, rowShape: rowShape) } catch {
            preconditionFailure(error.description)
        }
    }

    init(checking pixels: NDArray, scale: Double, dtype: DType, rowShape: [Int]?) throws(ShapeError) {
        guard pixels.dtype == .uint8, pixels.ndim >= 1 else {
            throw ShapeError("ScaledImageColumn: pixels must be uint8 with an image axis, got \(pixels.dtype) "
                             + NDArray.format(pixels.shape))
        }
        guard dtype.isFloatingPoint else {
            throw ShapeError("ScaledImageColumn: dtype must be float32 or float64, got \(dtype)")
        }
        let stored = Array(pixels.shape.dropFirst())
        let rowShape = rowShape ?? stored
        let imageSize = stored.reduce(1, *), rowSize = rowShape.reduce(1, *)
        guard rowShape.allSatisfy({ $0 >= 0 }),
              imageSize == 0 ? rowSize == 0 : rowSize > 0 && rowSize % imageSize == 0 else {
            throw ShapeError("ScaledImageColumn: a row of shape \(NDArray.format(rowShape)) is neither a reshape nor a "
                             + "repeat of an image of shape \(NDArray.format(stored))")
        }
        self.pixels = pixels
        self.scale = scale
        self.dtype = dtype
        self.rowShape = rowShape
    }

    public var rowCount: Int { pixels.shape[0] }

    public func rows(at indices: [Int]) -> NDArray {
        checkExampleIndices(indices, count: rowCount, operation: "ScaledImageColumn")
        let imageSize = pixels.shape.dropFirst().reduce(1, *)
        let copies = imageSize == 0 ? 1 : rowShape.reduce(1, *) / imageSize
        func read<T: NDFloat>(_: T.Type) -> NDArray {
            var out = NDArray(uninitialized: [indices.count] + rowShape, dtype: T.dtype)
            guard imageSize > 0, !indices.isEmpty else { return out }
            // 256 possible pixels: the table holds each one's exact `T(p) * T(scale / 255)`.
            let factor = T(fromDouble: scale / 255)
            let table = (0..<256).map { T(fromDouble: Double($0)) * factor }
            pixels.withUnsafeBufferPointer(as: UInt8.self) { source in
                out.withUnsafeMutableBufferPointer(as: T.self) { destination in
                    table.withUnsafeBufferPointer { table in
                        for (row, i) in indices.enumerated() {
                            let image = source.baseAddress! + i * imageSize
                            let first = destination.baseAddress! + row * copies * imageSize
                            for p in 0..<imageSize { first[p] = table[Int(image[p])] }
                            for copy in 1..<copies { (first + copy * imageSize).update(from: first, count: imageSize) }
                        }
                    }
                }
            }
            return out
        }
        return NDArray.byFloat(dtype, "ScaledImageColumn", f32: read(Float.self), f64: read(Double.self))
    }

    public func sliced(rows range: Range<Int>) -> ScaledImageColumn {
        ScaledImageColumn(pixels: pixels.sliced(rows: range), scale: scale, dtype: dtype, rowShape: rowShape)
    }
}
