// Softmax along one axis, and the kernel log-softmax shares.

extension F {
    /// yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ) along `axis` (default 1, as Chainer's `F.softmax(x, axis=1)`).
    /// The row maximum is subtracted first, so large inputs do not overflow.
    public static func softmax(_ x: Variable, axis: Int = 1) -> Variable { Softmax(axis: axis).apply(x) }
}

final class Softmax: FunctionNode {
    let axis: Int

    init(axis: Int) { self.axis = axis }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        try Softmax.checkAxis(inputs[0], axis, "softmax")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        return [Softmax.kernel(inputs[0], axis: axis, log: false)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let y = retainedOutputs[0]
        let gyy = y * gradOutputs[0]!
        return [gyy - y * F.sum(gyy, axes: [axis], keepdims: true)]
    }

    /// Throws unless `x` is float and `axis` names one of its axes.
    static func checkAxis(_ x: NDArray, _ axis: Int, _ function: String) throws(ShapeError) {
        try checkFloat(x, function)
        guard axis >= -x.ndim && axis < x.ndim else {
            throw ShapeError("\(function): axis \(axis) is out of bounds for an array of dimension \(x.ndim)")
        }
    }

    /// Softmax, or log-softmax when `log`, of `x` along `axis`: x is viewed as
    /// (outer, n, inner) and each of the outer × inner rows of length n is normalized after
    /// subtracting its maximum.
    static func kernel(_ x: NDArray, axis: Int, log: Bool) -> NDArray {
        let axis = axis < 0 ? axis + x.ndim : axis
        let n = x.shape[axis]
        let outer = x.shape[..<axis].reduce(1, *), inner = x.shape[(axis + 1)...].reduce(1, *)
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            var out = NDArray(uninitialized: x.shape, dtype: x.dtype)
            x.withUnsafeBufferPointer(as: T.self) { px in
                out.withUnsafeMutableBufferPointer(as: T.self) { po in
                    let chunks = min(outer, Threading.chunkCount(x.count, grain: NDArray.elementwiseGrain))
                    Threading.parallelFor(chunks) { chunk in
                        let peak = UnsafeMutableBufferPointer<T>.allocate(capacity: inner)
                        let total = UnsafeMutableBufferPointer<T>.allocate(capacity: inner)
                        defer { peak.deallocate(); total.deallocate() }
                        for o in Threading.range(of: chunk, in: chunks, count: outer) {
                            let base = o * n * inner
                            for k in 0..<inner { peak[k] = -.infinity; total[k] = 0 }
                            for j in 0..<n {
                                let row = base + j * inner
                                for k in 0..<inner where px[row + k] > peak[k] { peak[k] = px[row + k] }
                            }
                            for j in 0..<n {
                                let row = base + j * inner
                                for k in 0..<inner {
                                    let e = T.exp(px[row + k] - peak[k])
                                    po[row + k] = e
                                    total[k] += e
                                }
                            }
                            if log {
                                for k in 0..<inner { total[k] = peak[k] + T.log(total[k]) }
                                for j in 0..<n {
                                    let row = base + j * inner
                                    for k in 0..<inner { po[row + k] = px[row + k] - total[k] }
                                }
                            } else {
                                for k in 0..<inner { total[k] = 1 / total[k] }
                                for j in 0..<n {
                                    let row = base + j * inner
                                    for k in 0..<inner { po[row + k] *= total[k] }
                                }
                            }
                        }
                    }
                }
            }
            return out
        }
        return NDArray.byFloat(x.dtype, log ? "log_softmax" : "softmax", f32: run(Float.self), f64: run(Double.self))
    }
}
