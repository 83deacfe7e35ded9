import Testing
@testable import Kusari
import KusariTesting

@Suite struct ConcatTests {
    @Test func defaultAxisIsOne() {
        // Chainer's concat joins along axis 1 unless told otherwise.
        let a = Variable(NDArray([1.0, 2, 3, 4], shape: [2, 2]))
        let b = Variable(NDArray([5.0, 6, 7, 8, 9, 10], shape: [2, 3]))
        let y = F.concat([a, b])
        #expect(y.shape == [2, 5])
        #expect(y.array.toArray(as: Double.self) == [1, 2, 5, 6, 7, 3, 4, 8, 9, 10])
    }

    @Test func axisZeroAndMiddleAxis() {
        let a = Variable(NDArray([1.0, 2], shape: [1, 2]))
        let b = Variable(NDArray([3.0, 4, 5, 6], shape: [2, 2]))
        #expect(F.concat([a, b], axis: 0).array.toArray(as: Double.self) == [1, 2, 3, 4, 5, 6])
        // (2, 1, 2) ++ (2, 2, 2) along axis 1 (also written −2).
        let c = Variable(NDArray([1.0, 2, 3, 4], shape: [2, 1, 2]))
        let d = Variable(NDArray([5.0, 6, 7, 8, 9, 10, 11, 12], shape: [2, 2, 2]))
        let y = F.concat([c, d], axis: -2)
        #expect(y.shape == [2, 3, 2])
        #expect(y.array.toArray(as: Double.self) == [1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12])
    }

    @Test func shapeMismatchMessage() {
        let node = Concat(axis: 1)
        #expect(throws: ShapeError("concat: xs[1].shape[0] == xs[0].shape[0], actual 3 != 2")) {
            try node.checkInputs([NDArray(zeros: [2, 2]), NDArray(zeros: [3, 2])])
        }
    }

    @Test func gradients() throws {
        var rng = SplitMix64(seed: 4)
        let inputs = [rng.uniform([2, 1, 3]), rng.uniform([2, 2, 3]), rng.uniform([2, 3, 3])]
        try checkBackward({ [F.concat($0, axis: 1)] }, inputs)
        try checkDoubleBackward({ [F.concat($0, axis: 1) * F.concat($0, axis: 1)] }, inputs,
                                gradOutputs: [rng.uniform([2, 6, 3])])
    }
}

@Suite struct StackTests {
    @Test func stacksAlongNewAxis() throws {
        let a = Variable(NDArray([1.0, 2, 3], shape: [3]))
        let b = Variable(NDArray([4.0, 5, 6], shape: [3]))
        let y0 = F.stack([a, b])
        #expect(y0.shape == [2, 3])
        #expect(y0.array.toArray(as: Double.self) == [1, 2, 3, 4, 5, 6])
        let y1 = F.stack([a, b], axis: 1)
        #expect(y1.shape == [3, 2])
        #expect(y1.array.toArray(as: Double.self) == [1, 4, 2, 5, 3, 6])
        #expect(F.stack([a, b], axis: -1).array.toArray(as: Double.self) == [1, 4, 2, 5, 3, 6])
        var rng = SplitMix64(seed: 5)
        try checkBackward({ [F.stack($0, axis: 1)] }, [rng.uniform([2, 3]), rng.uniform([2, 3])])
    }
}

@Suite struct SplitAxisTests {
    @Test func sectionsAndIndices() {
        let x = Variable(NDArray((0..<12).map(Double.init), shape: [2, 6]))
        let parts = F.splitAxis(x, sections: 3, axis: 1)
        #expect(parts.map(\.shape) == [[2, 2], [2, 2], [2, 2]])
        #expect(parts[1].array.toArray(as: Double.self) == [2, 3, 8, 9])
        // NumPy's split at indices [1, 4, 9]: pieces 0..<1, 1..<4, 4..<6 and an empty one.
        let cut = F.splitAxis(x, indices: [1, 4, 9], axis: -1)
        #expect(cut.map(\.shape) == [[2, 1], [2, 3], [2, 2], [2, 0]])
        #expect(cut[1].array.toArray(as: Double.self) == [1, 2, 3, 7, 8, 9])
    }

    @Test func gradientWithUnusedPieces() throws {
        // Only the last piece is used: the other pieces' gradients are zero.
        let x = Variable(NDArray((0..<6).map(Double.init), shape: [3, 2]))
        let parts = F.splitAxis(x, sections: 3, axis: 0)
        F.sum(parts[2] * parts[2]).backward()
        #expect(x.grad?.toArray(as: Double.self) == [0, 0, 0, 0, 8, 10])
        var rng = SplitMix64(seed: 6)
        try checkBackward({ F.splitAxis($0[0], indices: [1, 3], axis: 1) }, [rng.uniform([2, 4, 2])])
        try checkDoubleBackward({ F.splitAxis($0[0] * $0[0], indices: [1], axis: 0) }, [rng.uniform([3, 2])],
                                gradOutputs: [rng.uniform([1, 2]), rng.uniform([2, 2])])
    }
}
