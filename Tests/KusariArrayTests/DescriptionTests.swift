import Testing
@testable import KusariArray

/// Expected strings are what NumPy 1.26 prints for the same arrays.
@Suite struct DescriptionTests {
    @Test func floats() {
        #expect(NDArray([Float(1), 2, 3, 4], shape: [2, 2]).description == "array([[1., 2.],\n       [3., 4.]], dtype=float32)")
        #expect(NDArray([1.5, 2.25, 3]).description == "array([1.5 , 2.25, 3.  ])")
        #expect(NDArray([Float(0.1), 0.25]).description == "array([0.1 , 0.25], dtype=float32)")
        #expect(NDArray([Double(1) / 3, -2]).description == "array([ 0.33333333, -2.        ])")
        #expect(NDArray([Double.nan, 1, -.infinity]).description == "array([ nan,   1., -inf])")
        #expect(NDArray(scalar: Float(2.5)).description == "array(2.5, dtype=float32)")
    }

    @Test func scientific() {
        #expect(NDArray([1e-5, 1.5e10]).description == "array([1.0e-05, 1.5e+10])")
        #expect(NDArray([1e-5, 1e10]).description == "array([1.e-05, 1.e+10])")
        #expect(NDArray([Float(0.1), -2, 1000]).description == "array([ 1.e-01, -2.e+00,  1.e+03], dtype=float32)")
    }

    @Test func integersAndBools() {
        #expect(NDArray([Int32(1), -20, 300]).description == "array([  1, -20, 300], dtype=int32)")
        #expect(NDArray([Int64(1), -20, 300]).description == "array([  1, -20, 300])")
        #expect(NDArray([UInt8(1), 2]).description == "array([1, 2], dtype=uint8)")
        #expect(NDArray([true, false]).description == "array([ True, False])")
    }

    @Test func emptyAndNested() {
        #expect(NDArray.zeros([2, 0]).description == "array([], shape=(2, 0), dtype=float32)")
        #expect(NDArray.zeros([0], dtype: .float64).description == "array([], dtype=float64)")
        #expect(NDArray.arange(8, dtype: .int64).reshaped(2, 2, 2).description
            == "array([[[0, 1],\n        [2, 3]],\n\n       [[4, 5],\n        [6, 7]]])")
    }

    @Test func summarizesLargeArrays() {
        #expect(NDArray.arange(2000, dtype: .int64).description == "array([   0,    1,    2, ..., 1997, 1998, 1999])")
        let matrix = NDArray.arange(1100, dtype: .int64).reshaped(11, 100).description
        #expect(matrix.hasPrefix("array([[   0,    1,    2, ...,   97,   98,   99],\n       [ 100,  101,  102, ...,  197,  198,  199],"))
        #expect(matrix.contains("\n       ...,\n       [ 800,  801,"))
        #expect(matrix.hasSuffix("[1000, 1001, 1002, ..., 1097, 1098, 1099]])"))
        #expect(NDArray.arange(1000, dtype: .int64).description.contains("999") && !NDArray.arange(1000, dtype: .int64).description.contains("..."))
    }

    @Test func wrapsLongRowsAt75Columns() {
        let text = (NDArray.arange(40, dtype: .float64) / 3).description
        let lines = text.split(separator: "\n")
        #expect(lines.count == 8 && lines.allSatisfy { $0.count <= 75 })
        #expect(lines[0] == "array([ 0.        ,  0.33333333,  0.66666667,  1.        ,  1.33333333,")
        #expect(lines[1] == "        1.66666667,  2.        ,  2.33333333,  2.66666667,  3.        ,")
        #expect(lines[7] == "       11.66666667, 12.        , 12.33333333, 12.66666667, 13.        ])")
    }
}
