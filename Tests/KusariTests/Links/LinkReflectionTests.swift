import Testing
import Kusari

private final class Block: Chain {
    let W = Parameter(NDArray([1.0, 2, 3], shape: [3]))
    let b = Parameter(NDArray([0.5], shape: [1]))
    @Persistent var N = 0
}

private final class Model: Chain {
    let first = Block()
    let rest: [Link] = [Block(), Block()]
    let head: Block? = Block()
    let nothing: Block? = nil
    let scale = 2.0
}

@Suite struct LinkReflectionTests {
    @Test func namesFollowPropertiesAndNesting() {
        let model = Model()
        #expect(model.namedParams().map(\.0) == [
            "/first/W", "/first/b", "/rest/0/W", "/rest/0/b", "/rest/1/W", "/rest/1/b", "/head/W", "/head/b",
        ])
        #expect(model.countParams() == 16)
        #expect(model.namedLinks().map(\.0) == ["/", "/first", "/rest/0", "/rest/1", "/head"])
        #expect(model.children().count == 4)
    }

    @Test func chainListNamesChildrenByPosition() {
        let list = ChainList([Block(), Block()])
        #expect(list.namedParams().map(\.0) == ["/0/W", "/0/b", "/1/W", "/1/b"])
    }

    @Test func cleargradsAndCopyparams() {
        let a = Model(), b = Model()
        a.first.W.array = NDArray([7.0, 8, 9], shape: [3])
        a.first.N = 5
        b.copyparams(from: a)
        #expect(b.first.W.array.toArray(as: Double.self) == [7, 8, 9])
        #expect(b.first.N == 5)
        a.first.W.grad = NDArray([1.0, 1, 1], shape: [3])
        a.cleargrads()
        #expect(a.first.W.grad == nil)
    }

    @Test func disableUpdatePropagates() {
        let model = Model()
        model.disableUpdate()
        #expect(model.namedLinks().allSatisfy { !$0.1.updateEnabled })
        model.first.enableUpdate()
        #expect(model.first.updateEnabled && !model.head!.updateEnabled)
    }

    @Test func hiddenMessageNamesTheProperty() {
        let message = LinkReflectionMessages.hidden(owner: Model(), property: "layers", container: "Dictionary<String, Link>")
        #expect(message.hasPrefix("Model.layers: links or parameters inside a Dictionary<String, Link> are invisible"))
    }
}
