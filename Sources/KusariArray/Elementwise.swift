// Elementwise kernels: the map and zip loops every unary and binary operation runs on.

/// A function of one element, as a type. Threaded loops run a kernel inlined on every thread,
/// where a closure captured by the worker threads is called through a pointer for each
/// element (several times slower): hot elementwise operations are kernels.
public protocol UnaryKernel {
    associatedtype Input: NDScalar
    associatedtype Output: NDScalar
    func callAsFunction(_ x: Input) -> Output
}

/// A function of two elements, as a type; see `UnaryKernel`.
public protocol BinaryKernel {
    associatedtype Input: NDScalar
    associatedtype Output: NDScalar
    func callAsFunction(_ a: Input, _ b: Input) -> Output
}

/// A closure as a `UnaryKernel`, for the closure form of `NDArray.map`.
@usableFromInline
struct UnaryClosure<Input: NDScalar, Output: NDScalar>: UnaryKernel {
    @usableFromInline let op: (Input) -> Output
    @inlinable init(op: @escaping (Input) -> Output) { self.op = op }
    @inlinable func callAsFunction(_ x: Input) -> Output { op(x) }
}

/// A closure as a `BinaryKernel`, for the closure form of `NDArray.zip`.
@usableFromInline
struct BinaryClosure<Input: NDScalar, Output: NDScalar>: BinaryKernel {
    @usableFromInline let op: (Input, Input) -> Output
    @inlinable init(op: @escaping (Input, Input) -> Output) { self.op = op }
    @inlinable func callAsFunction(_ a: Input, _ b: Input) -> Output { op(a, b) }
}

extension NDArray {
    /// Elements a thread should own before splitting an elementwise loop pays off.
    public static let elementwiseGrain = 1 << 15

    /// `out[i] = kernel(x[i])`, split over threads for large arrays.
    @inlinable @inline(__always)
    public static func map<K: UnaryKernel>(_ x: NDArray, _ kernel: K) -> NDArray {
        var out = NDArray(uninitialized: x.shape, dtype: K.Output.dtype)
        let count = x.count
        x.withUnsafeBufferPointer(as: K.Input.self) { px in
            out.withUnsafeMutableBufferPointer(as: K.Output.self) { po in
                let chunks = Threading.chunkCount(count, grain: elementwiseGrain)
                Threading.parallelFor(chunks) { chunk in
                    for i in Threading.range(of: chunk, in: chunks, count: count) { po[i] = kernel(px[i]) }
                }
            }
        }
        return out
    }

    /// `out = kernel(a, b)` under NumPy broadcasting; `name` appears in the shape error.
    @inlinable @inline(__always)
    public static func zip<K: BinaryKernel>(_ a: NDArray, _ b: NDArray, _ name: String, _ kernel: K) -> NDArray {
        checkSameDType(a, b, name)
        let shape: [Int]
        do { shape = try broadcastShape(a.shape, b.shape, operation: name) } catch { fail(error) }
        var out = NDArray(uninitialized: shape, dtype: K.Output.dtype)
        let count = out.count
        a.withUnsafeBufferPointer(as: K.Input.self) { pa in
            b.withUnsafeBufferPointer(as: K.Input.self) { pb in
                out.withUnsafeMutableBufferPointer(as: K.Output.self) { po in
                    let chunks = Threading.chunkCount(count, grain: elementwiseGrain)
                    if a.shape == b.shape {
                        Threading.parallelFor(chunks) { chunk in
                            for i in Threading.range(of: chunk, in: chunks, count: count) { po[i] = kernel(pa[i], pb[i]) }
                        }
                    } else if b.count == 1 && a.count == count {
                        let s = pb[0]
                        Threading.parallelFor(chunks) { chunk in
                            for i in Threading.range(of: chunk, in: chunks, count: count) { po[i] = kernel(pa[i], s) }
                        }
                    } else if a.count == 1 && b.count == count {
                        let s = pa[0]
                        Threading.parallelFor(chunks) { chunk in
                            for i in Threading.range(of: chunk, in: chunks, count: count) { po[i] = kernel(s, pb[i]) }
                        }
                    } else {
                        BroadcastWalker(shape: shape, operandShapes: [a.shape, b.shape]).forEachRow { out, offsets, steps, n in
                            var ia = offsets[0], ib = offsets[1]
                            for i in out..<(out + n) {
                                po[i] = kernel(pa[ia], pb[ib])
                                ia += steps[0]
                                ib += steps[1]
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// `out[i] = op(x[i])`, split over threads for large arrays. Inlinable, so on one thread
    /// `op` is inlined and the loop vectorized in the caller's module too; hot operations pass
    /// a `UnaryKernel` instead, which stays inlined on every thread.
    @inlinable @inline(__always)
    public static func map<T: NDScalar, U: NDScalar>(_ x: NDArray, _ type: T.Type, to: U.Type, _ op: (T) -> U) -> NDArray {
        withoutActuallyEscaping(op) { map(x, UnaryClosure(op: $0)) }
    }

    /// `out = op(a, b)` under NumPy broadcasting; `name` appears in the shape error. As `map`,
    /// hot operations pass a `BinaryKernel`.
    @inlinable @inline(__always)
    public static func zip<T: NDScalar, U: NDScalar>(
        _ a: NDArray, _ b: NDArray, _ name: String, _ type: T.Type, to: U.Type, _ op: (T, T) -> U
    ) -> NDArray {
        withoutActuallyEscaping(op) { zip(a, b, name, BinaryClosure(op: $0)) }
    }

    /// A 0-d array of `dtype` holding `value`, the form scalars take in binary operations.
    public static func scalar(_ value: Double, dtype: DType) -> NDArray {
        switch dtype {
        case .float32: NDArray(scalar: Float(value))
        case .float64: NDArray(scalar: value)
        case .int32: NDArray(scalar: Int32(value))
        case .int64: NDArray(scalar: Int64(value))
        case .uint8: NDArray(scalar: UInt8(value))
        case .bool: NDArray(scalar: value != 0)
        }
    }
}
