// The largest or smallest element over axes.

extension F {
    /// The maximum of `x` over `axes` (all when nil). Chainer: `F.max(x, axis=None,
    /// keepdims=False)`; NaN wins, as in NumPy's `amax`. The gradient goes to every position
    /// equal to the maximum: each tied element receives the full output gradient, as in Chainer.
    public static func max(_ x: Variable, axes: [Int]? = nil, keepdims: Bool = false) -> Variable {
        Extremum(largest: true, axes: axes, keepdims: keepdims).apply(x)
    }

    /// The minimum of `x` over `axes` (all when nil). Chainer: `F.min(x, axis=None,
    /// keepdims=False)`; NaN and ties are treated as in `F.max`.
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
        let reduced = try ReducedAxes(axes, ndim: x.ndim, name)
        if reduced.axes.contains(where: { x.shape[$0] == 0 }) && reduced.kept(x.shape).reduce(1, *) > 0 {
            throw ShapeError("\(name): zero-size reduction over axes \(reduced.axes) of shape \(NDArray.format(x.shape)) has no identity")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        let x = inputs[0], reduced = ReducedAxes(accepted: axes, ndim: x.ndim).axes
        return [largest ? x.amax(axes: reduced, keepdims: keepdims) : x.amin(axes: reduced, keepdims: keepdims)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let x = inputs[0], reduced = ReducedAxes(accepted: axes, ndim: x.ndim)
        let y = retainedOutputs[0].array.reshaped(reduced.kept(x.shape))
        let selected = (x.array .== y).astype(x.dtype)
        return [reduced.spread(gradOutputs[0]!, to: x.shape) * .constant(selected)]
    }
}
