// The largest or smallest element over axes.

extension F {
    /// The maximum of `x` over `axes` (all when nil). Chainer: `F.max(x, axis=None,
    /// keepdims=False)`. The gradient goes to every position equal to the maximum: each tied
    /// element receives the full output gradient, as in Chainer.
    public static func max(_ x: Variable, axes: [Int]? = nil, keepdims: Bool = false) -> Variable {
        Extremum(largest: true, axes: axes, keepdims: keepdims).apply(x)
    }

    /// The minimum of `x` over `axes` (all when nil). Chainer: `F.min(x, axis=None,
    /// keepdims=False)`; ties are treated as in `F.max`.
    public static func min(_ x: Variable, axes: [Int]? = nil, keepdims: Bool = false) -> Variable {
        Extremum(largest: false, axes: axes, keepdims: keepdims).apply(x)
    }
}

final class Extremum: FunctionNode {
    let largest: Bool
    let axes: [Int]?
    let keepdims: Bool

    init(largest: Bool, axes: [Int]?, keepdims: Bool) {
        self.largest = largest
        self.axes = axes
        self.keepdims = keepdims
    }

    private var name: String { largest ? "max" : "min" }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let x = inputs[0]
        try checkFloat(x, name)
        let reduced = try Extremum.normalizedAxes(axes, x.ndim, name)
        if reduced.contains(where: { x.shape[$0] == 0 }) && Extremum.keptShape(x.shape, reduced).reduce(1, *) > 0 {
            throw ShapeError("\(name): zero-size reduction over axes \(reduced) of shape \(NDArray.format(x.shape)) has no identity")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        let x = inputs[0]
        let reduced = Extremum.normalizedAxesOrStop(axes, x.ndim)
        let y = Extremum.kernel(x, reduced, largest: largest)
        return [keepdims ? y : y.reshaped(x.shape.indices.filter { !reduced.contains($0) }.map { x.shape[$0] })]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let x = inputs[0]
        let kept = Extremum.keptShape(x.shape, Extremum.normalizedAxesOrStop(axes, x.ndim))
        let y = retainedOutputs[0].array.reshaped(kept)
        let selected = (x.array .== y).astype(x.dtype)
        return [F.broadcastTo(F.reshape(gradOutputs[0]!, kept), x.shape) * .constant(selected)]
    }

    /// `axes` (all when nil) made non-negative and sorted; throws on an axis out of range or
    /// repeated, naming `function`.
    static func normalizedAxes(_ axes: [Int]?, _ ndim: Int, _ function: String) throws(ShapeError) -> [Int] {
        guard let axes else { return Array(0..<ndim) }
        var result: [Int] = []
        for axis in axes {
            guard axis >= -ndim && axis < ndim else {
                throw ShapeError("\(function): axis \(axis) is out of bounds for an array of dimension \(ndim)")
            }
            let normalized = axis < 0 ? axis + ndim : axis
            guard !result.contains(normalized) else { throw ShapeError("\(function): duplicate value in axis \(axes)") }
            result.append(normalized)
        }
        return result.sorted()
    }

    /// `normalizedAxes` for axes `checkInputs` has already accepted.
    static func normalizedAxesOrStop(_ axes: [Int]?, _ ndim: Int) -> [Int] {
        do { return try normalizedAxes(axes, ndim, "reduction") } catch { preconditionFailure(error.description) }
    }

    /// `shape` with the `reduced` axes set to 1.
    static func keptShape(_ shape: [Int], _ reduced: [Int]) -> [Int] {
        shape.indices.map { reduced.contains($0) ? 1 : shape[$0] }
    }

    /// The maximum (or minimum) over the `reduced` axes, keeping them as size 1. NaN wins, as
    /// in NumPy's `amax`. Walks x once in row-major order; the output offset of each row
    /// advances by a per-axis stride that is 0 on reduced axes.
    static func kernel(_ x: NDArray, _ reduced: [Int], largest: Bool) -> NDArray {
        let kept = keptShape(x.shape, reduced)
        let keptStrides = NDArray.contiguousStrides(kept)
        let steps = x.shape.indices.map { reduced.contains($0) ? 0 : keptStrides[$0] }
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            var out = NDArray(uninitialized: kept, dtype: x.dtype)
            out.withUnsafeMutableBufferPointer(as: T.self) { po in
                po.update(repeating: largest ? -.infinity : .infinity)
                x.withUnsafeBufferPointer(as: T.self) { px in
                    let ndim = x.ndim, count = x.count
                    let inner = ndim == 0 ? 1 : x.shape[ndim - 1], step = ndim == 0 ? 0 : steps[ndim - 1]
                    guard count > 0 else { return }
                    var index = [Int](repeating: 0, count: ndim)
                    var rowOffset = 0, start = 0
                    while start < count {
                        var o = rowOffset
                        for i in start..<(start + inner) {
                            let v = px[i], m = po[o]
                            if (largest ? v > m : v < m) || v != v { po[o] = v }
                            o += step
                        }
                        start += inner
                        var axis = ndim - 2
                        while axis >= 0 {
                            index[axis] += 1
                            rowOffset += steps[axis]
                            if index[axis] < x.shape[axis] { break }
                            rowOffset -= steps[axis] * x.shape[axis]
                            index[axis] = 0
                            axis -= 1
                        }
                    }
                }
            }
            return out
        }
        return NDArray.byFloat(x.dtype, largest ? "max" : "min", f32: run(Float.self), f64: run(Double.self))
    }
}
