import Kusari
import Testing

/// `AdamStep` (the `kusari_adam_f32`/`f64` kernels) against Chainer's update rule written out
/// in Swift, one rounding per operation, and its SIMD variant against its portable one, bit
/// for bit.
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

    static let variants = GEMM.Variant.avx512.isSupported ? [false, true] : [false]

    static func check<T: NDFloat>(_: T.Type, count: Int, amsgrad: Bool,
                                  _ h: (b1: T, b2: T, alpha: T, eta: T, eps: T, decay: T)) {
        let a = arrays(T.self, count: count)
        let expected = reference(a, amsgrad: amsgrad, h)
        let step = AdamStep(oneMinusBeta1: h.b1.doubleValue, oneMinusBeta2: h.b2.doubleValue, alphaT: h.alpha.doubleValue,
                            eta: h.eta.doubleValue, eps: h.eps.doubleValue, weightDecayRate: h.decay.doubleValue)
        for avx512 in variants {
            var (p, m, v, vhat) = (a.p, a.m, a.v, a.vhat)
            p.withUnsafeMutableBufferPointer { p in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        vhat.withUnsafeMutableBufferPointer { vhat in
                            a.g.withUnsafeBufferPointer { g in
                                step.apply(param: p, grad: g, m: m, v: v, vhat: amsgrad ? vhat : nil, avx512: avx512)
                            }
                        }
                    }
                }
            }
            let got = amsgrad ? [p, m, v, vhat] : [p, m, v]
            let bits = { (arrays: [[T]]) in arrays.map { $0.map(\.doubleValue.bitPattern) } }
            #expect(bits(got) == bits(expected), "avx512 \(avx512)")
        }
    }

    @Test(arguments: [false, true])
    func float32MatchesTheRuleBitForBit(amsgrad: Bool) {
        Self.check(Float.self, count: 1_037, amsgrad: amsgrad, (0.1, 0.001, 0.003, 0.9, 1e-8, 0.01))
    }

    @Test(arguments: [false, true])
    func float64MatchesTheRuleBitForBit(amsgrad: Bool) {
        Self.check(Double.self, count: 517, amsgrad: amsgrad, (0.2, 0.01, 0.05, 1, 1e-8, 0))
    }
}
