import Testing
@testable import KusariArray

@Suite struct TransposeTests {
    /// out[i] = x[i permuted back], by plain loops.
    func reference(_ x: NDArray, _ axes: [Int]) -> [Double] {
        let values = doubles(x)
        let outShape = axes.map { x.shape[$0] }
        return (0..<x.count).map { flat in
            let outIndex = multiIndex(flat, outShape)
            var inIndex = [Int](repeating: 0, count: x.ndim)
            for (k, axis) in axes.enumerated() { inIndex[axis] = outIndex[k] }
            return values[flatIndex(inIndex, x.shape)]
        }
    }

    @Test(arguments: [
        ([5, 7], [1, 0]), ([70, 45], [1, 0]), ([1, 9], [1, 0]),
        ([2, 3, 4, 5], [0, 2, 3, 1]), ([2, 3, 4, 5], [0, 3, 1, 2]), ([2, 3, 4, 5], [1, 0, 2, 3]),
        ([4, 33, 5, 6], [0, 2, 3, 1]), ([3, 4, 5], [2, 0, 1]), ([3, 4, 5], [1, 2, 0]), ([3, 1, 5], [2, 1, 0]),
        ([2, 0, 3], [2, 1, 0]), ([6], [0]),
    ])
    func matchesReference(shape: [Int], axes: [Int]) {
        for dtype in [DType.float32, .float64, .uint8] {
            let x = testArray(shape, dtype: dtype)
            let y = x.transposed(axes)
            #expect(y.shape == axes.map { shape[$0] } && y.dtype == dtype)
            #expect(doubles(y) == reference(x, axes), "\(shape) \(axes) \(dtype)")
        }
    }

    @Test func defaultReversesAndNegativeAxesCount() {
        let x = testArray([2, 3, 4])
        #expect(x.transposed() == x.transposed([2, 1, 0]))
        #expect(x.transposed([-1, 0, -2]) == x.transposed([2, 0, 1]))
        #expect(x.transposed([0, 1, 2]).sharesStorage(with: x))
        #expect(NDArray(scalar: Float(3)).transposed() == NDArray(scalar: Float(3)))
    }

    @Test func largeTwoDimensionalRoundTrips() {
        // Tiles do not divide 301 × 517: edges take the partial-tile path.
        let x = testArray([301, 517], dtype: .float64)
        let y = x.transposed()
        #expect(doubles(y) == reference(x, [1, 0]))
        #expect(y.transposed().isIdentical(to: x))
    }

    @Test func errors() {
        let x = testArray([2, 3])
        #expect(throws: ShapeError("transpose: axes [0] don't match array of shape (2, 3)")) { try x.transposedChecked([0]) }
        #expect(throws: ShapeError("transpose: repeated axis -2 in [0, -2]")) { try x.transposedChecked([0, -2]) }
        #expect(throws: ShapeError("transpose: axis 2 is out of bounds for array of dimension 2")) { try x.transposedChecked([0, 2]) }
    }
}

@Suite struct DimensionsTests {
    @Test func expandDims() {
        let x = testArray([2, 3])
        #expect(x.expandDims(0).shape == [1, 2, 3])
        #expect(x.expandDims(2).shape == [2, 3, 1])
        #expect(x.expandDims(-1).shape == [2, 3, 1])
        #expect(x.expandDims(-3).shape == [1, 2, 3])
        #expect(doubles(x.expandDims(1)) == doubles(x) && x.expandDims(1).sharesStorage(with: x))
        #expect(throws: ShapeError("expand_dims: axis 3 is out of bounds for array of dimension 3")) { try x.expandDimsChecked(3) }
    }

    @Test func squeezed() {
        let x = testArray([1, 3, 1, 2])
        #expect(x.squeezed().shape == [3, 2])
        #expect(x.squeezed([0]).shape == [3, 1, 2])
        #expect(x.squeezed([-2]).shape == [1, 3, 2])
        #expect(doubles(x.squeezed()) == doubles(x))
        #expect(NDArray.zeros([1, 1]).squeezed().shape == [])
        #expect(throws: ShapeError("squeeze: cannot select axis 1 of length 3 in shape (1, 3, 1, 2); only length-1 axes can be squeezed")) {
            try x.squeezedChecked([1])
        }
    }
}
