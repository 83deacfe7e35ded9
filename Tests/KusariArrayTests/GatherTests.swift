import Testing
@testable import KusariArray

@Suite struct GatherTests {
    @Test(arguments: [0, 1, 2, -1])
    func takeMatchesReference(axis: Int) {
        let x = testArray([3, 4, 5], dtype: .float64)
        let a = (axis + 3) % 3
        let n = x.shape[a]
        let raw = [0, n - 1, -1, 1, 0, -n]
        let indices = NDArray(raw.map(Int64.init), shape: [2, 3])
        let y = x.take(indices, axis: axis)
        let outShape = Array(x.shape[..<a]) + [2, 3] + x.shape[(a + 1)...]
        #expect(y.shape == outShape)
        let values = doubles(x)
        let expected = (0..<y.count).map { flat -> Double in
            let out = multiIndex(flat, outShape)
            var index = Array(out[..<a]) + [0] + out[(a + 2)...]
            let k = raw[out[a] * 3 + out[a + 1]]
            index[a] = k < 0 ? k + n : k
            return values[flatIndex(index, x.shape)]
        }
        #expect(doubles(y) == expected)
    }

    @Test func takeWithInt32AndEmptyIndices() {
        let x = NDArray([Float(10), 11, 12, 13, 14, 15], shape: [3, 2])
        #expect(x.take(NDArray([Int32(2), 0]), axis: 0).toArray(as: Float.self) == [14, 15, 10, 11])
        #expect(x.take(NDArray([Int32]()), axis: 0).shape == [0, 2])
        #expect(x.take(NDArray(scalar: Int32(-1)), axis: 1).toArray(as: Float.self) == [11, 13, 15])
        #expect(x.take(NDArray(scalar: Int32(-1)), axis: 1).shape == [3])
    }

    @Test(arguments: [DType.float32, .float64, .int32])
    func scatterAddAccumulatesDuplicates(dtype: DType) {
        let indices = NDArray([Int64(1), 3, 1, -1, 0], shape: [5])
        let values = testArray([2, 5, 3], dtype: dtype)
        let y = NDArray.scatterAdd(values, indices: indices, axis: 1, into: [2, 4, 3])
        #expect(y.shape == [2, 4, 3] && y.dtype == dtype)
        let v = doubles(values)
        var expected = [Double](repeating: 0, count: 24)
        for o in 0..<2 {
            for (k, raw) in [1, 3, 1, 3, 0].enumerated() {
                for j in 0..<3 { expected[(o * 4 + raw) * 3 + j] += v[(o * 5 + k) * 3 + j] }
            }
        }
        #expect(close(doubles(y), expected))
    }

    @Test func scatterAddIsTheGradientOfTake() {
        // ⟨take(x), g⟩ = ⟨x, scatterAdd(g)⟩ for every x and g.
        let x = testArray([6, 4], dtype: .float64, seed: 3)
        let indices = NDArray([Int32(5), 0, 5, 2, 5, 1, 1], shape: [7])
        let g = testArray([7, 4], dtype: .float64, seed: 4)
        let left = zip(doubles(x.take(indices, axis: 0)), doubles(g)).reduce(0) { $0 + $1.0 * $1.1 }
        let right = zip(doubles(x), doubles(NDArray.scatterAdd(g, indices: indices, into: [6, 4]))).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(Swift.abs(left - right) < 1e-12)
    }

    @Test func errors() {
        let x = testArray([3, 2])
        #expect(throws: ShapeError("take: index 3 is out of bounds for axis 0 with size 3")) {
            try x.takeChecked(NDArray([Int64(0), 3]), axis: 0)
        }
        #expect(throws: ShapeError("take: index -3 is out of bounds for axis 1 with size 2")) {
            try x.takeChecked(NDArray([Int32(-3)]), axis: -1)
        }
        #expect(throws: ShapeError("take: indices must be int32 or int64, got float32")) {
            try x.takeChecked(NDArray([Float(0)]), axis: 0)
        }
        #expect(throws: ShapeError("scatter_add: values of shape (2, 2) don't fit indices of shape (3,) along axis 0 of shape (3, 2); expected (3, 2)")) {
            try NDArray.scatterAddChecked(testArray([2, 2]), indices: NDArray([Int64(0), 1, 2]), axis: 0, into: [3, 2])
        }
    }
}
