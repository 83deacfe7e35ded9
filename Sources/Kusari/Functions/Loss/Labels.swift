// Integer class labels, as the losses, `F.selectItem` and `F.accuracy` take them.

/// The labels of an int32 or int64 array, or the error naming `function` (Chainer's check
/// `t.dtype.kind == 'i'`).
func integerLabels(_ t: NDArray, _ function: String) throws(ShapeError) -> [Int64] {
    guard t.dtype == .int32 || t.dtype == .int64 else {
        throw ShapeError("\(function): t.dtype.kind == 'i', actual \(t.dtype)")
    }
    return t.astype(.int64).toArray(as: Int64.self)
}

/// The one-hot mask of `labels` (shape (N, d₁, ...)) with the classes on axis 1: a bool array
/// of shape (N, classes, d₁, ...) that is true at (i, labels[i, j], j). A sample whose label is
/// outside 0..<classes, or equals `ignoreLabel`, has no true element.
func oneHot(_ labels: NDArray, classes: Int, ignoreLabel: Int64? = nil) -> NDArray {
    let t = labels.astype(.int64)
    let n = t.shape.first ?? 1, r = t.count / Swift.max(n, 1)
    var out = NDArray(zeros: [n, classes] + t.shape.dropFirst(), dtype: .bool)
    t.withUnsafeBufferPointer(as: Int64.self) { p in
        out.withUnsafeMutableBufferPointer(as: Bool.self) { o in
            for i in p.indices where p[i] >= 0 && p[i] < classes && p[i] != ignoreLabel {
                o[((i / r) * classes + Int(p[i])) * r + i % r] = true
            }
        }
    }
    return out
}
