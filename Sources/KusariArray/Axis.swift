// Axis arguments: negative axes count from the end, as in NumPy.

extension NDArray {
    /// `axis` mapped into `0..<ndim` (−1 is the last axis), or a `ShapeError` naming
    /// `operation` in NumPy's words.
    static func normalizeAxis(_ axis: Int, ndim: Int, operation: String) throws(ShapeError) -> Int {
        guard axis >= -ndim && axis < ndim else {
            throw ShapeError("\(operation): axis \(axis) is out of bounds for array of dimension \(ndim)")
        }
        return axis < 0 ? axis + ndim : axis
    }

    /// Every axis in `axes` normalized; repeating an axis is an error, as in NumPy.
    static func normalizeAxes(_ axes: [Int], ndim: Int, operation: String) throws(ShapeError) -> [Int] {
        var seen = [Bool](repeating: false, count: ndim)
        var result: [Int] = []
        for axis in axes {
            let normalized = try normalizeAxis(axis, ndim: ndim, operation: operation)
            guard !seen[normalized] else { throw ShapeError("\(operation): repeated axis \(axis) in \(axes)") }
            seen[normalized] = true
            result.append(normalized)
        }
        return result
    }
}
