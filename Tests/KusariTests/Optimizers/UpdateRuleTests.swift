// Each optimizer's trajectory against a reference written from its formula, for Chainer's
// defaults and other hyperparameters, in float64 and float32.
import Foundation
import Testing
import Kusari

@Suite struct UpdateRuleTests {
    func sgd(lr: Double) -> [[Double]] {
        reference(0) { p, _, g, _ in p = p - lr * g }
    }

    func momentum(lr: Double, momentum mu: Double) -> [[Double]] {
        reference(1) { p, s, g, _ in
            s[0] = mu * s[0] - lr * g
            p = p + s[0]
        }
    }

    func nesterov(lr: Double, momentum mu: Double) -> [[Double]] {
        reference(1) { p, s, g, _ in
            s[0] = mu * s[0] - lr * g
            p = p + mu * mu * s[0] - (1 + mu) * lr * g
        }
    }

    func adam(alpha: Double, beta1: Double, beta2: Double, eps: Double, eta: Double, decay: Double, amsgrad: Bool) -> [[Double]] {
        reference(3) { p, s, g, t in
            s[0] = beta1 * s[0] + (1 - beta1) * g
            s[1] = beta2 * s[1] + (1 - beta2) * g * g
            s[2] = amsgrad ? max(s[2], s[1]) : s[1]
            let stepSize = alpha * sqrt(1 - pow(beta2, Double(t))) / (1 - pow(beta1, Double(t)))
            p = p - eta * (stepSize * s[0] / (sqrt(s[2]) + eps) + decay * p)
        }
    }

    func adaGrad(lr: Double, eps: Double) -> [[Double]] {
        reference(1) { p, s, g, _ in
            s[0] += g * g
            p = p - lr * g / (sqrt(s[0]) + eps)
        }
    }

    func rmsprop(lr: Double, alpha: Double, eps: Double, inside: Bool) -> [[Double]] {
        reference(1) { p, s, g, _ in
            s[0] = alpha * s[0] + (1 - alpha) * g * g
            p = p - lr * g / (inside ? sqrt(s[0] + eps) : sqrt(s[0]) + eps)
        }
    }

    func adaDelta(rho: Double, eps: Double) -> [[Double]] {
        reference(2) { p, s, g, _ in
            s[0] = rho * s[0] + (1 - rho) * g * g
            let dx = sqrt((s[1] + eps) / (s[0] + eps)) * g
            s[1] = rho * s[1] + (1 - rho) * dx * dx
            p = p - dx
        }
    }

    /// Runs in float64 (tight) and float32 (loose) against the same reference.
    func check(_ make: () -> Optimizer, _ expected: [[Double]], sourceLocation: SourceLocation = #_sourceLocation) {
        let double = trajectory(make(), start: start, grads: gradients)
        #expect(close(double, expected, 1e-12), "float64: \(double) vs \(expected)", sourceLocation: sourceLocation)
        let single = trajectory(make(), start: start, grads: gradients, dtype: .float32)
        #expect(close(single, expected, 2e-5), "float32: \(single) vs \(expected)", sourceLocation: sourceLocation)
    }

    @Test func defaultsMatchChainer() {
        check({ SGD() }, sgd(lr: 0.01))
        check({ MomentumSGD() }, momentum(lr: 0.01, momentum: 0.9))
        check({ NesterovAG() }, nesterov(lr: 0.01, momentum: 0.9))
        check({ Adam() }, adam(alpha: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, eta: 1, decay: 0, amsgrad: false))
        check({ AdamW() }, adam(alpha: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, eta: 1, decay: 0, amsgrad: false))
        check({ AdaGrad() }, adaGrad(lr: 0.001, eps: 1e-8))
        check({ RMSprop() }, rmsprop(lr: 0.01, alpha: 0.99, eps: 1e-8, inside: false))
        check({ AdaDelta() }, adaDelta(rho: 0.95, eps: 1e-6))
    }

    @Test func firstStepsWorkedByHand() {
        // SGD: 1 − 0.01·0.5.
        #expect(trajectory(SGD(), start: [1], grads: [[0.5]]) == [[0.995]])
        // MomentumSGD, g = 1 twice: v = −0.01, then v = 0.9·(−0.01) − 0.01 = −0.019.
        #expect(close(trajectory(MomentumSGD(), start: [1], grads: [[1], [1]]), [[0.99], [0.971]], 1e-15))
        // NesterovAG, g = 1: v = −0.01; p = 1 + 0.81·(−0.01) − 1.9·0.01.
        #expect(close(trajectory(NesterovAG(), start: [1], grads: [[1]]), [[0.9729]], 1e-15))
        // Adam's first step moves by about alpha whatever |g| is: m/√v = sign(g)·√(1−β2)/(1−β1)
        // cancels the bias correction, up to eps.
        #expect(close(trajectory(Adam(), start: [1, 1], grads: [[0.5, -40]]), [[0.999, 1.001]], 1e-9))
        // RMSprop, g = 0.5: ms = 0.01·0.25, √ms = 0.05, step 0.01·0.5/0.05 = 0.1.
        #expect(close(trajectory(RMSprop(), start: [1], grads: [[0.5]]), [[0.9]], 1e-6))
        // AdaGrad, g = 0.5: step 0.001·0.5/0.5.
        #expect(close(trajectory(AdaGrad(), start: [1], grads: [[0.5]]), [[0.999]], 1e-10))
    }

    @Test func otherHyperparameters() {
        check({ SGD(lr: 0.5) }, sgd(lr: 0.5))
        check({ MomentumSGD(lr: 0.1, momentum: 0.5) }, momentum(lr: 0.1, momentum: 0.5))
        check({ NesterovAG(lr: 0.2, momentum: 0.7) }, nesterov(lr: 0.2, momentum: 0.7))
        check({ Adam(alpha: 0.1, beta1: 0.8, beta2: 0.9, eps: 1e-3) },
              adam(alpha: 0.1, beta1: 0.8, beta2: 0.9, eps: 1e-3, eta: 1, decay: 0, amsgrad: false))
        check({ AdaGrad(lr: 0.3, eps: 0.01) }, adaGrad(lr: 0.3, eps: 0.01))
        check({ RMSprop(lr: 0.05, alpha: 0.9, eps: 0.01) }, rmsprop(lr: 0.05, alpha: 0.9, eps: 0.01, inside: false))
        check({ RMSprop(lr: 0.05, alpha: 0.9, eps: 0.01, epsInsideSqrt: true) },
              rmsprop(lr: 0.05, alpha: 0.9, eps: 0.01, inside: true))
        check({ AdaDelta(rho: 0.8, eps: 1e-2) }, adaDelta(rho: 0.8, eps: 1e-2))
    }

    @Test func adamWeightDecayEtaAndAMSGrad() {
        check({ Adam(alpha: 0.05, eta: 0.5, weightDecayRate: 0.1) },
              adam(alpha: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8, eta: 0.5, decay: 0.1, amsgrad: false))
        check({ AdamW(alpha: 0.05, weightDecayRate: 0.2) },
              adam(alpha: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8, eta: 1, decay: 0.2, amsgrad: false))
        // beta2 = 0.5 lets v fall between steps, so the running maximum differs from v.
        let ams = adam(alpha: 0.1, beta1: 0.9, beta2: 0.5, eps: 1e-8, eta: 1, decay: 0, amsgrad: true)
        let plain = adam(alpha: 0.1, beta1: 0.9, beta2: 0.5, eps: 1e-8, eta: 1, decay: 0, amsgrad: false)
        #expect(!close(ams, plain, 1e-6), "the fixture must tell AMSGrad from Adam")
        check({ Adam(alpha: 0.1, beta2: 0.5, amsgrad: true) }, ams)
    }

    @Test func adamAlphaTIsTheBiasCorrectedStepSize() {
        let adam = Adam(alpha: 0.01, beta1: 0.8, beta2: 0.9)
        let model = Holder([1, 2])
        adam.setup(model)
        for _ in 0..<3 {
            model.w.grad = NDArray([0.1, -0.2])
            adam.update()
        }
        let expected = 0.01 * sqrt(1 - pow(0.9, 3)) / (1 - pow(0.8, 3))
        #expect(abs(adam.alphaT - expected) < 1e-15)
        #expect(abs((model.w.updateRule as! AdamRule).alphaT - expected) < 1e-15)
    }

    @Test func stateIsNamedAsInChainer() {
        let cases: [(Optimizer, Set<String>)] = [
            (SGD(), []), (MomentumSGD(), ["v"]), (NesterovAG(), ["v"]), (Adam(), ["m", "v"]),
            (Adam(amsgrad: true), ["m", "v", "vhat"]), (AdaGrad(), ["h"]), (RMSprop(), ["ms"]),
            (AdaDelta(), ["msg", "msdx"]),
        ]
        for (optimizer, names) in cases {
            let model = Holder([1, 2, 3], dtype: .float32)
            optimizer.setup(model)
            model.w.grad = NDArray([Float(1), 2, 3])
            optimizer.update()
            let state = model.w.updateRule!.state
            #expect(Set(state.keys) == names, "\(type(of: optimizer))")
            #expect(state.values.allSatisfy { $0.shape == [3] && $0.dtype == .float32 })
        }
    }
}
