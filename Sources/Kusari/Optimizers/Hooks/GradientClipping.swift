// Clipping by the global gradient norm. Chainer: `optimizer_hooks.GradientClipping`.

/// Rescales all gradients together so that their global L2 norm is at most `threshold`:
/// with n = √(Σ over every parameter of Σ g²), every gradient is multiplied by threshold / n
/// when n > threshold, and left alone otherwise.
///
/// The sum of squares runs in float64, parameter by parameter in `params()` order, so the
/// result does not depend on thread count. Runs once per update over every initialized
/// parameter of the target (frozen links included, as in Chainer).
/// Chainer: `optimizer_hooks.GradientClipping(threshold)`, timing 'pre'.
public struct GradientClipping: OptimizerHook {
    /// The largest global gradient norm allowed.
    public var threshold: Double
    public var name: String { "GradientClipping" }

    /// Clipping to a global norm of at most `threshold`.
    public init(_ threshold: Double) { self.threshold = threshold }

    public func callAsFunction(_ optimizer: Optimizer) {
        let params = optimizer.requireTarget().params().filter(\.isInitialized)
        let rate = threshold / GradientClipping.norm(params)
        guard rate < 1 else { return }
        for param in params {
            func run<T: NDFloat>(_: T.Type) {
                let scale = T(rate)
                param.withMutableGrad(as: T.self) { g, _ in
                    for i in g.indices { g[i] *= scale }
                }
            }
            NDArray.byFloat(param.dtype, "GradientClipping", f32: run(Float.self), f64: run(Double.self))
        }
    }

    /// The L2 norm of all gradients of `params` together, summed in float64 in a fixed order.
    static func norm(_ params: [Parameter]) -> Double {
        var sum = 0.0
        for param in params {
            guard let grad = param.grad else { continue }
            func add<T: NDFloat>(_: T.Type) {
                grad.withUnsafeBufferPointer(as: T.self) { g in
                    for value in g { sum += value.doubleValue * value.doubleValue }
                }
            }
            NDArray.byFloat(grad.dtype, "GradientClipping", f32: add(Float.self), f64: add(Double.self))
        }
        return sum.squareRoot()
    }
}
