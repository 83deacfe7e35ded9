import Testing
@testable import KusariArray

@Suite struct CreationTests {
    @Test(arguments: DType.allCases) func zerosOnesFull(dtype: DType) {
        let zeros = NDArray.zeros([2, 3], dtype: dtype)
        #expect(zeros.shape == [2, 3] && zeros.dtype == dtype && doubles(zeros) == [Double](repeating: 0, count: 6))
        #expect(doubles(NDArray.ones([3], dtype: dtype)) == [1, 1, 1])
        let full = NDArray.full([2, 0, 2], 7.9, dtype: dtype)
        #expect(full.shape == [2, 0, 2] && full.count == 0)
        let expected: Double = dtype.isFloatingPoint ? Double(Float(7.9)) : (dtype == .bool ? 1 : 7)
        let value = doubles(NDArray.full([1], 7.9, dtype: dtype))[0]
        #expect(dtype == .float64 ? value == 7.9 : value == expected)
    }

    @Test func defaultsToFloat32() {
        #expect(NDArray.zeros([1]).dtype == .float32)
        #expect(NDArray.arange(3).dtype == .float32)
        #expect(NDArray.linspace(0, 1).dtype == .float32)
        #expect(NDArray.eye(2).dtype == .float32)
    }

    @Test func arange() {
        #expect(doubles(NDArray.arange(5)) == [0, 1, 2, 3, 4])
        #expect(NDArray.arange(0).shape == [0])
        #expect(doubles(NDArray.arange(1, 2, step: 0.25, dtype: .float64)) == [1, 1.25, 1.5, 1.75])
        // ⌈(0 − 5) / −2⌉ = 3 elements counting down.
        #expect(doubles(NDArray.arange(5, 0, step: -2, dtype: .int64)) == [5, 3, 1])
        #expect(NDArray.arange(3, 1).count == 0)
        // ⌈(1 − 0) / 0.1⌉ = 10: the float64 quotient is exactly 10, not 10.000…1.
        #expect(NDArray.arange(0, 1, step: 0.1).count == 10)
        #expect(NDArray.arange(4, dtype: .int32).toArray(as: Int32.self) == [0, 1, 2, 3])
    }

    @Test func linspace() {
        #expect(doubles(NDArray.linspace(0, 1, count: 5, dtype: .float64)) == [0, 0.25, 0.5, 0.75, 1])
        #expect(doubles(NDArray.linspace(0, 1, count: 4, endpoint: false, dtype: .float64)) == [0, 0.25, 0.5, 0.75])
        #expect(doubles(NDArray.linspace(2, 3, count: 1, dtype: .float64)) == [2])
        #expect(NDArray.linspace(2, 3, count: 0).count == 0)
        #expect(NDArray.linspace(0, 1).count == 50)
        // The last value is `stop` exactly although 0.1 · 3 ≠ 0.3 in binary.
        #expect(doubles(NDArray.linspace(0, 0.3, count: 4, dtype: .float64)).last == 0.3)
    }

    @Test func eye() {
        #expect(doubles(NDArray.eye(3)) == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(doubles(NDArray.eye(2, 3, k: 1, dtype: .int32)) == [0, 1, 0, 0, 0, 1])
        #expect(doubles(NDArray.eye(3, 2, k: -1)) == [0, 0, 1, 0, 0, 1])
        #expect(NDArray.eye(0).shape == [0, 0])
        #expect(doubles(NDArray.eye(2, k: 5)) == [0, 0, 0, 0])
    }
}
