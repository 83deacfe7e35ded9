// The update loop: counts, frozen links, update { }, zero gradients for unused parameters,
// and the warning about parameters that never get a gradient.
import Testing
import Kusari

@Suite struct GradientMethodTests {
    @Test func countsUpdatesAndEpochs() {
        let model = Holder([1])
        let sgd = SGD().setup(model)
        for _ in 0..<3 {
            model.w.grad = NDArray([1.0])
            sgd.update()
        }
        sgd.newEpoch()
        #expect(sgd.t == 3 && sgd.epoch == 1 && model.w.updateRule!.t == 3)
        sgd.setup(model)
        #expect(sgd.t == 0 && sgd.epoch == 0 && model.w.updateRule!.t == 0, "setup starts afresh")
    }

    @Test func disabledLinksAreNotUpdated() {
        let model = TwoParameters([1], [1])
        let sgd = SGD(lr: 0.5).setup(model)
        model.b.disableUpdate()
        model.a.w.grad = NDArray([1.0])
        model.b.w.grad = NDArray([1.0])
        sgd.update()
        #expect(values(model.a.w) == [0.5] && values(model.b.w) == [1])
        #expect(model.b.w.updateRule!.t == 0, "a frozen parameter's rule does not count the step")
        model.b.enableUpdate()
        sgd.update()
        #expect(values(model.b.w) == [0.5])
    }

    @Test func disabledRuleIsNotUpdated() {
        let model = Holder([1])
        let sgd = SGD(lr: 0.5).setup(model)
        model.w.updateRule!.enabled = false
        model.w.grad = NDArray([1.0])
        sgd.update()
        #expect(values(model.w) == [1] && model.w.updateRule!.t == 0 && sgd.t == 1)
    }

    @Test func updateWithLossClearsGradientsFirst() {
        let model = Holder([1, 2])
        let sgd = SGD(lr: 0.1).setup(model)
        model.w.grad = NDArray([100.0, 100.0])
        let x = Variable(NDArray([3.0, -1.0]), requiresGrad: false)
        sgd.update { F.sum(model.w * x) }
        #expect(gradValues(model.w) == [3, -1], "the stale gradient was dropped before backward")
        #expect(close(values(model.w), [0.7, 2.1], 1e-15))
        #expect(sgd.t == 1)
    }

    @Test func parameterWithoutGradientGetsZerosAndKeepsItsMomentum() {
        // Chainer reallocates cleared gradients as zeros, so momentum still moves an unused parameter.
        let model = TwoParameters([1], [1])
        let optimizer = MomentumSGD(lr: 0.01, momentum: 0.9).setup(model)
        optimizer.update { F.sum(model.a.w + model.b.w) }
        #expect(close(values(model.b.w), [0.99], 1e-15))
        optimizer.update { F.sum(model.a.w) }
        #expect(gradValues(model.b.w) == [0])
        #expect(close(values(model.b.w), [0.99 - 0.009], 1e-15))
        #expect(optimizer.parametersWithoutGradient.isEmpty, "the check runs on the first update only")
    }

    @Test func warnsAboutParametersThatGetNoGradient() {
        final class Model: Chain {
            let fc1 = Holder([1])
            let fc3 = Holder([1])
            let frozen = Holder([1])
        }
        let model = Model()
        model.frozen.disableUpdate()
        let sgd = SGD().setup(model)
        sgd.update { F.sum(model.fc1.w * model.fc1.w) }
        #expect(sgd.parametersWithoutGradient == ["/fc3/w"], "frozen links are not reported")
        #expect(Optimizer.noGradientMessage(for: "/fc3/W")
            == "parameter /fc3/W received no gradient: it is not used in forward (or its link is called outside the model)")
    }

    @Test func fitsALine() {
        // y = 2x + 1, loss Σ (w·x + b − y)².
        let xs = [-1.0, -0.5, 0, 0.5, 1, 1.5]
        let x = Variable(NDArray(xs), requiresGrad: false)
        let y = Variable(NDArray(xs.map { 2 * $0 + 1 }), requiresGrad: false)
        final class Line: Chain {
            let w = Parameter(NDArray([0.0]))
            let b = Parameter(NDArray([0.0]))
        }
        let optimizers: [() -> Optimizer] = [{ SGD(lr: 0.05) }, { MomentumSGD(lr: 0.02) }, { Adam(alpha: 0.05) }]
        for make in optimizers {
            let line = Line()
            let optimizer = make().setup(line)
            for _ in 0..<400 {
                optimizer.update {
                    let error = line.w * x + line.b - y
                    return F.sum(error * error)
                }
            }
            #expect(abs(values(line.w)[0] - 2) < 1e-3 && abs(values(line.b)[0] - 1) < 1e-3,
                    "\(type(of: optimizer)): w = \(values(line.w)), b = \(values(line.b))")
        }
    }
}
