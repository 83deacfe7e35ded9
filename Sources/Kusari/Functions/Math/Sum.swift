// Sums and means over axes.

extension F {
    /// The sum of `x` over `axes` (all when nil). Chainer: `F.sum(x, axis, keepdims)`.
    public static func sum(_ x: Variable, axes: [Int]? = nil, keepdims: Bool = false) -> Variable {
        Sum(axes: axes, keepdims: keepdims).apply(x)
    }

    /// The mean of `x` over `axes` (all when nil). Chainer: `F.mean`.
    public static func mean(_ x: Variable, axes: [Int]? = nil, keepdims: Bool = false) -> Variable {
        let reduced = (axes ?? Array(0..<x.ndim)).reduce(1) { $0 * x.shape[($1 + x.ndim) % Swift.max(x.ndim, 1)] }
        return sum(x, axes: axes, keepdims: keepdims) * (1 / Double(reduced))
    }
}

final class Sum: FunctionNode {
    let axes: [Int]?
    let keepdims: Bool
    private var inputShape: [Int] = []

    init(axes: [Int]?, keepdims: Bool) {
        self.axes = axes
        self.keepdims = keepdims
    }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        _ = try ReducedAxes(axes, ndim: inputs[0].ndim, "sum")
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        inputShape = inputs[0].shape
        return [inputs[0].sum(axes: axes, keepdims: keepdims)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        [ReducedAxes(accepted: axes, ndim: inputShape.count).spread(gradOutputs[0]!, to: inputShape)]
    }
}

extension Variable {
    /// The sum over `axes` (all when nil). Chainer: `F.sum`.
    public func sum(axes: [Int]? = nil, keepdims: Bool = false) -> Variable { F.sum(self, axes: axes, keepdims: keepdims) }

    /// The mean over `axes` (all when nil). Chainer: `F.mean`.
    public func mean(axes: [Int]? = nil, keepdims: Bool = false) -> Variable { F.mean(self, axes: axes, keepdims: keepdims) }
}
