import Testing
@testable import Kusari
import KusariTesting

/// flatten, expandDims, squeeze: reshapes with Chainer's axis rules.
@Suite struct ShapeFunctionTests {
    @Test func flattenMakesOneDimension() throws {
        let x = Variable(NDArray([1.0, 2, 3, 4, 5, 6], shape: [2, 1, 3]))
        let y = F.flatten(x)
        #expect(y.shape == [6])
        #expect(y.array.toArray(as: Double.self) == [1, 2, 3, 4, 5, 6])
        var rng = SplitMix64(seed: 1)
        try checkBackward({ F.flatten($0) }, rng.uniform([2, 3, 2]))
    }

    @Test func expandDimsInsertsAxis() throws {
        let x = Variable(NDArray(zeros: [2, 3], dtype: .float64))
        #expect(F.expandDims(x, axis: 0).shape == [1, 2, 3])
        #expect(F.expandDims(x, axis: 2).shape == [2, 3, 1])
        #expect(F.expandDims(x, axis: -1).shape == [2, 3, 1])
        #expect(F.expandDims(x, axis: -3).shape == [1, 2, 3])
        #expect(throws: ShapeError("expand_dims: -x.ndim - 1 <= axis <= x.ndim, actual axis 3 for ndim 2")) {
            try F.expandedShape([2, 3], axis: 3)
        }
        var rng = SplitMix64(seed: 2)
        try checkBackward({ F.expandDims($0, axis: 1) }, rng.uniform([2, 3]))
    }

    @Test func squeezeRemovesSizeOneAxes() throws {
        let x = Variable(NDArray(zeros: [1, 3, 1, 2], dtype: .float64))
        #expect(F.squeeze(x).shape == [3, 2])
        #expect(F.squeeze(x, axes: [2]).shape == [1, 3, 2])
        #expect(F.squeeze(x, axes: [-4, 2]).shape == [3, 2])
        #expect(F.squeeze(Variable(NDArray(zeros: [1, 1]))).shape == [])
        #expect(throws: ShapeError("squeeze: x.shape[1] == 1, actual 3 != 1")) { try F.squeezedShape([1, 3], axes: [1]) }
        var rng = SplitMix64(seed: 3)
        try checkBackward({ F.squeeze($0) }, rng.uniform([1, 3, 1]))
    }
}
