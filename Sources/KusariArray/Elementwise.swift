// Elementwise kernels: the map and zip loops every unary and binary operation runs on.

extension NDArray {
    /// Elements a thread should own before splitting an elementwise loop pays off.
    public static let elementwiseGrain = 1 << 15

    /// `out[i] = op(x[i])`, split over threads for large arrays. Inlinable, so `op` is
    /// inlined and the loop vectorized in the caller's module too.
    @inlinable @inline(__always)
    public static func map<T: NDScalar, U: NDScalar>(_ x: NDArray, _ type: T.Type, to: U.Type, _ op: (T) -> U) -> NDArray {
        var out = NDArray(uninitialized: x.shape, dtype: U.dtype)
        let count = x.count
        x.withUnsafeBufferPointer(as: T.self) { px in
            out.withUnsafeMutableBufferPointer(as: U.self) { po in
                let chunks = Threading.chunkCount(count, grain: elementwiseGrain)
                Threading.parallelFor(chunks) { chunk in
                    for i in Threading.range(of: chunk, in: chunks, count: count) { po[i] = op(px[i]) }
                }
            }
        }
        return out
    }

    /// `out = op(a, b)` under NumPy broadcasting; `name` appears in the shape error.
    @inlinable @inline(__always)
    public static func zip<T: NDScalar, U: NDScalar>(
        _ a: NDArray, _ b: NDArray, _ name: String, _ type: T.Type, to: U.Type, _ op: (T, T) -> U
    ) -> NDArray {
        checkSameDType(a, b, name)
        let shape: [Int]
        do { shape = try broadcastShape(a.shape, b.shape, operation: name) } catch { fail(error) }
        var out = NDArray(uninitialized: shape, dtype: U.dtype)
        let count = out.count
        a.withUnsafeBufferPointer(as: T.self) { pa in
            b.withUnsafeBufferPointer(as: T.self) { pb in
                out.withUnsafeMutableBufferPointer(as: U.self) { po in
                    let chunks = Threading.chunkCount(count, grain: elementwiseGrain)
                    if a.shape == b.shape {
                        Threading.parallelFor(chunks) { chunk in
                            for i in Threading.range(of: chunk, in: chunks, count: count) { po[i] = op(pa[i], pb[i]) }
                        }
                    } else if b.count == 1 && a.count == count {
                        let s = pb[0]
                        Threading.parallelFor(chunks) { chunk in
                            for i in Threading.range(of: chunk, in: chunks, count: count) { po[i] = op(pa[i], s) }
                        }
                    } else if a.count == 1 && b.count == count {
                        let s = pa[0]
                        Threading.parallelFor(chunks) { chunk in
                            for i in Threading.range(of: chunk, in: chunks, count: count) { po[i] = op(s, pb[i]) }
                        }
                    } else {
                        BroadcastWalker(shape: shape, operandShapes: [a.shape, b.shape]).forEachRow { out, offsets, steps, n in
                            var ia = offsets[0], ib = offsets[1]
                            for i in out..<(out + n) {
                                po[i] = op(pa[ia], pb[ib])
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
