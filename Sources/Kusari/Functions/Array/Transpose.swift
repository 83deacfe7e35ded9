// Permutes the axes of a variable.

extension F {
    /// `x` with its axes permuted; `axes` nil reverses them. Chainer: `F.transpose`.
    public static func transpose(_ x: Variable, axes: [Int]? = nil) -> Variable {
        Transpose(axes ?? Array((0..<x.ndim).reversed())).apply(x)
    }
}

final class Transpose: FunctionNode {
    let axes: [Int]

    init(_ axes: [Int]) { self.axes = axes }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let n = inputs[0].ndim
        let normalized = axes.map { $0 < 0 ? $0 + n : $0 }
        guard normalized.sorted() == Array(0..<n) else {
            throw ShapeError("transpose: axes \(axes) are not a permutation of \(n) axes")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        [inputs[0].transposed(axes)]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let n = axes.count
        var inverse = [Int](repeating: 0, count: n)
        for (position, axis) in axes.enumerated() { inverse[(axis + n) % n] = position }
        return [F.transpose(gradOutputs[0]!, axes: inverse)]
    }
}

extension Variable {
    /// The variable with reversed axes. Chainer: `Variable.T`.
    public var T: Variable { F.transpose(self) }

    /// The variable with permuted axes. Chainer: `Variable.transpose`.
    public func transpose(_ axes: Int...) -> Variable { F.transpose(self, axes: axes.isEmpty ? nil : axes) }
}
