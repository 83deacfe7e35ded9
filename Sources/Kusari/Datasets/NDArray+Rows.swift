// Row gathers and stacks along the first axis: how datasets build batches.
import Foundation

extension NDArray {
    /// The rows of `self` along axis 0 at `indices`, in that order: NumPy's `a[indices]`, shape
    /// `[indices.count] + shape[1...]`. `operation` names the caller in the index-range stop.
    func gatherRows(_ indices: [Int], operation: String) -> NDArray {
        precondition(ndim >= 1, "\(operation): cannot index rows of a 0-d array")
        let rows = shape[0]
        for i in indices where i < 0 || i >= rows {
            preconditionFailure("\(operation): index \(i) out of range for \(rows) examples")
        }
        var out = NDArray(uninitialized: [indices.count] + shape.dropFirst(), dtype: dtype)
        let rowBytes = rows == 0 ? 0 : byteCount / rows
        guard rowBytes > 0 else { return out }
        withUnsafeBytes { source in
            out.withUnsafeMutableBytes { destination in
                for (row, i) in indices.enumerated() {
                    (destination.baseAddress! + row * rowBytes).copyMemory(
                        from: source.baseAddress! + i * rowBytes, byteCount: rowBytes)
                }
            }
        }
        return out
    }

    /// The examples' components stacked along a new first axis: component k of the result
    /// has shape `[examples.count] + shape of component k` (Chainer's `concat_examples`
    /// without padding). Every example must have the same number of components, and each
    /// component the same shape and dtype in every example.
    static func stackExamplesChecked(_ examples: [[NDArray]]) throws(ShapeError) -> [NDArray] {
        guard let first = examples.first else { return [] }
        for (n, example) in examples.enumerated() {
            guard example.count == first.count else {
                throw ShapeError("stack: example 0 has \(first.count) components, example \(n) has \(example.count)")
            }
            for (k, component) in example.enumerated()
            where component.shape != first[k].shape || component.dtype != first[k].dtype {
                throw ShapeError("stack: component \(k) is \(first[k].dtype) \(format(first[k].shape)) in example 0 "
                                 + "but \(component.dtype) \(format(component.shape)) in example \(n)")
            }
        }
        return first.indices.map { k in
            let rowBytes = first[k].byteCount
            var out = NDArray(uninitialized: [examples.count] + first[k].shape, dtype: first[k].dtype)
            guard rowBytes > 0 else { return out }
            out.withUnsafeMutableBytes { destination in
                for (n, example) in examples.enumerated() {
                    example[k].withUnsafeBytes { source in
                        (destination.baseAddress! + n * rowBytes).copyMemory(from: source.baseAddress!, byteCount: rowBytes)
                    }
                }
            }
            return out
        }
    }

}
