// Pads a variable with a constant.

extension F {
    /// `x` with `widths[i].before` elements of `value` added before, and `widths[i].after`
    /// after, along each axis i (NumPy/Chainer `pad(x, pad_width, 'constant',
    /// constant_values=value)`; constant mode only). The gradient is the slice of the output
    /// gradient where `x` sits.
    public static func pad(_ x: Variable, _ widths: [(before: Int, after: Int)], value: Double = 0) -> Variable {
        Pad(widths, value: value).apply(x)
    }

    /// `x` with `width` elements of `value` on both sides of every axis (NumPy/Chainer
    /// `pad(x, width, 'constant', constant_values=value)` with an integer `pad_width`).
    public static func pad(_ x: Variable, _ width: Int, value: Double = 0) -> Variable {
        pad(x, [(before: Int, after: Int)](repeating: (width, width), count: x.ndim), value: value)
    }
}

final class Pad: FunctionNode {
    let widths: [(before: Int, after: Int)]
    let value: Double

    init(_ widths: [(before: Int, after: Int)], value: Double) {
        self.widths = widths
        self.value = value
    }

    override func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {
        guard widths.count == inputs[0].ndim else {
            throw ShapeError("pad: len(pad_width) == x.ndim, actual \(widths.count) != \(inputs[0].ndim)")
        }
        guard widths.allSatisfy({ $0.before >= 0 && $0.after >= 0 }) else {
            throw ShapeError("pad: pad widths must be non-negative, actual \(widths)")
        }
    }

    private func window(for shape: [Int]) -> Window {
        Window(start: widths.map(\.before), step: shape.map { _ in 1 }, count: shape)
    }

    override func forward(_ inputs: [NDArray]) -> [NDArray] {
        let x = inputs[0]
        let shape = zip(x.shape, widths).map { $0 + $1.before + $1.after }
        var out = NDArray.full(shape, value, dtype: x.dtype)
        out.assign(x, at: window(for: x.shape))
        return [out]
    }

    override func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        let shape = inputs[0].shape
        return [GetItem(window(for: shape), shape: shape).apply(gradOutputs[0]!)]
    }
}
