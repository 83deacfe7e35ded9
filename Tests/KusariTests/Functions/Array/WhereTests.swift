import Testing
@testable import Kusari
import KusariTesting

@Suite struct WhereTests {
    @Test func choosesAndBroadcasts() throws {
        let c = NDArray([true, false, true], shape: [3])
        let x = Variable(NDArray([1.0, 2, 3, 4, 5, 6], shape: [2, 3]))
        let y = Variable(NDArray([-1.0], shape: []))
        let z = F.where(c, x, y)
        #expect(z.array.toArray(as: Double.self) == [1, -1, 3, 4, -1, 6])
        F.sum(z).backward()
        #expect(x.grad?.toArray(as: Double.self) == [1, 0, 1, 1, 0, 1])
        #expect(y.grad?.item == 2)
        #expect(throws: ShapeError("where: condition.dtype == bool, actual float32")) {
            try Where(NDArray(zeros: [3])).checkInputs([NDArray(zeros: [3]), NDArray(zeros: [3])])
        }
        var rng = SplitMix64(seed: 9)
        try checkBackward({ [F.where(c, $0[0], $0[1])] }, [rng.uniform([2, 3]), rng.uniform([2, 1])])
        try checkDoubleBackward({ [F.where(c, $0[0] * $0[0], $0[1])] }, [rng.uniform([2, 3]), rng.uniform([3])],
                                gradOutputs: [rng.uniform([2, 3])])
    }
}

@Suite struct SelectItemTests {
    @Test func picksOnePerRow() throws {
        let x = Variable(NDArray([1.0, 2, 3, 4, 5, 6], shape: [2, 3]))
        let t = Variable(NDArray([Int32(2), 0]), requiresGrad: false)
        let y = F.selectItem(x, t)
        #expect(y.array.toArray(as: Double.self) == [3, 4])
        F.sum(y * Variable(NDArray([10.0, 20]))).backward()
        #expect(x.grad?.toArray(as: Double.self) == [0, 0, 10, 20, 0, 0])
        #expect(throws: ShapeError("select_item: 0 <= t < x.shape[1], actual t[1] == 3 for x.shape[1] == 3")) {
            try SelectItem().checkInputs([NDArray(zeros: [2, 3]), NDArray([Int32(0), 3])])
        }
        var rng = SplitMix64(seed: 10)
        let labels = NDArray([Int32(1), 1, 0, 3])
        try checkBackward({ [F.selectItem($0[0], $0[1])] }, [rng.uniform([4, 4]), labels], constantInputs: [1])
        try checkDoubleBackward({ [F.selectItem($0[0] * $0[0], $0[1])] }, [rng.uniform([4, 4]), labels],
                                gradOutputs: [rng.uniform([4])], constantInputs: [1])
    }
}
