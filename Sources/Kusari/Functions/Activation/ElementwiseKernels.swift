// The tight buffer loops activation forward and gradient kernels run on, float32 and float64.

extension NDArray {
    /// Elements a thread should own before an elementwise loop is split over threads.
    static let activationGrain = 1 << 15

    /// `out[i] = op(x[i])` on a float array of dtype `T`, one loop over contiguous buffers.
    @inline(__always)
    static func mapFloats<T: NDFloat>(_ x: NDArray, _ type: T.Type, _ op: (T) -> T) -> NDArray {
        var out = NDArray(uninitialized: x.shape, dtype: x.dtype)
        let count = x.count
        x.withUnsafeBufferPointer(as: T.self) { px in
            out.withUnsafeMutableBufferPointer(as: T.self) { po in
                let chunks = Threading.chunkCount(count, grain: activationGrain)
                Threading.parallelFor(chunks) { chunk in
                    for i in Threading.range(of: chunk, in: chunks, count: count) { po[i] = op(px[i]) }
                }
            }
        }
        return out
    }

    /// `out[i] = op(a[i], b[i])` for two float arrays of dtype `T` and the same shape.
    @inline(__always)
    static func zipFloats<T: NDFloat>(_ a: NDArray, _ b: NDArray, _ type: T.Type, _ op: (T, T) -> T) -> NDArray {
        precondition(a.shape == b.shape, "elementwise: shapes \(format(a.shape)) and \(format(b.shape)) differ")
        var out = NDArray(uninitialized: a.shape, dtype: a.dtype)
        let count = a.count
        a.withUnsafeBufferPointer(as: T.self) { pa in
            b.withUnsafeBufferPointer(as: T.self) { pb in
                out.withUnsafeMutableBufferPointer(as: T.self) { po in
                    let chunks = Threading.chunkCount(count, grain: activationGrain)
                    Threading.parallelFor(chunks) { chunk in
                        for i in Threading.range(of: chunk, in: chunks, count: count) { po[i] = op(pa[i], pb[i]) }
                    }
                }
            }
        }
        return out
    }
}
