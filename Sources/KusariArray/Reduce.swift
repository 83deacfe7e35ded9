// The reduction engine: lays an array out as rows (one per output element) and reduces each
// row in fixed blocks, so results are bit-identical on any thread count.

extension NDArray {
    /// Elements per block, the unit of a reduction's fixed partition: a row is cut into
    /// blocks of this length (the last shorter), whatever the thread count.
    static let reductionBlock = 1 << 13

    /// An input arranged for reduction: `outer` rows of `length` contiguous elements, row `r`
    /// holding the inputs of output element `r`, and the output's shape.
    struct ReductionLayout {
        let rows: NDArray
        let outer: Int
        let length: Int
        let shape: [Int]
    }

    /// Moves the reduced `axes` (all axes when `nil`) behind the kept ones; the result keeps
    /// the reduced axes as length 1 when `keepdims`, as in NumPy.
    func reductionLayout(_ axes: [Int]?, keepdims: Bool, operation: String) throws(ShapeError) -> ReductionLayout {
        var reduced = Array(0..<ndim)
        if let axes { reduced = try NDArray.normalizeAxes(axes, ndim: ndim, operation: operation).sorted() }
        let kept = (0..<ndim).filter { !reduced.contains($0) }
        let shape = keepdims ? self.shape.indices.map { reduced.contains($0) ? 1 : self.shape[$0] } : kept.map { self.shape[$0] }
        return ReductionLayout(rows: try transposedChecked(kept + reduced), outer: kept.reduce(1) { $0 * self.shape[$1] },
                               length: reduced.reduce(1) { $0 * self.shape[$1] }, shape: shape)
    }

    /// Reduces every row of `layout` to one `U`. Each block of a row is reduced by
    /// `block(row, blockStart, elements)` to a partial `P`; a row's partials are folded left
    /// to right by `combine`; `finish(row, partial)` gives the output element.
    static func reduced<T: NDScalar, U: NDScalar, P>(
        _ layout: ReductionLayout, _ type: T.Type, to: U.Type,
        block: (Int, Int, UnsafeBufferPointer<T>) -> P, combine: (P, P) -> P, finish: (Int, P) -> U
    ) -> NDArray {
        let (outer, length) = (layout.outer, layout.length)
        let blocks = max(1, (length + reductionBlock - 1) / reductionBlock)
        let units = outer * blocks
        let chunks = min(units, Threading.chunkCount(outer * length, grain: reductionBlock))
        var out = NDArray(uninitialized: layout.shape, dtype: U.dtype)
        layout.rows.withUnsafeBufferPointer(as: T.self) { p in
            out.withUnsafeMutableBufferPointer(as: U.self) { po in
                func partial(_ unit: Int) -> P {
                    let row = unit / blocks, start = unit % blocks * reductionBlock
                    let elements = start..<min(length, start + reductionBlock)
                    return block(row, start, UnsafeBufferPointer(rebasing: p[(row * length + elements.lowerBound)..<(row * length + elements.upperBound)]))
                }
                if blocks == 1 {
                    Threading.parallelFor(chunks) { chunk in
                        for row in Threading.range(of: chunk, in: chunks, count: units) { po[row] = finish(row, partial(row)) }
                    }
                    return
                }
                let partials = UnsafeMutableBufferPointer<P>.allocate(capacity: units)
                defer { partials.deallocate() }
                Threading.parallelFor(chunks) { chunk in
                    for unit in Threading.range(of: chunk, in: chunks, count: units) {
                        (partials.baseAddress! + unit).initialize(to: partial(unit))
                    }
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

    /// Σ term(xᵢ) in float64 by pairwise summation (halves until 128 elements, summed with
    /// four accumulators): the error grows like log n rather than n.
    @inline(__always)
    static func pairwiseSum<T>(_ p: UnsafeBufferPointer<T>, _ term: (T) -> Double) -> Double {
        let n = p.count
        if n > 128 {
            let half = n / 2
            return pairwiseSum(UnsafeBufferPointer(rebasing: p[..<half]), term)
                + pairwiseSum(UnsafeBufferPointer(rebasing: p[half...]), term)
        }
        var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
        var i = 0
        while i + 4 <= n {
            a0 += term(p[i])
            a1 += term(p[i + 1])
            a2 += term(p[i + 2])
            a3 += term(p[i + 3])
            i += 4
        }
        while i < n {
            a0 += term(p[i])
            i += 1
        }
        return (a0 + a1) + (a2 + a3)
    }
}
