import Testing
@testable import KusariArray

/// A float sum in the order `sum` documents, written out on plain arrays: each output's inputs
/// in row-major order of the reduced axes, cut into blocks of 8192; each block summed in float64
/// by halving down to leaves of at most 128 elements, a leaf with four accumulators taking
/// elements in turn (the remainder into the first) and giving (a0 + a1) + (a2 + a3); the
/// blocks added left to right; the total rounded to the input's dtype.
private func documentedSum(_ values: [Double]) -> Double {
    func pairwise(_ v: ArraySlice<Double>) -> Double {
        if v.count > 128 {
            let middle = v.startIndex + v.count / 2
            return pairwise(v[..<middle]) + pairwise(v[middle...])
        }
        var a = [0.0, 0.0, 0.0, 0.0]
        let groups = v.count / 4 * 4
        for (k, x) in v.enumerated() { a[k < groups ? k % 4 : 0] += x }
        return (a[0] + a[1]) + (a[2] + a[3])
    }
    var total = 0.0
    for (b, start) in stride(from: 0, to: values.count, by: 8192).enumerated() {
        let block = pairwise(values[start..<min(values.count, start + 8192)])
        total = b == 0 ? block : total + block
    }
    return total
}

/// Reductions whose reduced axes end with the last axis but skip a kept one, as a convolution's
/// bias gradient sums (N, C, H, W) over N, H and W: the rows are runs of H·W elements that
/// `reduced` reads in place. Short runs, a row of exactly one block, and rows of several blocks
/// with blocks, leaves and runs straddling each other.
private let runCases: [(shape: [Int], axes: [Int])] = [
    ([20, 20, 24, 24], [0, 2, 3]), ([7, 3, 40, 50], [0, 2, 3]), ([5, 4, 3, 17], [0, 2, 3]),
    ([3, 2, 5, 4, 6], [0, 3, 4]), ([2, 3, 4, 2, 9], [1, 3, 4]), ([3, 5, 2, 4, 17], [0, 2, 4]), ([4, 2, 8192], [0, 2]),
    ([2, 3, 4], [0, 2]), ([6, 2, 3, 1], [0, 2, 3]),
]

@Suite struct ReductionOrderTests {
    /// Bit-identical to the documented order, for float32 and float64, and within float64
    /// rounding of the exact sum.
    @Test(arguments: runCases) func sumFollowsTheDocumentedOrder(shape: [Int], axes: [Int]) {
        for dtype in [DType.float32, .float64] {
            let x = testArray(shape, dtype: dtype, seed: 11)
            let groups = referenceGroups(doubles(x), shape: shape, axes: axes).groups
            let sums = doubles(x.sum(axes: axes))
            let expected = groups.map { dtype == .float32 ? Double(Float(documentedSum($0))) : documentedSum($0) }
            #expect(sums.map(\.bitPattern) == expected.map(\.bitPattern), "\(shape) \(axes) \(dtype)")
            let exact = groups.map { $0.reduce(0, +) }
            #expect(close(sums, exact, tolerance: dtype == .float32 ? 1e-6 : 1e-12), "\(shape) \(axes) \(dtype)")
        }
    }

    /// Lengths around the leaf size and the two- and four-leaf nodes, odd halves, and more
    /// than one block.
    @Test func pairwiseTreeOfEveryShape() {
        for n in [0, 1, 3, 4, 127, 128, 129, 255, 256, 257, 258, 300, 511, 512, 513, 1000, 1027, 8191, 8192, 8193, 20001] {
            for dtype in [DType.float32, .float64] {
                let x = testArray([n], dtype: dtype, seed: UInt64(n))
                let expected = documentedSum(doubles(x))
                #expect(x.sum().item.bitPattern == (dtype == .float32 ? Double(Float(expected)) : expected).bitPattern,
                        "\(n) \(dtype)")
            }
        }
    }

    /// Runs of at least 16 elements are read in place, shorter ones through a transposed copy.
    @Test func whichRowsAreRuns() throws {
        func runLength(_ shape: [Int], _ axes: [Int]) throws -> Int? {
            try NDArray(zeros: shape).reductionLayout(axes, keepdims: false, operation: "sum").runs?.length
        }
        #expect(try runLength([20, 20, 24, 24], [0, 2, 3]) == 576)
        #expect(try runLength([3, 2, 5, 4, 6], [0, 3, 4]) == 24)
        #expect(try runLength([3, 5, 2, 4, 17], [0, 2, 4]) == 17)
        #expect(try runLength([2, 3, 4], [0, 2]) == nil)
        #expect(try runLength([20, 20, 24, 24], [2, 3]) == nil)
        #expect(try runLength([20, 20, 24, 24], [0, 1]) == nil)
        #expect(try runLength([0, 2, 24], [0, 2]) == nil)
    }

    /// Reading the runs in place gives every reduction the bits it has on the transposed copy,
    /// whose rows are contiguous.
    @Test(arguments: runCases) func runsMatchTheTransposedCopy(shape: [Int], axes: [Int]) {
        let x = testArray(shape, dtype: .float32, seed: 12)
        let kept = shape.indices.filter { !axes.contains($0) }
        let outer = kept.reduce(1) { $0 * shape[$1] }
        let rows = x.transposed(kept + axes).reshaped(outer, x.count / outer)
        let outShape = kept.map { shape[$0] }
        let ops: [(String, (NDArray, [Int]) -> NDArray)] = [
            ("sum", { $0.sum(axes: $1) }), ("mean", { $0.mean(axes: $1) }), ("var", { $0.var(axes: $1) }),
            ("logsumexp", { $0.logsumexp(axes: $1) }), ("amax", { $0.amax(axes: $1) }), ("amin", { $0.amin(axes: $1) }),
        ]
        for (name, op) in ops {
            #expect(op(x, axes).isIdentical(to: op(rows, [1]).reshaped(outShape)), "\(name) \(shape) \(axes)")
        }
    }
}

/// Runs read in place are bit-identical on 1 and 2 threads. Serialized because it changes the
/// global thread count.
@Suite(.serialized) struct ReductionRunThreadingTests {
    @Test func bitIdenticalOnOneAndTwoThreads() {
        let x = testArray([64, 8, 32, 32], seed: 13)
        #expect(Threading.chunkCount(x.count, grain: NDArray.reductionBlock) > 1)
        let saved = Threading.threadCount
        defer { Threading.threadCount = saved }
        Threading.threadCount = 1
        let one = [x.sum(axes: [0, 2, 3]), x.var(axes: [0, 2, 3]), x.amax(axes: [0, 3])]
        Threading.threadCount = 2
        let two = [x.sum(axes: [0, 2, 3]), x.var(axes: [0, 2, 3]), x.amax(axes: [0, 3])]
        for (a, b) in zip(one, two) { #expect(a.isIdentical(to: b)) }
    }
}
