import Testing
import Kusari

@Suite struct LinkCopyAndSequentialTests {
    @Test func copyIsDeepAndKeepsLazyShapes() {
        let model = MLP(units: 4, outputs: 2)
        _ = model(Variable(NDArray(zeros: [1, 3])))
        model.l2.disableUpdate()
        let twin = model.copy { MLP(units: 4, outputs: 2) }
        #expect(twin.l1.W.shape == [4, 3])
        #expect(twin.l1.W.array == model.l1.W.array)
        #expect(!twin.l2.updateEnabled && twin.l1.updateEnabled)
        twin.l1.W.array = twin.l1.W.array + 1
        #expect(twin.l1.W.array != model.l1.W.array, "the copy owns its arrays")
    }

    @Test func sequentialAppliesLayersInOrderAndNamesLinksByPosition() {
        let net = Sequential([Linear(2, 3), Linear(3, 1)])
        net.append { F.relu($0) }
        #expect(net.namedParams().map(\.0) == ["/0/W", "/0/b", "/1/W", "/1/b"])
        (net[0] as! Linear).W.array = NDArray([Float(1), 0, 0, 1, 1, 1], shape: [3, 2])
        (net[1] as! Linear).W.array = NDArray([Float(1), -1, -1], shape: [1, 3])
        let y = net(Variable(NDArray([Float(2), 1], shape: [1, 2])))
        // h = (2, 1, 3); y = relu(2 − 1 − 3) = relu(−2) = 0.
        #expect(y.array.toArray(as: Float.self) == [0])
        let repeated = Sequential.repeat(3) { Linear(2, 2) }
        #expect(repeated.count == 3 && repeated.namedParams().count == 6)
    }
}
