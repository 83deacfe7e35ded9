import Testing
@testable import KusariArray

@Suite struct ConcatenateTests {
    @Test(arguments: [0, 1, 2, -1])
    func concatenateMatchesReference(axis: Int) {
        let shapes: [[Int]] = [0, 1, 2].map { k in
            var shape = [2, 3, 4]
            shape[(axis + 3) % 3] = k + 1
            return shape
        }
        let arrays = shapes.enumerated().map { testArray($1, dtype: .float64, seed: UInt64($0)) }
        let y = NDArray.concatenate(arrays, axis: axis)
        let a = (axis + 3) % 3
        var outShape = [2, 3, 4]
        outShape[a] = 6
        #expect(y.shape == outShape)
        // Element at index i comes from the array whose section along `a` holds i[a].
        let expected = (0..<y.count).map { flat -> Double in
            var index = multiIndex(flat, outShape)
            var k = 0
            while index[a] >= shapes[k][a] { index[a] -= shapes[k][a]; k += 1 }
            return doubles(arrays[k])[flatIndex(index, shapes[k])]
        }
        #expect(doubles(y) == expected)
    }

    @Test func concatenateWithEmptyAndTransposedParts() {
        let a = testArray([2, 3]).transposed(), b = NDArray.zeros([0, 2]), c = testArray([1, 2], seed: 9)
        let y = NDArray.concatenate([a, b, c])
        #expect(y.shape == [4, 2])
        #expect(doubles(y) == doubles(a) + doubles(c))
    }

    @Test func stack() {
        let a = testArray([2, 3], seed: 1), b = testArray([2, 3], seed: 2)
        let y0 = NDArray.stack([a, b])
        #expect(y0.shape == [2, 2, 3] && doubles(y0) == doubles(a) + doubles(b))
        let y2 = NDArray.stack([a, b], axis: -1)
        #expect(y2.shape == [2, 3, 2])
        let (va, vb) = (doubles(a), doubles(b))
        #expect(doubles(y2) == (0..<6).flatMap { [va[$0], vb[$0]] })
        #expect(NDArray.stack([NDArray(scalar: Float(1)), NDArray(scalar: Float(2))]).shape == [2])
    }

    @Test func split() {
        let x = testArray([6, 4], dtype: .float64)
        let parts = x.split(into: 3)
        #expect(parts.map(\.shape) == [[2, 4], [2, 4], [2, 4]])
        #expect(NDArray.concatenate(parts).isIdentical(to: x))
        let columns = x.split(at: [1, 3], axis: -1)
        #expect(columns.map(\.shape) == [[6, 1], [6, 2], [6, 1]])
        #expect(NDArray.concatenate(columns, axis: 1).isIdentical(to: x))
        // NumPy: indices past the end give empty pieces.
        #expect(x.split(at: [2, 9]).map(\.shape) == [[2, 4], [4, 4], [0, 4]])
        #expect(x.split(at: []).map(\.shape) == [[6, 4]])
    }

    @Test func errors() {
        let a = testArray([2, 3]), b = testArray([2, 4])
        #expect(throws: ShapeError("concatenate: shapes (2, 3) and (2, 4) differ off axis 0")) {
            try NDArray.concatenateChecked([a, b], axis: 0)
        }
        #expect(throws: ShapeError("concatenate: shapes (2, 3) and (3,) differ off axis 0")) {
            try NDArray.concatenateChecked([a, testArray([3])], axis: 0)
        }
        #expect(throws: ShapeError("concatenate: dtype mismatch, float32 and float64")) {
            try NDArray.concatenateChecked([a, a.astype(.float64)], axis: 0)
        }
        #expect(throws: ShapeError("concatenate: zero-dimensional arrays cannot be concatenated")) {
            try NDArray.concatenateChecked([NDArray(scalar: Float(1))], axis: 0)
        }
        #expect(throws: ShapeError("stack: all arrays must have the same shape, got (2, 3) and (2, 4)")) {
            try NDArray.stackChecked([a, b], axis: 0)
        }
        #expect(throws: ShapeError("split: axis 1 of shape (2, 3) does not divide into 2 equal sections")) {
            try a.splitChecked(into: 2, axis: 1)
        }
        #expect(throws: ShapeError("split: indices [2, 1] must be non-negative and non-decreasing")) {
            try a.splitChecked(at: [2, 1], axis: 1)
        }
    }
}
