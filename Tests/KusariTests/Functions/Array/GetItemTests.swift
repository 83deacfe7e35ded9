import Testing
@testable import Kusari
import KusariTesting

@Suite struct GetItemTests {
    /// x[i, j, k] = 100i + 10j + k, shape (3, 4, 5): every element names its own index.
    let x: Variable = {
        var values: [Double] = []
        for i in 0..<3 { for j in 0..<4 { for k in 0..<5 { values.append(Double(100 * i + 10 * j + k)) } } }
        return Variable(NDArray(values, shape: [3, 4, 5]))
    }()

    @Test func integersAndStridedSlices() {
        let y = x[.at(1), .range(1..<4, step: 2)]
        #expect(y.shape == [2, 5])
        #expect(y.array.toArray(as: Double.self) == [110, 111, 112, 113, 114, 130, 131, 132, 133, 134])
        // Negative integers and bounds count from the end; bounds clip to the axis.
        let z = F.getItem(x, .at(-1), .all, .range(-2..<99))
        #expect(z.shape == [4, 2])
        #expect(z.array.toArray(as: Double.self) == [203, 204, 213, 214, 223, 224, 233, 234])
        #expect(x[.range(5..<9)].shape == [0, 4, 5])
        #expect(x[.at(0), .at(3), .at(4)].array.item == 34)
        #expect(x[.at(0), .at(3), .at(4)].shape == [])
    }

    @Test func newAxis() {
        let y = x[.newAxis, .at(2), .newAxis, .range(0..<4, step: 3)]
        #expect(y.shape == [1, 1, 2, 5])
        #expect(y.array.toArray(as: Double.self) == [200, 201, 202, 203, 204, 230, 231, 232, 233, 234])
    }

    @Test func indexArrayReplacesItsAxis() {
        let idx = NDArray([Int32(2), 0, 2, -1], shape: [2, 2])
        let y = x[.all, .array(idx), .at(1)]
        #expect(y.shape == [3, 2, 2])
        #expect(y.array.toArray(as: Double.self) == [21, 1, 21, 31, 121, 101, 121, 131, 221, 201, 221, 231])
        #expect(x[.array(NDArray([Int64(1)])), .at(0)].array.toArray(as: Double.self) == [100, 101, 102, 103, 104])
    }

    @Test func errors() {
        #expect(throws: ShapeError("get_item: index 3 is out of bounds for axis 0 with size 3")) {
            try IndexPlan([.at(3)], shape: [3, 4])
        }
        #expect(throws: ShapeError("get_item: too many indices (3) for an array of dimension 2")) {
            try IndexPlan([.all, .all, .at(0)], shape: [3, 4])
        }
        #expect(throws: ShapeError("get_item: integer indexes must sit next to the index array")) {
            try IndexPlan([.at(0), .all, .array(NDArray([Int32(0)]))], shape: [3, 4, 5])
        }
        #expect(throws: ShapeError("get_item: index 4 is out of bounds for axis 1 with size 4")) {
            try TakeAlongAxis(NDArray([Int32(4)]), axis: 1).checkInputs([NDArray(zeros: [3, 4])])
        }
    }

    @Test func gradientScattersBack() throws {
        // Repeated indices add their gradients: index 0 is taken twice.
        let v = Variable(NDArray([1.0, 2, 3], shape: [3]))
        F.sum(v[.array(NDArray([Int32(0), 2, 0]))]).backward()
        #expect(v.grad?.toArray(as: Double.self) == [2, 0, 1])
        let w = Variable(NDArray([1.0, 2, 3, 4, 5], shape: [5]))
        F.sum(w[.range(1..<5, step: 2)]).backward()
        #expect(w.grad?.toArray(as: Double.self) == [0, 1, 0, 1, 0])

        var rng = SplitMix64(seed: 7)
        let input = rng.uniform([3, 4, 5])
        try checkBackward({ $0[.at(1), .range(0..<4, step: 3), .newAxis] }, input)
        try checkBackward({ $0[.range(1..<3), .array(NDArray([Int32(3), 1, 3]))] }, input)
        try checkDoubleBackward({ [$0[0][.all, .range(1..<4, step: 2)] * $0[0][.all, .range(1..<4, step: 2)]] }, [input],
                                gradOutputs: [rng.uniform([3, 2, 5])])
        try checkDoubleBackward({ [F.getItem($0[0] * $0[0], .array(NDArray([Int32(2), 2]))).sum()] }, [input],
                                gradOutputs: [rng.uniform([])])
    }
}

@Suite struct PadTests {
    @Test func constantPadding() throws {
        let x = Variable(NDArray([1.0, 2, 3, 4], shape: [2, 2]))
        let y = F.pad(x, [(1, 0), (0, 2)], value: -1)
        #expect(y.shape == [3, 4])
        #expect(y.array.toArray(as: Double.self) == [-1, -1, -1, -1, 1, 2, -1, -1, 3, 4, -1, -1])
        #expect(F.pad(x, 1).array.toArray(as: Double.self) == [0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0])
        #expect(throws: ShapeError("pad: len(pad_width) == x.ndim, actual 1 != 2")) {
            try Pad([(1, 1)], value: 0).checkInputs([NDArray(zeros: [2, 2])])
        }
        var rng = SplitMix64(seed: 8)
        try checkBackward({ F.pad($0, [(1, 2), (0, 1), (2, 0)]) }, rng.uniform([2, 3, 2]))
        try checkDoubleBackward({ [F.pad($0[0] * $0[0], 1)] }, [rng.uniform([2, 2])], gradOutputs: [rng.uniform([4, 4])])
    }
}
