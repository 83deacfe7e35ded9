// Strided boxes inside arrays: the one copy kernel behind slicing, padding, concat and split.

/// A box of elements inside an array: along each axis, `count` elements starting at `start`,
/// `step` apart (`step` ≥ 1).
struct Window: Equatable {
    var start: [Int]
    var step: [Int]
    var count: [Int]

    /// The box holding all of an array of `shape` placed at `offset` along `axis`.
    init(placing shape: [Int], at offset: Int, axis: Int) {
        start = [Int](repeating: 0, count: shape.count)
        start[axis] = offset
        step = [Int](repeating: 1, count: shape.count)
        count = shape
    }

    init(start: [Int], step: [Int], count: [Int]) {
        self.start = start
        self.step = step
        self.count = count
    }
}

extension NDArray {
    /// The elements of `self` inside `window`, as a new array of shape `window.count`.
    func gathered(_ window: Window) -> NDArray {
        var out = NDArray(uninitialized: window.count, dtype: dtype)
        withUnsafeBytes { big in
            out.withUnsafeMutableBytes { small in
                NDArray.copyWindow(window, in: shape, byteSize: dtype.byteSize) { bigOffset, smallOffset, bytes in
                    small.baseAddress!.advanced(by: smallOffset).copyMemory(from: big.baseAddress!.advanced(by: bigOffset), byteCount: bytes)
                }
            }
        }
        return out
    }

    /// Overwrites the elements of `self` inside `window` with `values` (of shape `window.count`).
    mutating func assign(_ values: NDArray, at window: Window) {
        precondition(values.dtype == dtype && values.shape == window.count)
        let (shape, byteSize) = (self.shape, dtype.byteSize)
        values.withUnsafeBytes { small in
            withUnsafeMutableBytes { big in
                NDArray.copyWindow(window, in: shape, byteSize: byteSize) { bigOffset, smallOffset, bytes in
                    big.baseAddress!.advanced(by: bigOffset).copyMemory(from: small.baseAddress!.advanced(by: smallOffset), byteCount: bytes)
                }
            }
        }
    }


    /// An array of `shape` with every element `value`.
    static func full(_ shape: [Int], _ value: Double, dtype: DType) -> NDArray {
        NDArray.scalar(value, dtype: dtype).broadcast(to: shape)
    }

    /// Calls `copy(bigByteOffset, smallByteOffset, byteCount)` for every contiguous run of the
    /// window in an array of `shape` and in the dense array of shape `window.count`.
    private static func copyWindow(_ window: Window, in shape: [Int], byteSize: Int, _ copy: (Int, Int, Int) -> Void) {
        guard window.count.allSatisfy({ $0 > 0 }) else { return }
        var (big, start, step, count) = (shape, window.start, window.step, window.count)
        // Trailing axes the window covers whole are contiguous in both arrays: fold them into
        // the axis before, so runs are as long as possible.
        while big.count >= 2, step[big.count - 2] == 1, start.last == 0, step.last == 1, count.last == big.last {
            let inner = big.removeLast()
            start.removeLast(); step.removeLast(); count.removeLast()
            big[big.count - 1] *= inner
            start[start.count - 1] *= inner
            count[count.count - 1] *= inner
        }
        guard !big.isEmpty else { copy(0, 0, byteSize); return }
        let strides = contiguousStrides(big)
        let last = big.count - 1
        let innerStride = strides[last] * step[last] * byteSize
        let (runBytes, runCount) = step[last] == 1 ? (count[last] * byteSize, 1) : (byteSize, count[last])
        var index = [Int](repeating: 0, count: last)
        var smallOffset = 0
        let rowBytes = count[last] * byteSize
        while true {
            var bigOffset = start[last] * strides[last] * byteSize
            for axis in 0..<last { bigOffset += (start[axis] + index[axis] * step[axis]) * strides[axis] * byteSize }
            for r in 0..<runCount { copy(bigOffset + r * innerStride, smallOffset + r * byteSize, runBytes) }
            smallOffset += rowBytes
            var axis = last - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < count[axis] { break }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}
