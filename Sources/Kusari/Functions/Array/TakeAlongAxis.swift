// Index-array indexing along one axis (NumPy `take`), the advanced part of `F.getItem`.

/// `y = x.take(indices, axis)`: the axis is replaced by the axes of `indices`. Negative indices
/// count from the end. The gradient scatter-adds, so repeated indices sum their gradients.
final class TakeAlongAxis: FunctionNode {
    let indices: NDArray
    let axis: Int

    init(_ indices: NDArray, axis: Int) {
        self.indices = indices.astype(.int64)
        self.axis = axis
    }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let size = Int64(inputs[0].shape[axis])
        if let bad = indices.toArray(as: Int64.self).first(where: { $0 < -size || $0 >= size }) {
            throw ShapeError("get_item: index \(bad) is out of bounds for axis \(axis) with size \(size)")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let x = inputs[0]
        let (outer, size, inner) = x.sizes(around: axis)
        var out = NDArray(uninitialized: Array(x.shape[..<axis]) + indices.shape + x.shape[(axis + 1)...], dtype: x.dtype)
        let rowBytes = inner * x.dtype.byteSize
        let m = indices.count
        indices.withUnsafeBufferPointer(as: Int64.self) { idx in
            x.withUnsafeBytes { src in
                out.withUnsafeMutableBytes { dst in
                    for o in 0..<outer {
                        for j in 0..<m {
                            let k = Int(idx[j] < 0 ? idx[j] + Int64(size) : idx[j])
                            dst.baseAddress!.advanced(by: (o * m + j) * rowBytes)
                                .copyMemory(from: src.baseAddress!.advanced(by: (o * size + k) * rowBytes), byteCount: rowBytes)
                        }
                    }
                }
            }
        }
        return [out]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [TakeAlongAxisGrad(indices, axis: axis, shape: inputs[0].shape).apply(gradOutputs[0]!)]
    }
}

/// The gradient of `TakeAlongAxis`: zeros of the input `shape` with each output-gradient row
/// added at its index (a scatter-add).
final class TakeAlongAxisGrad: FunctionNode {
    let indices: NDArray
    let axis: Int
    let shape: [Int]

    init(_ indices: NDArray, axis: Int, shape: [Int]) {
        self.indices = indices
        self.axis = axis
        self.shape = shape
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        func run<T: NDFloat>(_: T.Type) -> NDArray {
            var out = NDArray(zeros: shape, dtype: T.dtype)
            let (outer, size, inner) = out.sizes(around: axis)
            let m = indices.count
            indices.withUnsafeBufferPointer(as: Int64.self) { idx in
                inputs[0].withUnsafeBufferPointer(as: T.self) { gy in
                    out.withUnsafeMutableBufferPointer(as: T.self) { gx in
                        for o in 0..<outer {
                            for j in 0..<m {
                                let k = Int(idx[j] < 0 ? idx[j] + Int64(size) : idx[j])
                                let (to, from) = ((o * size + k) * inner, (o * m + j) * inner)
                                for e in 0..<inner { gx[to + e] += gy[from + e] }
                            }
                        }
                    }
                }
            }
            return out
        }
        return [NDArray.byFloat(inputs[0].dtype, "get_item", f32: run(Float.self), f64: run(Double.self))]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [TakeAlongAxis(indices, axis: axis).apply(gradOutputs[0]!)]
    }
}

extension NDArray {
    /// The array seen as (outer, shape[axis], inner): the sizes before, at and after `axis`.
    func sizes(around axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }
}
