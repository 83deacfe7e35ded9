import Testing
@testable import Kusari
import KusariTesting

@Suite struct EmbedIDTests {
    static let table = NDArray((0..<12).map { Double($0) }, shape: [4, 3])

    @Test func looksUpRowsAndZeroesIgnoredIDs() {
        let ids = Variable(NDArray([Int32(2), -1, 0, 2], shape: [2, 2]))
        let y = F.embedID(ids, Variable(Self.table), ignoreLabel: -1)
        #expect(y.shape == [2, 2, 3])
        #expect(y.array.toArray(as: Double.self) == [6, 7, 8, 0, 0, 0, 0, 1, 2, 6, 7, 8])
    }

    @Test func gradientAccumulatesPerIDAndSkipsIgnored() {
        let W = Variable(Self.table)
        let ids = Variable(NDArray([Int64(2), 3, 0, 2], shape: [4]), requiresGrad: false)
        let y = F.embedID(ids, W, ignoreLabel: 3)
        y.grad = NDArray((1...12).map(Double.init), shape: [4, 3])
        y.backward()
        // Row 2 sums positions 0 and 3; row 3 is ignored; row 1 is unused.
        #expect(W.grad?.toArray(as: Double.self) == [7, 8, 9, 0, 0, 0, 11, 13, 15, 0, 0, 0])
    }

    @Test func backwardAndDoubleBackward() throws {
        var random = SplitMix64(seed: 1)
        let ids = NDArray([Int32(1), 0, -1, 1, 3], shape: [5])
        let W = random.uniform([4, 3])
        let embed: ([Variable]) -> [Variable] = { [F.embedID($0[0], $0[1], ignoreLabel: -1)] }
        try checkBackward(embed, [ids, W], constantInputs: [0])
        try checkDoubleBackward(embed, [ids, W], gradOutputs: [random.uniform([5, 3])], constantInputs: [0])
    }

    @Test func integerIDsGetNoGradient() {
        let ids = Variable(NDArray([Int32(0)], shape: [1]))
        let W = Variable(Self.table)
        F.sum(F.embedID(ids, W)).backward()
        #expect(ids.grad == nil)
        #expect(W.grad?.toArray(as: Double.self) == [1, 1, 1] + [Double](repeating: 0, count: 9))
    }

    @Test func idsOutOfRange() {
        let node = EmbedIDFunction(ignoreLabel: -1)
        #expect(throws: ShapeError("embed_id: each id not equal to ignore_label satisfies 0 <= x < len(W), actual 4 with len(W) = 4")) {
            try node.checkInputs([NDArray([Int32(0), 4], shape: [2]), Self.table])
        }
        #expect(throws: ShapeError("embed_id: each id not equal to ignore_label satisfies 0 <= x < len(W), actual -1 with len(W) = 4")) {
            try EmbedIDFunction(ignoreLabel: nil).checkInputs([NDArray([Int32(-1)], shape: [1]), Self.table])
        }
        #expect(throws: ShapeError("embed_id: x.dtype.kind == 'i', actual float64")) {
            try node.checkInputs([NDArray([0.0], shape: [1]), Self.table])
        }
    }
}
