import Foundation
import Testing
@testable import KusariArray

@Suite struct ElementwiseTests {
    /// Shape pairs that broadcast, with the result worked out by hand.
    static let shapes: [([Int], [Int], [Int])] = [
        ([2, 3], [2, 3], [2, 3]), ([2, 3], [3], [2, 3]), ([2, 1], [1, 3], [2, 3]), ([4, 1, 3], [2, 1], [4, 2, 3]),
        ([], [2, 2], [2, 2]), ([1], [5], [5]), ([0, 3], [3], [0, 3]), ([0, 1], [1, 4], [0, 4]), ([1, 1], [1], [1, 1]),
        ([3, 1, 1], [1, 2, 2], [3, 2, 2]),
    ]

    /// `op` against `reference` applied elementwise through a hand-written broadcast.
    func check(_ a: NDArray, _ b: NDArray, _ shape: [Int], _ op: (NDArray, NDArray) -> NDArray,
               _ reference: (Double, Double) -> Double, tolerance: Double = 0, _ name: String) {
        let y = op(a, b)
        #expect(y.shape == shape, "\(name) \(a.shape) \(b.shape)")
        let va = doubles(a), vb = doubles(b)
        let expected = (0..<shape.reduce(1, *)).map { flat -> Double in
            let index = multiIndex(flat, shape)
            return reference(broadcastValue(va, shape: a.shape, at: index), broadcastValue(vb, shape: b.shape, at: index))
        }
        #expect(close(doubles(y), expected, tolerance: tolerance), "\(name) \(a.shape) \(b.shape)")
    }

    @Test(arguments: shapes) func arithmetic(shapeA: [Int], shapeB: [Int], shape: [Int]) {
        for dtype in [DType.float32, .float64] {
            let a = testArray(shapeA, dtype: dtype, seed: 1), b = testArray(shapeB, dtype: dtype, seed: 2)
            let f = dtype == .float32 ? 1e-6 : 0
            check(a, b, shape, +, { $0 + $1 }, tolerance: f, "add")
            check(a, b, shape, -, { $0 - $1 }, tolerance: f, "subtract")
            check(a, b, shape, *, { $0 * $1 }, tolerance: f, "multiply")
            check(a, b, shape, /, { $0 / $1 }, tolerance: f, "divide")
            check(a, b, shape, NDArray.maximum, { Swift.max($0, $1) }, "maximum")
            check(a, b, shape, NDArray.minimum, { Swift.min($0, $1) }, "minimum")
            check(a.abs(), b, shape, NDArray.pow, { Foundation.pow($0, $1) }, tolerance: dtype == .float32 ? 1e-5 : 1e-14, "pow")
        }
        let ia = testArray(shapeA, dtype: .int32, seed: 1), ib = testArray(shapeB, dtype: .int32, seed: 2)
        check(ia, ib, shape, +, { $0 + $1 }, "add int32")
        check(ia, ib, shape, *, { $0 * $1 }, "multiply int32")
        check(ia, ib, shape, NDArray.maximum, { Swift.max($0, $1) }, "maximum int32")
    }

    @Test(arguments: shapes) func comparisonsAndWhere(shapeA: [Int], shapeB: [Int], shape: [Int]) {
        let a = testArray(shapeA, dtype: .int64, seed: 1), b = testArray(shapeB, dtype: .int64, seed: 2)
        let table: [((NDArray, NDArray) -> NDArray, (Double, Double) -> Bool, String)] = [
            ({ $0 .== $1 }, { $0 == $1 }, "equal"), ({ $0 .!= $1 }, { $0 != $1 }, "notEqual"),
            ({ $0 .< $1 }, { $0 < $1 }, "less"), ({ $0 .<= $1 }, { $0 <= $1 }, "lessEqual"),
            ({ $0 .> $1 }, { $0 > $1 }, "greater"), ({ $0 .>= $1 }, { $0 >= $1 }, "greaterEqual"),
        ]
        for (op, reference, name) in table {
            #expect(op(a, b).dtype == .bool)
            check(a, b, shape, op, { reference($0, $1) ? 1 : 0 }, name)
        }
        // where(a < b, a, b) is the elementwise minimum.
        check(a, b, shape, { NDArray.where($0 .< $1, $0, $1) }, { Swift.min($0, $1) }, "where")
    }

    @Test func nanPropagatesThroughMaximumAndMinimum() {
        let a = NDArray([Float.nan, 1, 2]), b = NDArray([Float(0), .nan, 3])
        let maxima = NDArray.maximum(a, b).toArray(as: Float.self), minima = NDArray.minimum(a, b).toArray(as: Float.self)
        #expect(maxima[0].isNaN && maxima[1].isNaN && maxima[2] == 3)
        #expect(minima[0].isNaN && minima[1].isNaN && minima[2] == 2)
    }

    @Test func scalarsAndTransposedOrSlicedInputs() {
        let x = testArray([3, 4], dtype: .float64).transposed()
        let y = testArray([4, 6], dtype: .float64, seed: 5).slice(axis: 1, range: 1..<6, step: 2)
        check(x, y, [4, 3], +, { $0 + $1 }, "add")
        check(x, NDArray.scalar(2, dtype: .float64), [4, 3], *, { $0 * $1 }, "scale")
        #expect(doubles(2 - x) == doubles(x).map { 2 - $0 })
        #expect(doubles(-x) == doubles(x).map { -$0 })
        #expect(doubles(x / 4) == doubles(x).map { $0 / 4 })
    }

    @Test func unaryFunctions() {
        let table: [(UnaryFunction, (Double) -> Double)] = [
            (.exp, Foundation.exp), (.log, Foundation.log), (.log1p, Foundation.log1p), (.sqrt, Foundation.sqrt),
            (.rsqrt, { 1 / Foundation.sqrt($0) }), (.tanh, Foundation.tanh), (.sigmoid, { 1 / (1 + Foundation.exp(-$0)) }),
            (.abs, Swift.abs), (.sign, { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }), (.square, { $0 * $0 }), (.reciprocal, { 1 / $0 }),
        ]
        let positiveOnly: Set<UnaryFunction> = [.log, .sqrt, .rsqrt]
        for shape in [[2, 3], [0, 4], [1], []] as [[Int]] {
            for dtype in [DType.float32, .float64] {
                for (f, reference) in table {
                    let x = positiveOnly.contains(f) ? testArray(shape, dtype: dtype).abs() + 0.5 : testArray(shape, dtype: dtype)
                    let y = x.apply(f)
                    #expect(y.shape == shape && y.dtype == dtype)
                    #expect(close(doubles(y), doubles(x).map(reference), tolerance: dtype == .float32 ? 1e-6 : 1e-15), "\(f) \(shape) \(dtype)")
                }
            }
        }
        // Sigmoid stays finite where e^−x overflows.
        #expect(NDArray([Float(-1000), 1000]).sigmoid().toArray(as: Float.self) == [0, 1])
    }

    @Test func clipAndAstype() {
        let x = NDArray([-2.5, 0.5, 3.7, .nan])
        let clipped = x.clip(-1, 1).toArray(as: Double.self)
        #expect(Array(clipped[..<3]) == [-1, 0.5, 1] && clipped[3].isNaN)
        #expect(NDArray([-2.7, 2.7]).astype(.int32).toArray(as: Int32.self) == [-2, 2])
        #expect(NDArray([Float(0), 2]).astype(.bool).toArray(as: Bool.self) == [false, true])
    }

    @Test func shapeErrors() {
        #expect(throws: ShapeError("add: operands could not be broadcast together with shapes (2, 3) (4,)")) {
            try NDArray.broadcastShape([2, 3], [4], operation: "add")
        }
        #expect(throws: ShapeError("maximum: operands could not be broadcast together with shapes (0,) (2,)")) {
            try NDArray.broadcastShape([0], [2], operation: "maximum")
        }
    }
}
