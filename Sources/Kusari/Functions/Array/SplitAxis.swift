// Splits a variable into pieces along an axis: a node with several outputs.

extension F {
    /// `x` cut along `axis` into `sections` equal pieces; the axis size must divide evenly.
    /// Chainer: `F.split_axis(x, sections, axis)`.
    public static func splitAxis(_ x: Variable, sections: Int, axis: Int) -> [Variable] {
        let n = x.ndim
        precondition(axis >= -n && axis < n, "split_axis: -x.ndim <= axis < x.ndim, actual axis \(axis) for ndim \(n)")
        let size = x.shape[(axis + n) % n]
        precondition(sections > 0 && size % sections == 0,
                     "split_axis: x.shape[\(axis)] % sections == 0, actual \(size) % \(sections) == \(sections > 0 ? size % sections : size)")
        return splitAxis(x, indices: (1..<sections).map { $0 * size / sections }, axis: axis)
    }

    /// `x` cut along `axis` before each of the sorted `indices`, giving `indices.count + 1`
    /// pieces (NumPy's `split` with indices; an index past the end gives empty pieces).
    /// Chainer: `F.split_axis(x, indices, axis)`. Pieces that get no gradient count as zero.
    public static func splitAxis(_ x: Variable, indices: [Int], axis: Int) -> [Variable] {
        SplitAxis(indices: indices, axis: axis).apply([x])
    }
}

final class SplitAxis: FunctionNode {
    let indices: [Int]
    let axis: Int

    init(indices: [Int], axis: Int) {
        self.indices = indices
        self.axis = axis
    }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        let n = inputs[0].ndim
        guard axis >= -n && axis < n else {
            throw ShapeError("split_axis: -x.ndim <= axis < x.ndim, actual axis \(axis) for ndim \(n)")
        }
        guard indices.allSatisfy({ $0 >= 0 }), indices == indices.sorted() else {
            throw ShapeError("split_axis: indices must be sorted and non-negative, actual \(indices)")
        }
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let x = inputs[0]
        let a = (axis + x.ndim) % x.ndim
        let size = x.shape[a]
        let bounds = [0] + indices.map { min($0, size) } + [size]
        return zip(bounds, bounds.dropFirst()).map { lower, upper in
            var window = Window(placing: x.shape, at: lower, axis: a)
            window.count[a] = max(upper - lower, 0)
            return x.gathered(window)
        }
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let x = inputs[0]
        let pieces = gradOutputs.enumerated().map { i, gy in
            gy ?? Variable.constant(NDArray(zeros: outputShapes[i], dtype: x.dtype))
        }
        return [F.concat(pieces, axis: (axis + x.ndim) % x.ndim)]
    }
}
