import Foundation
import Testing
import Kusari

/// The Chainer example in make_fixtures.py, written with Kusari's links.
private final class ChainerMLP: Chain, UnaryLink {
    let l1 = Linear(4, 8)
    let l2 = Linear(8, 3)
    func callAsFunction(_ x: Variable) -> Variable { l2(F.relu(l1(x))) }
}

/// Files written by Chainer 7.8.1's `save_npz` load into the equivalent Kusari objects.
@Suite struct ChainerCompatibilityTests {
    @Test func aChainerModelPredictsIdenticallyInKusari() throws {
        let model = Classifier(ChainerMLP())
        #expect(try loadNPZ(Fixtures.path("chainer_mlp.npz"), into: model).isEmpty, "every key Chainer wrote is used")
        let prediction = Fixtures.expectedMembers("chainer_mlp_prediction")
        let x = NDArray(prediction["x"]!.values.compactMap(Double.init), shape: [2, 4]).astype(.float32)
        let chainerY = prediction["y"]!.values.compactMap(Double.init)
        let y = using(train: false) { noBackprop { model.predictor(Variable(x)).array } }
        #expect(y.shape == [2, 3])
        for (ours, theirs) in zip(y.toArray(as: Float.self), chainerY) {
            #expect(abs(Double(ours) - theirs) <= 1e-6 * max(1, abs(theirs)), "\(ours) vs \(theirs)")
        }
    }

    @Test func aChainerAdamStateLoadsIntoKusarisAdam() throws {
        let model = Classifier(ChainerMLP())
        try loadNPZ(Fixtures.path("chainer_mlp.npz"), into: model)
        let optimizer = Adam().setup(model)
        #expect(try loadNPZ(Fixtures.path("chainer_adam.npz"), into: optimizer).isEmpty)
        #expect(optimizer.t == 1)
        let rule = try #require(model.predictor.l1.W.updateRule)
        Fixtures.check(rule.state["m"]!, Fixtures.expectedMembers("chainer_adam.npz")["predictor/l1/W/m"])
        #expect(rule.t == 1)
    }
}
