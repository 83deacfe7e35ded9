import Testing
@testable import KusariArray

@Suite struct PadTests {
    @Test(arguments: [DType.float32, .int64, .uint8])
    func paddedMatchesReference(dtype: DType) {
        let x = testArray([2, 3, 4], dtype: dtype)
        let widths = [(1, 0), (0, 2), (3, 1)]
        let y = x.padded(widths, value: 7)
        let outShape = [3, 5, 8]
        #expect(y.shape == outShape && y.dtype == dtype)
        let values = doubles(x)
        let expected = (0..<y.count).map { flat -> Double in
            let index = multiIndex(flat, outShape)
            let inner = (0..<3).map { index[$0] - widths[$0].0 }
            let inside = (0..<3).allSatisfy { inner[$0] >= 0 && inner[$0] < x.shape[$0] }
            return inside ? values[flatIndex(inner, x.shape)] : 7
        }
        #expect(doubles(y) == expected)
    }

    @Test func convolutionStylePadOfATransposedInput() {
        let x = testArray([1, 3, 3, 2]).transposed([0, 3, 1, 2])
        let y = x.padded([(0, 0), (0, 0), (1, 1), (1, 1)])
        #expect(y.shape == [1, 2, 5, 5])
        #expect(y.slice(axis: 2, range: 1..<4).slice(axis: 3, range: 1..<4) == x)
        #expect(doubles(y.sum()) == doubles(x.sum()))
        #expect(testArray([0, 2]).padded([(1, 1), (0, 0)]).shape == [2, 2])
    }

    @Test func errors() {
        let x = testArray([2, 3])
        #expect(throws: ShapeError("pad: need 2 pairs of non-negative widths for shape (2, 3), got [[1, 1]]")) {
            try x.paddedChecked([(1, 1)])
        }
        #expect(throws: ShapeError("pad: need 2 pairs of non-negative widths for shape (2, 3), got [[0, 0], [-1, 0]]")) {
            try x.paddedChecked([(0, 0), (-1, 0)])
        }
    }
}
