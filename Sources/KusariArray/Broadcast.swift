// Walks broadcast operands row by row, so binary kernels run tight inner loops.

/// Iterates an output of `shape` in row-major order, tracking where each operand's element
/// sits when broadcast to that shape (a stretched axis has stride 0).
@usableFromInline
struct BroadcastWalker {
    let shape: [Int]
    let operandStrides: [[Int]]

    /// `operandShapes` must broadcast to `shape`.
    @usableFromInline
    init(shape: [Int], operandShapes: [[Int]]) {
        self.shape = shape
        operandStrides = operandShapes.map { operand in
            let contiguous = NDArray.contiguousStrides(operand)
            let offset = shape.count - operand.count
            return (0..<shape.count).map { axis in
                axis < offset || operand[axis - offset] == 1 ? 0 : contiguous[axis - offset]
            }
        }
    }

    /// Calls `row(outputStart, operandStarts, innerStrides, innerCount)` once per row of the
    /// last axis.
    @usableFromInline
    func forEachRow(_ row: (Int, [Int], [Int], Int) -> Void) {
        let count = shape.reduce(1, *)
        guard count > 0 else { return }
        let ndim = shape.count
        guard ndim > 0 else { row(0, [Int](repeating: 0, count: operandStrides.count), operandStrides.map { _ in 0 }, 1); return }
        let inner = shape[ndim - 1]
        let innerStrides = operandStrides.map { $0[ndim - 1] }
        var index = [Int](repeating: 0, count: ndim)
        var offsets = [Int](repeating: 0, count: operandStrides.count)
        var out = 0
        while out < count {
            row(out, offsets, innerStrides, inner)
            out += inner
            var axis = ndim - 2
            while axis >= 0 {
                index[axis] += 1
                for o in offsets.indices { offsets[o] += operandStrides[o][axis] }
                if index[axis] < shape[axis] { break }
                for o in offsets.indices { offsets[o] -= operandStrides[o][axis] * shape[axis] }
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
