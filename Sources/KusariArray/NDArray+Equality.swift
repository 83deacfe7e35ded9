// Whole-array comparisons: exact equality, bit identity, and closeness within tolerances.

extension NDArray: Equatable {
    /// True when both arrays have the same dtype and shape and equal elements (NaN is
    /// unequal to itself, 0 equals −0), like `np.array_equal` plus a dtype check.
    public static func == (a: NDArray, b: NDArray) -> Bool {
        guard a.dtype == b.dtype, a.shape == b.shape else { return false }
        if a.count == 0 { return true }
        let equal = compare(a, .equal, b)
        return equal.withUnsafeBufferPointer(as: Bool.self) { $0.allSatisfy { $0 } }
    }
}

extension NDArray {
    /// True when both arrays have the same dtype, shape and bytes: stricter than `==`
    /// (a NaN matches the same NaN, 0 does not match −0). Bit-identical results are what
    /// the determinism promise is about.
    public func isIdentical(to other: NDArray) -> Bool {
        guard dtype == other.dtype, shape == other.shape else { return false }
        return withUnsafeBytes { a in other.withUnsafeBytes { b in a.elementsEqual(b) } }
    }

    /// True when |a − b| ≤ atol + rtol·|b| for every element after broadcasting, with NaNs
    /// equal only when `equalNaN` (NumPy's `allclose`, same defaults). Both operands are
    /// compared in float64, so their dtypes may differ.
    public func allClose(_ other: NDArray, rtol: Double = 1e-5, atol: Double = 1e-8, equalNaN: Bool = false) -> Bool {
        let shape: [Int]
        do { shape = try NDArray.broadcastShape(self.shape, other.shape, operation: "allclose") } catch { NDArray.fail(error) }
        let a = astype(.float64).broadcast(to: shape), b = other.astype(.float64).broadcast(to: shape)
        return a.withUnsafeBufferPointer(as: Double.self) { pa in
            b.withUnsafeBufferPointer(as: Double.self) { pb in
                Swift.zip(pa, pb).allSatisfy { x, y in
                    if x.isNaN || y.isNaN { return equalNaN && x.isNaN && y.isNaN }
                    // An infinity is close only to itself; the formula would accept any b = ±inf.
                    if x.isInfinite || y.isInfinite { return x == y }
                    return Swift.abs(x - y) <= atol + rtol * Swift.abs(y)
                }
            }
        }
    }
}
