// NDArray: an n-dimensional, contiguous, row-major array with copy-on-write storage.
import Foundation

/// The storage behind an `NDArray`: one 64-byte-aligned allocation.
@usableFromInline
final class NDStorage: @unchecked Sendable {
    @usableFromInline let pointer: UnsafeMutableRawPointer
    @usableFromInline let byteCount: Int

    init(byteCount: Int, zeroed: Bool) {
        self.byteCount = byteCount
        pointer = StoragePool.take(byteCount) ?? UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
        if zeroed { pointer.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount) }
    }

    @usableFromInline func copy() -> NDStorage {
        let other = NDStorage(byteCount: byteCount, zeroed: false)
        other.pointer.copyMemory(from: pointer, byteCount: byteCount)
        return other
    }

    deinit { StoragePool.give(pointer, byteCount: byteCount) }
}

/// An n-dimensional array of one `DType`, stored contiguously in row-major (C) order.
///
/// Value semantics: copies share storage until one of them is written (copy-on-write).
/// Operations that reorder elements (transpose, slicing) return new contiguous arrays,
/// so every kernel runs on one dense buffer.
public struct NDArray: Sendable {
    public let dtype: DType
    public private(set) var shape: [Int]
    @usableFromInline var storage: NDStorage

    /// Number of elements (the product of `shape`; 1 for a 0-d array).
    public var count: Int { shape.reduce(1, *) }
    /// Number of dimensions.
    public var ndim: Int { shape.count }
    /// Row-major strides, in elements.
    public var strides: [Int] { NDArray.contiguousStrides(shape) }
    /// Bytes of element data.
    public var byteCount: Int { count * dtype.byteSize }

    /// An array of `shape` filled with zeros.
    public init(zeros shape: [Int], dtype: DType = .float32) {
        NDArray.checkShape(shape)
        self.shape = shape
        self.dtype = dtype
        storage = NDStorage(byteCount: shape.reduce(1, *) * dtype.byteSize, zeroed: true)
    }

    /// An array of `shape` whose contents are not initialized; every element must be written
    /// before it is read. Kernels use it for outputs they fill completely.
    public init(uninitialized shape: [Int], dtype: DType = .float32) {
        NDArray.checkShape(shape)
        self.shape = shape
        self.dtype = dtype
        storage = NDStorage(byteCount: shape.reduce(1, *) * dtype.byteSize, zeroed: false)
    }

    /// An array holding `scalars` in row-major order. `shape` defaults to 1-D.
    public init<T: NDScalar>(_ scalars: [T], shape: [Int]? = nil) {
        let shape = shape ?? [scalars.count]
        NDArray.checkShape(shape)
        precondition(shape.reduce(1, *) == scalars.count,
                     "NDArray: \(scalars.count) scalars cannot fill shape \(NDArray.format(shape))")
        self.init(uninitialized: shape, dtype: T.dtype)
        scalars.withUnsafeBytes { storage.pointer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }

    /// A 0-d array holding one scalar.
    public init<T: NDScalar>(scalar: T) { self.init([scalar], shape: []) }

    /// An array that copies its elements from raw little-endian bytes of `dtype`.
    public init(shape: [Int], dtype: DType, bytes: UnsafeRawBufferPointer) {
        NDArray.checkShape(shape)
        let needed = shape.reduce(1, *) * dtype.byteSize
        precondition(bytes.count == needed,
                     "NDArray: shape \(NDArray.format(shape)) of \(dtype) needs \(needed) bytes, got \(bytes.count)")
        self.init(uninitialized: shape, dtype: dtype)
        if needed > 0 { storage.pointer.copyMemory(from: bytes.baseAddress!, byteCount: needed) }
    }

    // MARK: Element access

    /// Reads the elements as `T`; `T` must match `dtype`.
    @inlinable @inline(__always)
    public func withUnsafeBufferPointer<T: NDScalar, R>(
        as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R
    ) rethrows -> R {
        precondition(T.dtype == dtype, "NDArray: reading \(dtype) elements as \(T.dtype)")
        let typed = storage.pointer.bindMemory(to: T.self, capacity: count)
        return try body(UnsafeBufferPointer(start: typed, count: count))
    }

    /// Writes the elements as `T`, first copying the storage if it is shared.
    @inlinable @inline(__always)
    public mutating func withUnsafeMutableBufferPointer<T: NDScalar, R>(
        as type: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R
    ) rethrows -> R {
        precondition(T.dtype == dtype, "NDArray: writing \(dtype) elements as \(T.dtype)")
        makeUnique()
        let typed = storage.pointer.bindMemory(to: T.self, capacity: count)
        return try body(UnsafeMutableBufferPointer(start: typed, count: count))
    }

    /// The raw element bytes (little-endian, row-major).
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage.pointer, count: byteCount))
    }

    /// Writes the raw element bytes, first copying the storage if it is shared.
    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableRawBufferPointer(start: storage.pointer, count: byteCount))
    }

    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// True when both arrays share one storage allocation (no copy was made).
    public func sharesStorage(with other: NDArray) -> Bool { storage === other.storage }

    /// The elements as a Swift array of `T`; `T` must match `dtype`.
    public func toArray<T: NDScalar>(as type: T.Type = T.self) -> [T] {
        withUnsafeBufferPointer(as: T.self) { Array($0) }
    }

    /// The elements converted to `Float`, whatever the dtype.
    public var scalars: [Float] { astype(.float32).toArray(as: Float.self) }

    /// The single element of a size-1 array, converted to `Double`.
    public var item: Double {
        precondition(count == 1, "item: only a size-1 array converts to a scalar, shape is \(NDArray.format(shape))")
        return element(atFlat: 0)
    }

    /// The element at a flat row-major index, converted to `Double`.
    public func element(atFlat index: Int) -> Double {
        precondition(index >= 0 && index < count, "element: index \(index) out of range for \(count) elements")
        switch dtype {
        case .float32: return withUnsafeBufferPointer(as: Float.self) { Double($0[index]) }
        case .float64: return withUnsafeBufferPointer(as: Double.self) { $0[index] }
        case .int32: return withUnsafeBufferPointer(as: Int32.self) { Double($0[index]) }
        case .int64: return withUnsafeBufferPointer(as: Int64.self) { Double($0[index]) }
        case .uint8: return withUnsafeBufferPointer(as: UInt8.self) { Double($0[index]) }
        case .bool: return withUnsafeBufferPointer(as: Bool.self) { $0[index] ? 1 : 0 }
        }
    }

    /// The element at a multi-dimensional index, converted to `Double`.
    public subscript(index: Int...) -> Double {
        precondition(index.count == ndim, "subscript: \(index.count) indices for a \(ndim)-d array")
        var flat = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[axis], "subscript: index \(i) out of range for axis \(axis) of size \(shape[axis])")
            flat = flat * shape[axis] + i
        }
        return element(atFlat: flat)
    }

    // MARK: Shape helpers

    /// Row-major strides of a contiguous array of `shape`, in elements.
    public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// `(2, 3)` for `[2, 3]`, `(5,)` for `[5]`, `()` for `[]`, as NumPy prints shapes.
    public static func format(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    static func checkShape(_ shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "NDArray: negative dimension in shape \(format(shape))")
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            precondition(!overflow, "NDArray: shape \(format(shape)) has more elements than Int can count")
            count = product
        }
    }

    /// Replaces the shape without touching the elements; the sizes must agree.
    mutating func setShape(_ newShape: [Int]) {
        precondition(newShape.reduce(1, *) == count)
        shape = newShape
    }
}
