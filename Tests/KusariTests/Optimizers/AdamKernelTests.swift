import CKusariKernels
import Kusari
import Testing

/// `kusari_adam_f32`/`f64` against Chainer's update rule written out in Swift, one rounding per
/// operation, and its SIMD variant against its portable one, bit for bit.
@Suite struct AdamKernelTests {
    /// Random parameter, gradient and state arrays, with v and vhat non-negative.
    static func arrays<T: NDFloat>(_: T.Type, count: Int) -> (p: [T], g: [T], m: [T], v: [T], vhat: [T]) {
        var stream = RandomStream(seed: 7)
        func values(_ low: Double, _ high: Double) -> [T] {
            stream.uniform([count], low: low, high: high).toArray(as: Float.self).map { T(fromDouble: Double($0)) }
        }
        return (values(-1, 1), values(-2, 2), values(-0.5, 0.5), values(0, 0.3), values(0, 0.3))
    }

    static func reference<T: NDFloat>(_ a: (p: [T], g: [T], m: [T], v: [T], vhat: [T]), amsgrad: Bool,
                                      _ h: (b1: T, b2: T, alpha: T, eta: T, eps: T, decay: T)) -> [[T]] {
        var (p, m, v, vhat) = (a.p, a.m, a.v, a.vhat)
        for i in p.indices {
            m[i] = m[i] + h.b1 * (a.g[i] - m[i])
            v[i] = v[i] + h.b2 * (a.g[i] * a.g[i] - v[i])
            var second = v[i]
            if amsgrad {
                second = second >= vhat[i] ? second : vhat[i]
                vhat[i] = second
            }
            p[i] = p[i] - h.eta * (h.alpha * m[i] / (second.squareRoot() + h.eps) + h.decay * p[i])
        }
        return amsgrad ? [p, m, v, vhat] : [p, m, v]
    }

    static let variants: [Int32] = GEMM.Variant.avx512.isSupported ? [0, 1] : [0]

    /// The C kernels' shared signature: p, g, m, v, vmax, count, 1−β1, 1−β2, α_t, η, ε, λ, avx512.
    typealias Kernel<T> = (UnsafeMutablePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>, UnsafeMutablePointer<T>,
                           UnsafeMutablePointer<T>?, Int, T, T, T, T, T, T, Int32) -> Void

    static func check<T: NDFloat>(_ kernel: Kernel<T>, count: Int, amsgrad: Bool,
                                  _ h: (b1: T, b2: T, alpha: T, eta: T, eps: T, decay: T)) {
        let a = arrays(T.self, count: count)
        let expected = reference(a, amsgrad: amsgrad, h)
        for variant in variants {
            var (p, m, v, vhat) = (a.p, a.m, a.v, a.vhat)
            vhat.withUnsafeMutableBufferPointer { vhat in
                kernel(&p, a.g, &m, &v, amsgrad ? vhat.baseAddress! : nil, count, h.b1, h.b2, h.alpha, h.eta, h.eps,
                       h.decay, variant)
            }
            let got = amsgrad ? [p, m, v, vhat] : [p, m, v]
            let bits = { (arrays: [[T]]) in arrays.map { $0.map(\.doubleValue.bitPattern) } }
            #expect(bits(got) == bits(expected), "variant \(variant)")
        }
    }

    @Test(arguments: [false, true])
    func float32MatchesTheRuleBitForBit(amsgrad: Bool) {
        Self.check(kusari_adam_f32, count: 1_037, amsgrad: amsgrad, (0.1, 0.001, 0.003, 0.9, 1e-8, 0.01))
    }

    @Test(arguments: [false, true])
    func float64MatchesTheRuleBitForBit(amsgrad: Bool) {
        Self.check(kusari_adam_f64, count: 517, amsgrad: amsgrad, (0.2, 0.01, 0.05, 1, 1e-8, 0))
    }
}
