// Numerical gradient checks, like Chainer's `chainer.gradient_check`, for our functions and
// for users testing their own.
import Kusari

/// A gradient check that failed: which input, where, and both values.
public struct GradientCheckError: Error, CustomStringConvertible {
    public let description: String
}

/// Checks the backward pass of `function` against central differences in float64.
///
/// The scalar L = Σᵢ sum(yᵢ · gyᵢ) is differentiated analytically (by `backward()`) and
/// numerically ((L(x + ε) − L(x − ε)) / 2ε per element); they must agree within
/// |analytic − numeric| ≤ atol + rtol·|numeric|. Inputs should be float64 (as Chainer's
/// `check_backward(..., dtype=numpy.float64)`); `gradOutputs` default to fixed pseudo-random
/// values in [−1, 1]. Inputs listed in `constantInputs` get no gradient and are not checked.
public func checkBackward(
    _ function: ([Variable]) -> [Variable],
    _ inputs: [NDArray],
    gradOutputs: [NDArray]? = nil,
    constantInputs: Set<Int> = [],
    eps: Double = 1e-3, atol: Double = 1e-5, rtol: Double = 1e-4
) throws {
    let probe = function(inputs.enumerated().map { Variable($1, requiresGrad: !constantInputs.contains($0)) })
    var generator = SplitMix64(seed: 12345)
    let gys = gradOutputs ?? probe.map { y in
        NDArray((0..<y.count).map { _ in generator.nextSigned() }, shape: y.shape).astype(y.dtype)
    }
    func objective(_ outputs: [Variable]) -> Variable {
        sumOfProducts(outputs, gys.map { Variable($0, requiresGrad: false) })
    }

    let leaves = inputs.enumerated().map { Variable($1, requiresGrad: !constantInputs.contains($0)) }
    objective(function(leaves)).backward()

    for (index, input) in inputs.enumerated() where !constantInputs.contains(index) {
        let analytic = leaves[index].grad?.astype(.float64) ?? NDArray.zeros(input.shape, dtype: .float64)
        let analyticValues = analytic.toArray(as: Double.self)
        for element in 0..<input.count {
            func value(at offset: Double) -> Double {
                var shifted = inputs
                shifted[index] = input.shifted(element, by: offset)
                // Gradients stay enabled: a double-backward check differentiates inside `function`.
                let variables = shifted.enumerated().map { Variable($1, requiresGrad: !constantInputs.contains($0)) }
                return objective(function(variables)).array.item
            }
            let numeric = (value(at: eps) - value(at: -eps)) / (2 * eps)
            let difference = abs(analyticValues[element] - numeric)
            if !(difference <= atol + rtol * abs(numeric)) {
                throw GradientCheckError(description:
                    "gradient check failed for input \(index) at flat index \(element): "
                    + "analytic \(analyticValues[element]), numeric \(numeric) (atol \(atol), rtol \(rtol))")
            }
        }
    }
}

/// Single-input, single-output convenience for `checkBackward`.
public func checkBackward(
    _ function: (Variable) -> Variable, _ input: NDArray,
    eps: Double = 1e-3, atol: Double = 1e-5, rtol: Double = 1e-4
) throws {
    try checkBackward({ [function($0[0])] }, [input], eps: eps, atol: atol, rtol: rtol)
}

/// Checks the second-order gradients of `function` (Chainer: `check_double_backward`): the map
/// (x, gy) ↦ ∂L/∂x, computed with `createGraph`, is itself checked by `checkBackward`.
public func checkDoubleBackward(
    _ function: ([Variable]) -> [Variable],
    _ inputs: [NDArray],
    gradOutputs: [NDArray],
    constantInputs: Set<Int> = [],
    eps: Double = 1e-3, atol: Double = 1e-4, rtol: Double = 1e-3
) throws {
    let n = inputs.count
    let firstOrder: ([Variable]) -> [Variable] = { variables in
        let xs = Array(variables[..<n]), gys = Array(variables[n...])
        let fresh = xs.enumerated().map { index, x in
            // Leaves of this evaluation, linked to the outer graph through x + 0.
            constantInputs.contains(index) ? x : x + 0
        }
        let ys = function(fresh)
        let objective = sumOfProducts(ys, gys)
        let grads = gradients(of: objective, with: fresh.enumerated().filter { !constantInputs.contains($0.offset) }.map(\.element))
        // The inner backward also reached the outer leaves; only the outer one may set them.
        for variable in variables { variable.cleargrad() }
        return grads
    }
    try checkBackward(firstOrder, inputs + gradOutputs,
                      constantInputs: constantInputs, eps: eps, atol: atol, rtol: rtol)
}

/// Σᵢ sum(yᵢ · gyᵢ): the scalar whose gradient is the vector-Jacobian product with gy.
func sumOfProducts(_ ys: [Variable], _ gys: [Variable]) -> Variable {
    let terms = zip(ys, gys).map { F.sum($0 * $1) }
    return terms.dropFirst().reduce(terms[0], +)
}

/// The gradients of `objective` with respect to `variables`, as variables in the graph
/// (Chainer: `chainer.grad(..., enable_double_backprop=True)`).
func gradients(of objective: Variable, with variables: [Variable]) -> [Variable] {
    let ones = Variable(NDArray.ones(objective.shape, dtype: objective.dtype), requiresGrad: false)
    objective.gradVariable = ones
    objective.backward(retainGrad: true, createGraph: true)
    let grads = variables.map { $0.gradVariable ?? Variable(NDArray.zeros($0.shape, dtype: $0.dtype), requiresGrad: false) }
    // Each retained gradient's graph reaches back to its variable: clearing every gradient
    // the walk stored leaves no cycle for ARC to miss.
    var pending = [objective], seen = Set<ObjectIdentifier>()
    while let variable = pending.popLast() {
        guard seen.insert(ObjectIdentifier(variable)).inserted else { continue }
        variable.cleargrad()
        pending += variable.creator?.inputs ?? []
    }
    return grads
}

extension NDArray {
    /// A float64 copy with element `index` moved by `offset`.
    func shifted(_ index: Int, by offset: Double) -> NDArray {
        var copy = astype(.float64)
        copy.withUnsafeMutableBufferPointer(as: Double.self) { $0[index] += offset }
        return copy.astype(dtype)
    }
}

/// A small fixed generator for test data (SplitMix64), independent of Kusari's Philox.
public struct SplitMix64 {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double uniform in [−1, 1).
    public mutating func nextSigned() -> Double { Double(next() >> 11) * 0x1p-52 - 1 }

    /// An array of `shape` with values uniform in [low, high).
    public mutating func uniform(_ shape: [Int], _ low: Double = -1, _ high: Double = 1, dtype: DType = .float64) -> NDArray {
        let values = (0..<shape.reduce(1, *)).map { _ in low + (nextSigned() + 1) / 2 * (high - low) }
        return NDArray(values, shape: shape).astype(dtype)
    }
}
