// The axes argument of the differentiable reductions (sum, max, min, logsumexp): checked once
// in `checkInputs`, then used to reshape gradients back over the reduced axes.

/// The axes a reduction runs over: non-negative, sorted, each once. `nil` means every axis,
/// as in NumPy and Chainer (`axis=None`).
struct ReducedAxes {
    let axes: [Int]

    /// `axes` made non-negative (−1 is the last axis) and sorted; throws when an axis is out of
    /// range or repeated, naming `function` as NumPy's messages do.
    init(_ axes: [Int]?, ndim: Int, _ function: String) throws(ShapeError) {
        guard let axes else {
            self.axes = Array(0..<ndim)
            return
        }
        var result: [Int] = []
        for axis in axes {
            guard axis >= -ndim && axis < ndim else {
                throw ShapeError("\(function): axis \(axis) is out of bounds for an array of dimension \(ndim)")
            }
            let normalized = axis < 0 ? axis + ndim : axis
            guard !result.contains(normalized) else { throw ShapeError("\(function): duplicate value in axis \(axes)") }
            result.append(normalized)
        }
        self.axes = result.sorted()
    }

    /// The axes of a function whose `checkInputs` has already accepted them.
    init(accepted axes: [Int]?, ndim: Int) {
        do { try self.init(axes, ndim: ndim, "reduction") } catch { preconditionFailure(error.description) }
    }

    /// `shape` with the reduced axes kept as length 1: the shape `keepdims: true` gives.
    func kept(_ shape: [Int]) -> [Int] {
        shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
    }

    /// The output gradient `gy` (of the reduction's output shape) reshaped to keep the reduced
    /// axes and broadcast back to the input's `shape`.
    func spread(_ gy: Variable, to shape: [Int]) -> Variable {
        F.broadcastTo(F.reshape(gy, kept(shape)), shape)
    }
}
