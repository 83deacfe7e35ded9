// Picks one element per row.

extension F {
    /// `y[i] = x[i, t[i]]` for x of shape (N, K) and int32/int64 labels t of shape (N,).
    /// Chainer: `F.select_item`. The gradient goes to the picked elements only.
    public static func selectItem(_ x: Variable, _ t: Variable) -> Variable {
        SelectItem().apply(x, t)
    }
}

final class SelectItem: FunctionNode {
    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let (x, t) = (inputs[0], inputs[1])
        guard x.ndim == 2 else { throw ShapeError("select_item: x.ndim == 2, actual \(x.ndim)") }
        guard t.ndim == 1 else { throw ShapeError("select_item: t.ndim == 1, actual \(t.ndim)") }
        guard x.shape[0] == t.shape[0] else { throw ShapeError("select_item: x.shape[0] == t.shape[0], actual \(x.shape[0]) != \(t.shape[0])") }
        let labels = try integerLabels(t, "select_item")
        let k = x.shape[1]
        if let i = labels.firstIndex(where: { $0 < 0 || $0 >= k }) {
            throw ShapeError("select_item: 0 <= t < x.shape[1], actual t[\(i)] == \(labels[i]) for x.shape[1] == \(k)")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let (x, t) = (inputs[0], inputs[1].astype(.int64))
        let k = x.shape[1]
        var out = NDArray(uninitialized: t.shape, dtype: x.dtype)
        let bytes = x.dtype.byteSize
        t.withUnsafeBufferPointer(as: Int64.self) { labels in
            x.withUnsafeBytes { src in
                out.withUnsafeMutableBytes { dst in
                    for i in labels.indices {
                        dst.baseAddress!.advanced(by: i * bytes)
                            .copyMemory(from: src.baseAddress!.advanced(by: (i * k + Int(labels[i])) * bytes), byteCount: bytes)
                    }
                }
            }
        }
        return [out]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let x = inputs[0]
        let (n, k) = (x.shape[0], x.shape[1])
        let picked = oneHot(inputs[1].array, classes: k)
        let gy = F.reshape(gradOutputs[0]!, [n, 1])
        return indexes.map { $0 == 0 ? F.where(picked, gy, .constant(NDArray.scalar(0, dtype: x.dtype))) : nil }
    }
}
