import Testing
@testable import KusariArray

@Suite struct SlicingTests {
    /// The elements whose index along `axis` is in `range` stepping by `step`, by plain loops.
    func reference(_ x: NDArray, axis: Int, range: Range<Int>, step: Int) -> (shape: [Int], values: [Double]) {
        let values = doubles(x)
        let kept = Array(stride(from: range.lowerBound, to: range.upperBound, by: step))
        var shape = x.shape
        shape[axis] = kept.count
        let out = (0..<shape.reduce(1, *)).map { flat in
            var index = multiIndex(flat, shape)
            index[axis] = kept[index[axis]]
            return values[flatIndex(index, x.shape)]
        }
        return (shape, out)
    }

    @Test(arguments: [
        (0, 1..<3, 1), (1, 0..<7, 2), (2, 2..<5, 3), (-1, 0..<5, 1), (-3, 3..<4, 1), (1, 4..<4, 1), (2, 0..<5, 10),
    ])
    func sliceMatchesReference(axis: Int, range: Range<Int>, step: Int) {
        let x = testArray([4, 7, 5], dtype: .float64)
        let y = x.slice(axis: axis, range: range, step: step)
        let expected = reference(x, axis: axis < 0 ? axis + 3 : axis, range: range, step: step)
        #expect(y.shape == expected.shape)
        #expect(doubles(y) == expected.values)
    }

    @Test func multiAxisSlicing() {
        let x = testArray([4, 5, 6])
        let y = x.sliced(1..<3, 2..., ..<4)
        #expect(y.shape == [2, 3, 4])
        let values = doubles(x)
        let expected = (0..<24).map { flat -> Double in
            let i = multiIndex(flat, [2, 3, 4])
            return values[flatIndex([i[0] + 1, i[1] + 2, i[2]], [4, 5, 6])]
        }
        #expect(doubles(y) == expected)
        #expect(x.sliced(0...1).shape == [2, 5, 6])
        #expect(x.sliced(0..<4).sharesStorage(with: x))
    }

    @Test func slicingATransposedArray() {
        let x = testArray([3, 4], dtype: .float64).transposed()
        let y = x.slice(axis: 1, range: 1..<3)
        #expect(doubles(y) == reference(x, axis: 1, range: 1..<3, step: 1).values)
    }

    @Test func errors() {
        let x = testArray([2, 3])
        #expect(throws: ShapeError("slice: range 1..<4 is out of bounds for axis 1 of shape (2, 3)")) {
            try x.sliceChecked(axis: 1, range: 1..<4)
        }
        #expect(throws: ShapeError("slice: step must be positive, got 0")) { try x.sliceChecked(axis: 0, range: 0..<1, step: 0) }
        #expect(throws: ShapeError("slice: axis -3 is out of bounds for array of dimension 2")) {
            try x.sliceChecked(axis: -3, range: 0..<1)
        }
        #expect(throws: ShapeError("slice: 3 ranges for array of shape (2, 3)")) { try x.slicedChecked([0..<1, 0..<1, 0..<1]) }
        #expect(throws: ShapeError("slice: range -1..<1 is out of bounds for axis 0 of shape (2, 3)")) { try x.slicedChecked([-1..<1]) }
    }
}
