// The reduction engine: lays an array out as rows (one per output element) and reduces each
// row in fixed blocks, so results are bit-identical on any thread count.
import CKusariKernels

extension NDArray {
    /// Elements per block, the unit of a reduction's fixed partition: a row is cut into
    /// blocks of this length (the last shorter), whatever the thread count.
    static let reductionBlock = 1 << 13

    /// An input arranged for reduction: `outer` rows of `length` elements, row `r` holding the
    /// inputs of output element `r` in row-major order of the reduced axes, and the output's
    /// shape. The rows are contiguous in `source`, or made of `runs`.
    struct ReductionLayout {
        let source: NDArray
        let outer: Int
        let length: Int
        let shape: [Int]
        let runs: Runs?
    }

    /// Rows read in place as runs of contiguous elements: element q·`length` + e of row r
    /// (e < `length`) is `source[rowStarts[r] + runStarts[q] + e]`.
    struct Runs {
        let length: Int
        let rowStarts: [Int]
        let runStarts: [Int]
    }

    /// The shortest run read in place; shorter ones cost more to find than a transposed copy.
    static let shortestRun = 16

    /// Orders each output's inputs as the reduced `axes` (all axes when `nil`) behind the kept
    /// ones would; the result keeps the reduced axes as length 1 when `keepdims`, as in NumPy.
    /// When the reduced axes end with trailing axes (a bias gradient's N, H, W of NCHW), each
    /// row is runs over those axes, read in place; otherwise the reduced axes move behind the
    /// kept ones in a transposed copy, which for trailing reduced axes is the array itself.
    func reductionLayout(_ axes: [Int]?, keepdims: Bool, operation: String) throws(ShapeError) -> ReductionLayout {
        var reduced = Array(0..<ndim)
        if let axes { reduced = try NDArray.normalizeAxes(axes, ndim: ndim, operation: operation).sorted() }
        let kept = (0..<ndim).filter { !reduced.contains($0) }
        let shape = keepdims ? self.shape.indices.map { reduced.contains($0) ? 1 : self.shape[$0] } : kept.map { self.shape[$0] }
        let (outer, length) = (kept.reduce(1) { $0 * self.shape[$1] }, reduced.reduce(1) { $0 * self.shape[$1] })
        // The reduced axes that are also the array's last ones: each fixed index of the others
        // gives a run of `run` contiguous elements.
        let trailing = Swift.zip(reduced.reversed(), (0..<ndim).reversed()).prefix { $0 == $1 }.count
        let run = reduced.suffix(trailing).reduce(1) { $0 * self.shape[$1] }
        guard trailing < reduced.count, run >= NDArray.shortestRun, length > 0 else {
            return ReductionLayout(source: try transposedChecked(kept + reduced), outer: outer, length: length, shape: shape,
                                   runs: nil)
        }
        let runs = Runs(length: run, rowStarts: offsets(over: kept), runStarts: offsets(over: reduced.dropLast(trailing)))
        return ReductionLayout(source: self, outer: outer, length: length, shape: shape, runs: runs)
    }

    /// The element offsets of every index over `axes`, in row-major order of those axes.
    private func offsets(over axes: some Collection<Int>) -> [Int] {
        var offsets = [0]
        for axis in axes {
            let stride = strides[axis]
            offsets = offsets.flatMap { base in (0..<shape[axis]).map { base + $0 * stride } }
        }
        return offsets
    }

    /// Reduces every row of `layout` to one `U`. Each block of a row is reduced by
    /// `block(row, blockStart, elements)` to a partial `P`; a row's partials are folded left
    /// to right by `combine`; `finish(row, partial)` gives the output element. A block of runs
    /// is gathered into per-thread scratch first, so `block` always sees contiguous elements.
    static func reduced<T: NDScalar, U: NDScalar, P>(
        _ layout: ReductionLayout, _ type: T.Type, to: U.Type,
        block: (Int, Int, UnsafeBufferPointer<T>) -> P, combine: (P, P) -> P, finish: (Int, P) -> U
    ) -> NDArray {
        let (outer, length) = (layout.outer, layout.length)
        let blocks = max(1, (length + reductionBlock - 1) / reductionBlock)
        let units = outer * blocks
        let chunks = min(units, Threading.chunkCount(outer * length, grain: reductionBlock))
        var out = NDArray(uninitialized: layout.shape, dtype: U.dtype)
        layout.source.withUnsafeBufferPointer(as: T.self) { p in
            out.withUnsafeMutableBufferPointer(as: U.self) { po in
                // Runs `body` on each unit of `chunk` and its partial.
                func forEachUnit(in chunk: Int, _ body: (Int, P) -> Void) {
                    func reduceUnits(_ scratch: UnsafeMutablePointer<T>?) {
                        for unit in Threading.range(of: chunk, in: chunks, count: units) {
                            let row = unit / blocks, start = unit % blocks * reductionBlock
                            let count = min(length, start + reductionBlock) - start
                            let elements = if let runs = layout.runs, let scratch {
                                runs.gather(p.baseAddress!, row: row, start: start, count: count, into: scratch)
                            } else {
                                UnsafeBufferPointer(rebasing: p[(row * length + start)..<(row * length + start + count)])
                            }
                            body(unit, block(row, start, elements))
                        }
                    }
                    if layout.runs == nil { reduceUnits(nil) } else { ScratchMemory.with(reductionBlock, of: T.self, reduceUnits) }
                }
                if blocks == 1 {
                    Threading.parallelFor(chunks) { chunk in forEachUnit(in: chunk) { row, partial in po[row] = finish(row, partial) } }
                    return
                }
                let partials = UnsafeMutableBufferPointer<P>.allocate(capacity: units)
                defer { partials.deallocate() }
                Threading.parallelFor(chunks) { chunk in
                    forEachUnit(in: chunk) { unit, partial in (partials.baseAddress! + unit).initialize(to: partial) }
                }
                for row in 0..<outer {
                    var total = partials[row * blocks]
                    for b in 1..<blocks { total = combine(total, partials[row * blocks + b]) }
                    po[row] = finish(row, total)
                }
                _ = partials.deinitialize()
            }
        }
        return out
    }

    /// `pairwiseSum` of the elements themselves, by the C kernels (`kusari_pairwise_sum_f32`
    /// and `_f64`), which add the same numbers in the same order.
    @inline(__always)
    static func pairwiseSum<T: NDFloat>(_ p: UnsafeBufferPointer<T>) -> Double {
        guard let base = p.baseAddress else { return 0 }
        let avx512: Int32 = GEMM.Variant.avx512.isSupported ? 1 : 0
        if T.self == Float.self {
            return kusari_pairwise_sum_f32(UnsafeRawPointer(base).assumingMemoryBound(to: Float.self), p.count, avx512)
        }
        return kusari_pairwise_sum_f64(UnsafeRawPointer(base).assumingMemoryBound(to: Double.self), p.count, avx512)
    }

    /// Σ term(xᵢ) in float64 by pairwise summation: halves (the first ⌊n/2⌋ elements, then the
    /// rest) until at most 128 elements; such a leaf adds the term of element 4g + l into
    /// accumulator l for every whole group g of four, the rest into accumulator 0, and gives
    /// (a0 + a1) + (a2 + a3). The error grows like log n rather than n. This is the order's
    /// definition; plain sums run it in C (`pairwiseSum(_:)`), bit for bit.
    static func pairwiseSum<T>(_ p: UnsafeBufferPointer<T>, _ term: (T) -> Double) -> Double {
        guard let base = p.baseAddress else { return 0 }
        let n = p.count
        if n > 128 {
            return pairwiseSum(UnsafeBufferPointer(rebasing: p[..<(n / 2)]), term)
                + pairwiseSum(UnsafeBufferPointer(rebasing: p[(n / 2)...]), term)
        }
        var (a0, a1, a2, a3) = (0.0, 0.0, 0.0, 0.0)
        var i = 0
        while i + 4 <= n {
            a0 += term(base[i])
            a1 += term(base[i + 1])
            a2 += term(base[i + 2])
            a3 += term(base[i + 3])
            i += 4
        }
        while i < n {
            a0 += term(base[i])
            i += 1
        }
        return (a0 + a1) + (a2 + a3)
    }
}

extension NDArray.Runs {
    /// Copies elements `start ..< start + count` of `row` from `source` into `scratch`.
    func gather<T>(
        _ source: UnsafePointer<T>, row: Int, start: Int, count: Int, into scratch: UnsafeMutablePointer<T>
    ) -> UnsafeBufferPointer<T> {
        var (q, e, copied) = (start / length, start % length, 0)
        while copied < count {
            let n = min(length - e, count - copied)
            (scratch + copied).update(from: source + rowStarts[row] + runStarts[q] + e, count: n)
            (q, e, copied) = (q + 1, 0, copied + n)
        }
        return UnsafeBufferPointer(start: scratch, count: count)
    }
}
