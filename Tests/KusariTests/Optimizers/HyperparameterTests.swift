// Per-parameter hyperparameters: overrides stay, everything else follows the optimizer.
import Testing
import Kusari

@Suite struct HyperparameterTests {
    @Test func overrideOneParameterWhileTheOthersFollowTheOptimizer() {
        let model = TwoParameters([1], [1])
        let sgd = SGD(lr: 0.1).setup(model)
        let ruleB = model.b.w.updateRule as! SGDRule
        ruleB.hyperparam.lr = 1
        func step() {
            model.a.w.grad = NDArray([1.0])
            model.b.w.grad = NDArray([1.0])
            sgd.update()
        }
        step()
        #expect(close(values(model.a.w), [0.9], 1e-15))
        #expect(values(model.b.w) == [0])

        sgd.lr = 0.01
        #expect((model.a.w.updateRule as! SGDRule).hyperparam.lr == 0.01, "an unset field reads the optimizer's value")
        #expect(ruleB.hyperparam.lr == 1)
        step()
        #expect(close(values(model.a.w), [0.89], 1e-15))
        #expect(values(model.b.w) == [-1])

        ruleB.hyperparam.reset(\.lr)
        step()
        #expect(close(values(model.b.w), [-1.01], 1e-15), "after reset the rule follows the optimizer again")
        #expect(sgd.hyperparam.lr == 0.01 && sgd.lr == 0.01)
    }

    @Test func adamOverridePerParameter() {
        let model = TwoParameters([0], [0])
        let adam = Adam(alpha: 0.001).setup(model)
        (model.b.w.updateRule as! AdamRule).hyperparam.alpha = 0.01
        model.a.w.grad = NDArray([2.0])
        model.b.w.grad = NDArray([2.0])
        adam.update()
        // Adam's first step is alpha·sign(g), up to eps.
        #expect(close(values(model.a.w), [-0.001], 1e-8))
        #expect(close(values(model.b.w), [-0.01], 1e-8))
        #expect(adam.alpha == 0.001)
    }

    @Test func childOfChildChainsToTheRoot() {
        let root = Hyperparameter(MomentumHyperparameters(lr: 0.1, momentum: 0.5))
        let child = Hyperparameter(parent: root)
        let grandchild = Hyperparameter(parent: child)
        child.momentum = 0.8
        root.lr = 0.2
        #expect(grandchild.values.lr == 0.2 && grandchild.values.momentum == 0.8)
        grandchild.lr = 0.3
        #expect(child.lr == 0.2 && grandchild.lr == 0.3)
    }
}
