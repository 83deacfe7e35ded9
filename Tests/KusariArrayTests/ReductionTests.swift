import Foundation
import Testing
@testable import KusariArray

/// Groups the elements of `x` by output position: reducing `axes` (all when nil) of
/// `shape` gives, for each output element, the list of its inputs in row-major order.
func referenceGroups(_ x: [Double], shape: [Int], axes: [Int]?) -> (shape: [Int], groups: [[Double]]) {
    let reduced = Set((axes ?? Array(shape.indices)).map { $0 < 0 ? $0 + shape.count : $0 })
    let kept = shape.indices.filter { !reduced.contains($0) }
    let outShape = kept.map { shape[$0] }
    var groups = [[Double]](repeating: [], count: outShape.reduce(1, *))
    for flat in x.indices {
        let index = multiIndex(flat, shape)
        groups[flatIndex(kept.map { index[$0] }, outShape)].append(x[flat])
    }
    return (outShape, groups)
}

@Suite struct ReductionTests {
    static let cases: [([Int], [Int]?)] = [
        ([2, 3, 4], nil), ([2, 3, 4], [0]), ([2, 3, 4], [1]), ([2, 3, 4], [-1]), ([2, 3, 4], [0, 2]),
        ([2, 3, 4], [2, 0]), ([2, 3, 4], []), ([5], [0]), ([], nil), ([3, 1, 2], [1]), ([0, 3], [1]),
        ([4, 9000], [1]), ([9000, 3], [0]),
    ]

    func check(_ shape: [Int], _ axes: [Int]?, dtype: DType,
               _ op: (NDArray, [Int]?, Bool) -> NDArray, _ reference: ([Double]) -> Double, tolerance: Double) {
        let x = testArray(shape, dtype: dtype)
        let (outShape, groups) = referenceGroups(doubles(x), shape: shape, axes: axes)
        let y = op(x, axes, false)
        #expect(y.shape == outShape, "\(shape) \(String(describing: axes))")
        #expect(close(doubles(y), groups.map(reference), tolerance: tolerance), "\(shape) \(String(describing: axes)) \(dtype)")
        let reduced = (axes ?? Array(shape.indices)).map { $0 < 0 ? $0 + shape.count : $0 }
        let kept = op(x, axes, true)
        #expect(kept.shape == shape.indices.map { reduced.contains($0) ? 1 : shape[$0] })
        #expect(kept.reshaped(y.shape).isIdentical(to: y))
    }

    @Test(arguments: cases) func sum(shape: [Int], axes: [Int]?) {
        for dtype in [DType.float32, .float64] {
            check(shape, axes, dtype: dtype, { $0.sum(axes: $1, keepdims: $2) }, { $0.reduce(0, +) },
                  tolerance: dtype == .float32 ? 1e-6 : 1e-12)
        }
    }

    @Test(arguments: cases) func mean(shape: [Int], axes: [Int]?) {
        check(shape, axes, dtype: .float64, { $0.mean(axes: $1, keepdims: $2) }, { $0.reduce(0, +) / Double($0.count) }, tolerance: 1e-12)
    }

    @Test(arguments: cases.filter { $0.0 != [0, 3] }) func extrema(shape: [Int], axes: [Int]?) {
        for dtype in [DType.float32, .int32, .uint8] {
            check(shape, axes, dtype: dtype, { $0.amax(axes: $1, keepdims: $2) }, { $0.max()! }, tolerance: 0)
            check(shape, axes, dtype: dtype, { $0.amin(axes: $1, keepdims: $2) }, { $0.min()! }, tolerance: 0)
        }
    }

    @Test(arguments: cases) func variance(shape: [Int], axes: [Int]?) {
        for ddof in [0, 1] {
            check(shape, axes, dtype: .float32, { $0.var(axes: $1, keepdims: $2, ddof: ddof) }, { v in
                let m = v.reduce(0, +) / Double(v.count)
                return v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count - ddof)
            }, tolerance: 1e-6)
        }
    }

    @Test(arguments: cases) func logsumexp(shape: [Int], axes: [Int]?) {
        check(shape, axes, dtype: .float64, { ($0 * 300).logsumexp(axes: $1, keepdims: $2) }, { v in
            // Reference in the textbook form, shifted by hand so 300·x cannot overflow.
            guard let m = v.map({ $0 * 300 }).max() else { return -.infinity }
            return m + Foundation.log(v.map { Foundation.exp($0 * 300 - m) }.reduce(0, +))
        }, tolerance: 1e-12)
    }

    @Test func integerSumsAreInt64() {
        let x = NDArray([Int32(2_000_000_000), 2_000_000_000, -5], shape: [3])
        #expect(x.sum().dtype == .int64 && x.sum().toArray(as: Int64.self) == [3_999_999_995])
        #expect(NDArray([UInt8(200), 100]).sum().toArray(as: Int64.self) == [300])
        #expect(NDArray([true, false, true, true], shape: [2, 2]).sum(axes: [0]).toArray(as: Int64.self) == [2, 1])
        #expect(NDArray([Int32(1), 2]).mean().dtype == .float64 && NDArray([Int32(1), 2]).mean().item == 1.5)
        #expect(NDArray([Int32(1), 3]).var().item == 1)
    }

    @Test func float32SumIsAccurate() {
        // 0.1f summed 10⁶ times: naive float32 accumulation drifts by about 1 %; float64
        // pairwise gives the float32 rounding of 10⁶ · Double(Float(0.1)).
        let x = NDArray.full([1_000_000], 0.1)
        #expect(x.sum().item == Double(Float(1_000_000 * Double(Float(0.1)))))
    }

    @Test func argExtrema() {
        let x = NDArray([Float(3), 7, 7, -1, 0, -1], shape: [2, 3])
        #expect(x.argmax().toArray(as: Int64.self) == [1])
        #expect(x.argmin().toArray(as: Int64.self) == [3])
        #expect(x.argmax(axis: 1).toArray(as: Int64.self) == [1, 1])
        #expect(x.argmin(axis: -1).toArray(as: Int64.self) == [0, 0])
        #expect(x.argmax(axis: 0).toArray(as: Int64.self) == [0, 0, 0])
        #expect(x.argmax(axis: 0, keepdims: true).shape == [1, 3])
        #expect(x.argmax(keepdims: true).shape == [1, 1])
        #expect(x.transposed().argmax(axis: 1).toArray(as: Int64.self) == [0, 0, 0])
        // NumPy: the first NaN wins.
        let nan = NDArray([Double(1), .nan, 5, .nan])
        #expect(nan.argmax().item == 1 && nan.argmin().item == 1)
        #expect(nan.amax().item.isNaN && nan.amin().item.isNaN && nan.sum().item.isNaN)
    }

    @Test func argmaxAcrossBlocks() {
        // The maximum sits in the second block of the row: positions count from the row start.
        var values = [Float](repeating: 0, count: 20_000)
        values[12_345] = 5
        values[19_999] = 5
        let x = NDArray(values + values, shape: [2, 20_000])
        #expect(x.argmax(axis: 1).toArray(as: Int64.self) == [12_345, 12_345])
        #expect(x.argmax().toArray(as: Int64.self) == [12_345])
        #expect(x.amax(axes: [1]).toArray(as: Float.self) == [5, 5])
    }

    @Test func emptyReductions() {
        let empty = NDArray.zeros([0, 3])
        #expect(empty.sum().item == 0)
        #expect(doubles(empty.sum(axes: [0])) == [0, 0, 0])
        #expect(empty.mean().item.isNaN)
        #expect(empty.amax(axes: [1]).shape == [0])
        #expect(empty.logsumexp(axes: [0]).toArray(as: Float.self) == [-.infinity, -.infinity, -.infinity])
        #expect(throws: ShapeError("amax: zero-size reduction over shape (0, 3) has no identity")) {
            try empty.extremumChecked([0], keepdims: false, largest: true)
        }
        #expect(throws: ShapeError("argmin: attempt to get argmin of an empty sequence, shape (0, 3)")) {
            try empty.argExtremumChecked(nil, keepdims: false, largest: false)
        }
    }

    @Test func logsumexpEdgeCases() {
        let x = NDArray([-Float.infinity, -.infinity, 1000, 1000, .infinity, 0], shape: [3, 2])
        let y = x.logsumexp(axes: [1]).toArray(as: Float.self)
        #expect(y[0] == -.infinity && y[2] == .infinity)
        #expect(y[1] == Float(1000 + Foundation.log(2.0)))
    }

    @Test func axisErrors() {
        let x = testArray([2, 3])
        #expect(throws: ShapeError("sum: axis 2 is out of bounds for array of dimension 2")) { try x.sumChecked([2], keepdims: false) }
        #expect(throws: ShapeError("mean: repeated axis -1 in [1, -1]")) { try x.meanChecked([1, -1], keepdims: false) }
    }
}

/// Reductions give bit-identical results on 1 and 2 threads. Serialized because it changes
/// the global thread count.
@Suite(.serialized) struct ReductionThreadingTests {
    func onThreads<R>(_ count: Int, _ body: () -> R) -> R {
        let saved = Threading.threadCount
        defer { Threading.threadCount = saved }
        Threading.threadCount = count
        return body()
    }

    @Test func bitIdenticalOnOneAndTwoThreads() {
        let x = testArray([300, 1100], seed: 7)
        let ops: [(String, (NDArray) -> NDArray)] = [
            ("sum", { $0.sum() }), ("sum0", { $0.sum(axes: [0]) }), ("sum1", { $0.sum(axes: [1]) }),
            ("mean", { $0.mean() }), ("var", { $0.var(axes: [0]) }), ("logsumexp", { $0.logsumexp() }),
            ("amax", { $0.amax() }), ("argmin", { $0.argmin() }), ("transpose", { $0.transposed() }),
        ]
        for (name, op) in ops {
            let one = onThreads(1) { op(x) }, two = onThreads(2) { op(x) }
            #expect(one.isIdentical(to: two), "\(name)")
        }
        #expect(Threading.threadCount >= 1)
    }
}
