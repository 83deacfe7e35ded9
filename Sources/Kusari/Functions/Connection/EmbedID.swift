// Embedding lookup (Chainer's `F.embed_id`).

extension F {
    /// The rows of W (V, D) named by the integer ids x: y[i…, :] = W[x[i…], :], of shape
    /// x.shape + (D,). Ids equal to `ignoreLabel` give zero rows and no gradient; every other
    /// id must lie in 0 ..< V. x is int32 or int64 and gets no gradient. Chainer:
    /// `F.embed_id(x, W, ignore_label=None)`.
    public static func embedID(_ x: Variable, _ W: Variable, ignoreLabel: Int? = nil) -> Variable {
        EmbedIDFunction(ignoreLabel: ignoreLabel).apply(x, W)
    }
}

final class EmbedIDFunction: FunctionNode {
    let ignoreLabel: Int?

    init(ignoreLabel: Int?) { self.ignoreLabel = ignoreLabel }

    override var label: String { "embed_id" }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let (x, W) = (inputs[0], inputs[1])
        guard x.dtype == .int32 || x.dtype == .int64 else { throw ShapeError("\(label): x.dtype.kind == 'i', actual \(x.dtype)") }
        guard W.dtype.isFloatingPoint else { throw ShapeError("\(label): W.dtype.kind == 'f', actual \(W.dtype)") }
        guard W.ndim == 2 else { throw ShapeError("\(label): W.ndim == 2, actual \(W.ndim)") }
        let vocabulary = W.shape[0]
        let ignored = ignoreLabel.map(Int64.init) ?? -1
        let bad = x.astype(.int64).withUnsafeBufferPointer(as: Int64.self) { ids in
            ids.first { ($0 < 0 || $0 >= vocabulary) && ($0 != ignored || ignoreLabel == nil) }
        }
        if let bad {
            throw ShapeError("\(label): each id not equal to ignore_label satisfies 0 <= x < len(W), "
                                 + "actual \(bad) with len(W) = \(vocabulary)")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        [EmbedIDFunction.gather(inputs[1], ids: inputs[0], ignoreLabel: ignoreLabel)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        indexes.map { index in
            index == 0 ? nil : EmbedIDGrad(ignoreLabel: ignoreLabel, vocabulary: inputs[1].shape[0]).apply(inputs[0], gradOutputs[0]!)
        }
    }

    /// W's rows at `ids`, zero rows where the id is `ignoreLabel`.
    static func gather(_ W: NDArray, ids: NDArray, ignoreLabel: Int?) -> NDArray {
        let dim = W.shape[1]
        var y = NDArray(uninitialized: ids.shape + [dim], dtype: W.dtype)
        func run<T: NDFloat>(_: T.Type) {
            W.withUnsafeBufferPointer(as: T.self) { pw in
                y.withUnsafeMutableBufferPointer(as: T.self) { py in
                    forEachID(ids, ignoreLabel: ignoreLabel) { i, id in
                        let row = UnsafeMutableBufferPointer(rebasing: py[(i * dim)..<((i + 1) * dim)])
                        if let id {
                            _ = row.update(fromContentsOf: pw[(id * dim)..<((id + 1) * dim)])
                        } else {
                            row.update(repeating: 0)
                        }
                    }
                }
            }
        }
        NDArray.byFloat(W.dtype, "embed_id", f32: run(Float.self), f64: run(Double.self))
        return y
    }

    /// Calls `body(position, id)` for every id in order, with nil for an ignored one.
    static func forEachID(_ ids: NDArray, ignoreLabel: Int?, _ body: (Int, Int?) -> Void) {
        ids.astype(.int64).withUnsafeBufferPointer(as: Int64.self) { ids in
            for (i, id) in ids.enumerated() { body(i, ignoreLabel == Int(id) ? nil : Int(id)) }
        }
    }
}
