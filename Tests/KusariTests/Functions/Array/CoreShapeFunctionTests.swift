import Testing
@testable import Kusari
import KusariTesting

/// Transpose, broadcastTo, sumTo and reshape: the shape functions every other gradient uses.
@Suite struct CoreShapeFunctionTests {
    @Test func transposeMovesElementsAndItsGradientMovesThemBack() throws {
        let x = NDArray((0..<24).map(Double.init), shape: [2, 3, 4])
        let y = F.transpose(Variable(x), axes: [2, 0, 1]).array
        #expect(y.shape == [4, 2, 3])
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { #expect(y[k, i, j] == x[i, j, k]) } } }
        #expect(F.transpose(Variable(NDArray([1.0, 2, 3, 4, 5, 6], shape: [2, 3]))).array.toArray(as: Double.self) == [1, 4, 2, 5, 3, 6])
        var random = SplitMix64(seed: 5)
        let input = random.uniform([2, 3, 4])
        try checkBackward({ [F.transpose($0[0], axes: [1, 2, 0])] }, [input])
        try checkDoubleBackward({ [F.transpose($0[0] * $0[0], axes: [2, 1, 0])] }, [input], gradOutputs: [random.uniform([4, 3, 2])])
    }

    @Test func broadcastToAndSumToAreAdjoint() throws {
        let x = NDArray([1.0, 2, 3], shape: [3, 1])
        #expect(F.broadcastTo(Variable(x), [2, 3, 2]).array.toArray(as: Double.self) == [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3])
        let y = NDArray((1...12).map(Double.init), shape: [2, 3, 2])
        // Summing (2, 3, 2) to (3, 1): over axis 0 and axis 2, by hand.
        let expected: [Double] = [18, 26, 34]  // 1+2+7+8, 3+4+9+10, 5+6+11+12
        #expect(F.sumTo(Variable(y), [3, 1]).array.toArray(as: Double.self) == expected)
        var random = SplitMix64(seed: 6)
        try checkBackward({ [F.broadcastTo($0[0], [2, 3, 2])] }, [random.uniform([3, 1])])
        try checkBackward({ [F.sumTo($0[0], [3, 1])] }, [random.uniform([2, 3, 2])])
        try checkDoubleBackward({ [F.broadcastTo($0[0] * $0[0], [2, 3, 2])] }, [random.uniform([3, 1])],
                                gradOutputs: [random.uniform([2, 3, 2])])
    }

    @Test func reshapeKeepsOrderAndInfersOneAxis() throws {
        let x = Variable(NDArray((0..<6).map(Double.init), shape: [2, 3]))
        #expect(F.reshape(x, [3, -1]).shape == [3, 2])
        #expect(x.reshape(6).array.toArray(as: Double.self) == [0, 1, 2, 3, 4, 5])
        var random = SplitMix64(seed: 7)
        try checkBackward({ [F.reshape($0[0], [3, 2])] }, [random.uniform([2, 3])])
    }

    @Test func broadcastingArithmeticIsTwiceDifferentiable() throws {
        var random = SplitMix64(seed: 8)
        let a = random.uniform([2, 3]), b = random.uniform([3], 0.5, 2)
        try checkDoubleBackward({ [($0[0] - $0[1]) / $0[1] + (-$0[0]) * $0[1]] }, [a, b], gradOutputs: [random.uniform([2, 3])])
    }

    @Test func shapeMistakesGiveChainerStyleMessages() {
        #expect(throws: ShapeError("broadcast_to: cannot broadcast shape (2, 3) to (3, 3)")) {
            try BroadcastTo([3, 3]).checkInputs([NDArray(zeros: [2, 3])])
        }
        #expect(throws: ShapeError("add: operands could not be broadcast together with shapes (2, 3) (4,)")) {
            try Add().checkInputs([NDArray(zeros: [2, 3]), NDArray(zeros: [4])])
        }
        #expect(throws: ShapeError("transpose: axes [0, 0] are not a permutation of 2 axes")) {
            try Transpose([0, 0]).checkInputs([NDArray(zeros: [2, 3])])
        }
    }
}
