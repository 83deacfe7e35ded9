// Optimizer.learningRate and observeLR: Chainer's `optimizer.lr` for each optimizer.
import Foundation
import Testing
@testable import Kusari

@Suite struct LearningRateTests {
    @Test func plainOptimizersReportTheirLR() {
        #expect(SGD(lr: 0.05).learningRate == 0.05)
        #expect(MomentumSGD(lr: 0.02).learningRate == 0.02)
        #expect(NesterovAG(lr: 0.03).learningRate == 0.03)
        #expect(AdaGrad(lr: 0.004).learningRate == 0.004)
        #expect(RMSprop(lr: 0.006).learningRate == 0.006)
        #expect(AdaDelta().learningRate == nil)
    }

    @Test func adamReportsItsBiasCorrectedStep() {
        let adam = Adam(alpha: 0.002, beta1: 0.8, beta2: 0.99)
        #expect(adam.learningRate == nil)
        adam.t = 2
        // alpha·√(1 − 0.99²) / (1 − 0.8²) = 0.002·√0.0199 / 0.36.
        let expected = 0.002 * (1 - 0.99 * 0.99).squareRoot() / (1 - 0.8 * 0.8)
        #expect(abs(adam.learningRate! - expected) <= 1e-15 * expected)
        let adamW = AdamW()
        adamW.t = 1
        #expect(abs(adamW.learningRate! - 0.001 * (1 - 0.999).squareRoot() / (1 - 0.9)) < 1e-15)
    }

    @Test func observeLRPutsTheRateOfEachUpdateInTheLog() throws {
        // observeLR is a writer: it reads the rate before the shift (a reader) changes it.
        let sgd = SGD(lr: 0.1)
        let trainer = makeTrainer(FakeUpdater(optimizer: sgd), stop: .iterations(3))
        let log = LogReport(trigger: .iterations(1), filename: nil)
        trainer.extend(ExponentialShift("lr", \.lr, rate: 0.5, optimizer: sgd))
        trainer.extend(observeLR(trigger: .iterations(1)))
        trainer.extend(log)
        try trainer.run()
        #expect(log.log.map { $0["lr"]! } == [0.1, 0.05, 0.025])
    }

    @Test func observeValueReportsAnyComputedValue() throws {
        let trainer = makeTrainer(FakeUpdater(iterationsPerEpoch: 2), stop: .epochs(2))
        let log = LogReport(filename: nil)
        trainer.extend(observeValue("twice_iteration") { Double(2 * $0.updater.iteration) })
        trainer.extend(log)
        try trainer.run()
        #expect(log.log.map { $0["twice_iteration"]! } == [4, 8])
    }
}
