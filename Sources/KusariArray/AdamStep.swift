// Adam's update over raw buffers (adam.c), spread over threads: optimizers in the Kusari layer
// call this rather than the C kernels.
import CKusariKernels

/// The values one Adam step reads, Chainer's `AdamRule` hyperparameters reduced to this step:
/// 1 − β1, 1 − β2, the bias-corrected step size α_t, the schedule multiplier η, ε and the
/// decoupled weight decay rate λ.
public struct AdamStep: Sendable {
    public var oneMinusBeta1, oneMinusBeta2, alphaT, eta, eps, weightDecayRate: Double

    public init(oneMinusBeta1: Double, oneMinusBeta2: Double, alphaT: Double, eta: Double, eps: Double,
                weightDecayRate: Double) {
        (self.oneMinusBeta1, self.oneMinusBeta2, self.alphaT) = (oneMinusBeta1, oneMinusBeta2, alphaT)
        (self.eta, self.eps, self.weightDecayRate) = (eta, eps, weightDecayRate)
    }

    /// The step on every element, in place, each operation rounded on its own in T (the
    /// values above first rounded to T), in the order Chainer's update rule writes them:
    ///
    ///     m ← m + (1 − β1)·(g − m);  v ← v + (1 − β2)·(g² − v)
    ///     v̂ ← max(v̂, v) with `vhat` (AMSGrad), else v;  p ← p − η·(α_t·m / (√v̂ + ε) + λ·p)
    ///
    /// Elements are independent, so threads may split them any way. float32 and float64;
    /// `avx512` picks the 16-lane loops (the default where the CPU has them), which give the
    /// same bits as the portable ones.
    public func apply<T: NDFloat>(
        param p: UnsafeMutableBufferPointer<T>, grad g: UnsafeBufferPointer<T>, m: UnsafeMutableBufferPointer<T>,
        v: UnsafeMutableBufferPointer<T>, vhat: UnsafeMutableBufferPointer<T>?,
        avx512: Bool = GEMM.Variant.avx512.isSupported
    ) {
        precondition(g.count == p.count && m.count == p.count && v.count == p.count && (vhat?.count ?? p.count) == p.count,
                     "AdamStep: parameter, gradient and states of one size, got \(p.count), \(g.count), \(m.count), "
                         + "\(v.count)" + (vhat.map { ", \($0.count)" } ?? ""))
        let count = p.count, simd: Int32 = avx512 ? 1 : 0
        let chunks = Threading.chunkCount(count, grain: NDArray.elementwiseGrain)
        Threading.parallelFor(chunks) { chunk in
            let range = Threading.range(of: chunk, in: chunks, count: count)
            guard !range.isEmpty else { return }
            func at<U>(_ buffer: UnsafeMutableBufferPointer<T>, as _: U.Type) -> UnsafeMutablePointer<U> {
                UnsafeMutableRawPointer(buffer.baseAddress! + range.lowerBound).assumingMemoryBound(to: U.self)
            }
            let grad = UnsafeRawPointer(g.baseAddress! + range.lowerBound)
            if T.self == Float.self {
                kusari_adam_f32(at(p, as: Float.self), grad.assumingMemoryBound(to: Float.self), at(m, as: Float.self),
                                at(v, as: Float.self), vhat.map { at($0, as: Float.self) }, range.count,
                                Float(oneMinusBeta1), Float(oneMinusBeta2), Float(alphaT), Float(eta), Float(eps),
                                Float(weightDecayRate), simd)
            } else {
                kusari_adam_f64(at(p, as: Double.self), grad.assumingMemoryBound(to: Double.self), at(m, as: Double.self),
                                at(v, as: Double.self), vhat.map { at($0, as: Double.self) }, range.count, oneMinusBeta1,
                                oneMinusBeta2, alphaT, eta, eps, weightDecayRate, simd)
            }
        }
    }
}
