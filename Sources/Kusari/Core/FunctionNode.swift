// Chainer's `chainer.FunctionNode`: the interface every differentiable operation implements.

/// One operation in the graph. A subclass implements `forward` on arrays and `backward` on
/// variables (so gradients are themselves differentiable), and optionally `checkInputs`.
///
/// `apply` validates, runs `forward`, and — when backprop is enabled and some input needs a
/// gradient — links the outputs to this node.
open class FunctionNode {
    /// The inputs, kept for backward.
    public internal(set) var inputs: [Variable] = []
    /// Chainer's rank: the highest rank among the inputs.
    public internal(set) var rank = 0
    private var outputReferences: [WeakVariable] = []
    private var retainedOutputIndexes: [Int] = []
    private var retainedOutputArrays: [NDArray] = []
    var outputShapes: [[Int]] = []
    var outputDTypes: [DType] = []

    public init() {}

    /// A short name for messages and graph dumps; the class name by default.
    open var label: String { String(describing: type(of: self)) }

    /// Validates input shapes and dtypes; throw a `ShapeError` with a Chainer-style message
    /// (`linear: x.shape[1] == W.shape[1], actual 784 != 800`).
    open func checkInputs(_ inputs: [NDArray]) throws(ShapeError) {}

    /// Computes the outputs from the input arrays.
    open func forward(_ inputs: [NDArray]) -> [NDArray] {
        preconditionFailure("\(label) must override forward")
    }

    /// Returns the gradients of the inputs at `indexes`, given the output gradients (nil for
    /// an output that received none). Built from differentiable functions.
    open func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        preconditionFailure("\(label) must override backward")
    }

    /// Asks `apply` to keep these outputs for `backward` (see `retainedOutputs`).
    public func retainOutputs(_ indexes: [Int]) { retainedOutputIndexes = indexes }

    /// The outputs kept by `retainOutputs`, as variables connected to this node.
    public var retainedOutputs: [Variable] {
        zip(retainedOutputIndexes, retainedOutputArrays).map { index, array in
            if let alive = outputReferences[index].variable { return alive }
            let revived = Variable(array)
            revived.creator = self
            revived.rank = rank + 1
            outputReferences[index] = WeakVariable(revived)
            return revived
        }
    }

    /// Runs the node on `inputs` and returns its outputs.
    ///
    /// When the graph is recorded, `inputs` is set before `forward` runs, so that `forward` can
    /// tell which inputs will need gradients and keep only what their backward pass reads.
    public func apply(_ inputs: [Variable]) -> [Variable] {
        let arrays = inputs.map(\.array)
        do { try checkInputs(arrays) } catch { preconditionFailure(error.description) }
        let needsGraph = Config.enableBackprop && inputs.contains { $0.requiresGrad }
        if needsGraph { self.inputs = inputs }
        let outputs = forward(arrays)
        let variables = outputs.map { Variable($0, requiresGrad: needsGraph) }
        guard needsGraph else { return variables }
        rank = inputs.map(\.rank).max() ?? 0
        outputReferences = variables.map(WeakVariable.init)
        outputShapes = outputs.map(\.shape)
        outputDTypes = outputs.map(\.dtype)
        retainedOutputArrays = retainedOutputIndexes.map { outputs[$0] }
        for variable in variables {
            variable.creator = self
            variable.rank = rank + 1
        }
        return variables
    }

    /// Runs a single-output node on `inputs`.
    public func apply(_ inputs: Variable...) -> Variable { apply(inputs)[0] }

    /// The live output variables (nil where the output has been freed).
    var outputs: [Variable?] { outputReferences.map(\.variable) }
}

/// A weak reference to a variable, so that a node does not keep its outputs alive.
struct WeakVariable {
    weak var variable: Variable?
    init(_ variable: Variable) { self.variable = variable }
}
