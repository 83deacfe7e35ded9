// Chainer's `chainer.Variable`: an array that remembers the function node that made it.

/// An array in the computational graph.
///
/// A variable created by a `FunctionNode` keeps that node as its `creator`; `backward()`
/// walks the creators to compute gradients. `grad` accumulates across backward calls
/// (as in Chainer) until `cleargrad()`.
public class Variable {
    /// The data.
    public var array: NDArray
    /// A name shown in graph dumps and error messages.
    public var name: String?
    /// The node that produced this variable; nil for leaves.
    public internal(set) var creator: FunctionNode?
    /// Whether gradients flow into this variable. Chainer: `requires_grad`.
    public let requiresGrad: Bool
    /// The gradient as a variable, so it can be differentiated again (double backprop).
    public var gradVariable: Variable?
    /// Chainer's rank: 0 for leaves, one more than the creator's rank otherwise.
    public internal(set) var rank = 0

    public init(_ array: NDArray, requiresGrad: Bool = true, name: String? = nil) {
        self.array = array
        self.requiresGrad = requiresGrad
        self.name = name
    }

    /// The gradient's data. Chainer: `Variable.grad`.
    public var grad: NDArray? {
        get { gradVariable?.array }
        set { gradVariable = newValue.map { Variable($0, requiresGrad: false) } }
    }

    public var shape: [Int] { array.shape }
    public var dtype: DType { array.dtype }
    public var ndim: Int { array.ndim }
    public var count: Int { array.count }

    /// Drops the gradient. Chainer: `cleargrad()`.
    public func cleargrad() { gradVariable = nil }

    /// Makes this variable a leaf: forgets its creator. Chainer: `unchain()`.
    public func unchain() { creator = nil }

    /// Cuts the graph behind this variable, so that the nodes that made it can be freed.
    /// Chainer: `unchain_backward()`.
    public func unchainBackward() {
        var stack = [self]
        while let variable = stack.popLast() {
            guard let node = variable.creator else { continue }
            variable.creator = nil
            stack.append(contentsOf: node.inputs)
        }
    }

    /// Computes the gradients of this variable with respect to every variable it depends on.
    ///
    /// A size-1 output starts from a gradient of one; a larger output must have `grad` set.
    /// Leaf gradients accumulate into `grad`; intermediate ones are kept only with
    /// `retainGrad`. With `createGraph` the backward computation is itself recorded, so the
    /// gradients can be differentiated again (Chainer: `enable_double_backprop`). Such a
    /// gradient's graph refers back to its variable, a cycle that Python's collector frees but
    /// ARC does not: call `cleargrad()` (or the link's `cleargrads()`) once it is used.
    public func backward(retainGrad: Bool = false, createGraph: Bool = false) {
        Backprop.run(from: self, retainGrad: retainGrad, createGraph: createGraph)
    }
}

extension Variable: CustomStringConvertible {
    public var description: String {
        "variable\(name.map { " \($0)" } ?? "")(\(array.description))"
    }
}
