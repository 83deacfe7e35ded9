// Reductions over any set of axes: sum, mean, max, min, argmax, argmin, var, logsumexp.
//
// Float sums run pairwise in float64 accumulators for both float32 and float64 inputs,
// over a partition fixed by the sizes alone (Reduce.swift): results are accurate to about
// one rounding of the output dtype and bit-identical on any thread count.

extension NDArray {
    /// Σ over `axes` (all axes when `nil`; negative axes count from the end), the reduced
    /// axes kept as length 1 when `keepdims` (NumPy's `sum`, Chainer's `F.sum`). Float
    /// arrays keep their dtype; integer and bool arrays sum into int64 with wrap-around, as
    /// NumPy does on 64-bit Linux. An empty sum is 0.
    public func sum(axes: [Int]? = nil, keepdims: Bool = false) -> NDArray {
        do { return try sumChecked(axes, keepdims: keepdims) } catch { NDArray.fail(error) }
    }

    func sumChecked(_ axes: [Int]?, keepdims: Bool) throws(ShapeError) -> NDArray {
        if dtype == .bool { return try astype(.uint8).sumChecked(axes, keepdims: keepdims) }
        let layout = try reductionLayout(axes, keepdims: keepdims, operation: "sum")
        func float<T: NDFloat>(_ type: T.Type) -> NDArray {
            NDArray.reduced(layout, T.self, to: T.self, block: { _, _, p in NDArray.pairwiseSum(p) },
                            combine: +, finish: { T(fromDouble: $1) })
        }
        func integer<T: NDArithmetic & BinaryInteger>(_ type: T.Type) -> NDArray {
            NDArray.reduced(layout, T.self, to: Int64.self, block: { _, _, p in p.reduce(Int64(0)) { $0 &+ Int64($1) } },
                            combine: &+, finish: { $1 })
        }
        return NDArray.byArithmetic(dtype, "sum", f32: float(Float.self), f64: float(Double.self),
                                    i32: integer(Int32.self), i64: integer(Int64.self), u8: integer(UInt8.self))
    }

    /// The arithmetic mean over `axes` (see `sum`): float arrays keep their dtype, integer
    /// arrays give float64 (NumPy's `mean`, Chainer's `F.mean`). The mean of nothing is NaN.
    public func mean(axes: [Int]? = nil, keepdims: Bool = false) -> NDArray {
        do { return try meanChecked(axes, keepdims: keepdims) } catch { NDArray.fail(error) }
    }

    func meanChecked(_ axes: [Int]?, keepdims: Bool) throws(ShapeError) -> NDArray {
        guard dtype.isFloatingPoint else { return try astype(.float64).meanChecked(axes, keepdims: keepdims) }
        let layout = try reductionLayout(axes, keepdims: keepdims, operation: "mean")
        let n = Double(layout.length)
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            NDArray.reduced(layout, T.self, to: T.self, block: { _, _, p in NDArray.pairwiseSum(p) },
                            combine: +, finish: { T(fromDouble: $1 / n) })
        }
        return NDArray.byFloat(dtype, "mean", f32: run(Float.self), f64: run(Double.self))
    }

    /// The largest element over `axes` (see `sum`), in the input's dtype; NaN wins, as in
    /// NumPy's `amax` (alias `max`) and Chainer's `F.max`. Reducing an empty axis stops with
    /// a message. Not named `max`: an `NDArray.max` member would hide the global `max(_:_:)`
    /// inside every `NDArray` extension.
    public func amax(axes: [Int]? = nil, keepdims: Bool = false) -> NDArray {
        do { return try extremumChecked(axes, keepdims: keepdims, largest: true) } catch { NDArray.fail(error) }
    }

    /// The smallest element over `axes` (NumPy's `amin`, Chainer's `F.min`); otherwise as
    /// `amax`.
    public func amin(axes: [Int]? = nil, keepdims: Bool = false) -> NDArray {
        do { return try extremumChecked(axes, keepdims: keepdims, largest: false) } catch { NDArray.fail(error) }
    }

    func extremumChecked(_ axes: [Int]?, keepdims: Bool, largest: Bool) throws(ShapeError) -> NDArray {
        let operation = largest ? "amax" : "amin"
        let layout = try reductionLayout(axes, keepdims: keepdims, operation: operation)
        guard layout.length > 0 || layout.outer == 0 else {
            throw ShapeError("\(operation): zero-size reduction over shape \(NDArray.format(shape)) has no identity")
        }
        func run<T: NDArithmetic>(_ type: T.Type) -> NDArray {
            // Once NaN is taken nothing replaces it.
            let better = NDArray.preference(T.self, largest: largest)
            return NDArray.reduced(layout, T.self, to: T.self, block: { _, _, p in
                var best = p[0]
                for x in p where better(x, best) && best == best { best = x }
                return best
            }, combine: { a, b in better(b, a) && a == a ? b : a }, finish: { $1 })
        }
        return NDArray.byArithmetic(dtype, operation, f32: run(Float.self), f64: run(Double.self),
                                    i32: run(Int32.self), i64: run(Int64.self), u8: run(UInt8.self))
    }

    /// Whether `x` should replace `best` as the running maximum (or minimum): it is larger
    /// (smaller), or NaN, which then wins because every comparison with it is false.
    static func preference<T: NDArithmetic>(_ type: T.Type, largest: Bool) -> (T, T) -> Bool {
        if largest { return { x, best in x > best || x != x } }
        return { x, best in x < best || x != x }
    }

    /// The position of the largest element along `axis` (of the flattened array when `nil`),
    /// the first one on ties, the first NaN if there is one (NumPy's `argmax`, Chainer's
    /// `F.argmax`). The result is int64, NumPy's index type; an empty axis stops with a message.
    public func argmax(axis: Int? = nil, keepdims: Bool = false) -> NDArray {
        do { return try argExtremumChecked(axis, keepdims: keepdims, largest: true) } catch { NDArray.fail(error) }
    }

    /// The position of the smallest element along `axis`; otherwise as `argmax`.
    public func argmin(axis: Int? = nil, keepdims: Bool = false) -> NDArray {
        do { return try argExtremumChecked(axis, keepdims: keepdims, largest: false) } catch { NDArray.fail(error) }
    }

    func argExtremumChecked(_ axis: Int?, keepdims: Bool, largest: Bool) throws(ShapeError) -> NDArray {
        let operation = largest ? "argmax" : "argmin"
        let layout = try reductionLayout(axis.map { [$0] }, keepdims: keepdims && axis != nil, operation: operation)
        guard layout.length > 0 || layout.outer == 0 else {
            throw ShapeError("\(operation): attempt to get \(operation) of an empty sequence, shape \(NDArray.format(shape))")
        }
        func run<T: NDArithmetic>(_ type: T.Type) -> NDArray {
            let better = NDArray.preference(T.self, largest: largest)
            let result = NDArray.reduced(layout, T.self, to: Int64.self, block: { _, start, p in
                var best = (value: p[0], index: start)
                for i in p.indices where better(p[i], best.value) && best.value == best.value { best = (p[i], start + i) }
                return best
            }, combine: { a, b in better(b.value, a.value) && a.value == a.value ? b : a }, finish: { Int64($1.index) })
            return keepdims && axis == nil ? result.reshaped([Int](repeating: 1, count: ndim)) : result
        }
        return NDArray.byArithmetic(dtype, operation, f32: run(Float.self), f64: run(Double.self),
                                    i32: run(Int32.self), i64: run(Int64.self), u8: run(UInt8.self))
    }

    /// The variance Σ(x − mean)² / (n − ddof) over `axes` (see `sum`), computed in two passes
    /// in float64 (NumPy's `var`, default `ddof` 0). Float arrays keep their dtype, integer
    /// arrays give float64. No elements, or `n ≤ ddof`, give NaN or inf as in NumPy.
    public func `var`(axes: [Int]? = nil, keepdims: Bool = false, ddof: Int = 0) -> NDArray {
        do { return try varChecked(axes, keepdims: keepdims, ddof: ddof) } catch { NDArray.fail(error) }
    }

    func varChecked(_ axes: [Int]?, keepdims: Bool, ddof: Int) throws(ShapeError) -> NDArray {
        guard dtype.isFloatingPoint else { return try astype(.float64).varChecked(axes, keepdims: keepdims, ddof: ddof) }
        let layout = try reductionLayout(axes, keepdims: keepdims, operation: "var")
        let n = Double(layout.length), divisor = Double(max(0, layout.length - ddof))
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            let sums = NDArray.reduced(layout, T.self, to: Double.self, block: { _, _, p in NDArray.pairwiseSum(p) },
                                       combine: +, finish: { $1 })
            return sums.withUnsafeBufferPointer(as: Double.self) { sums in
                NDArray.reduced(layout, T.self, to: T.self, block: { row, _, p in
                    let mean = sums[row] / n
                    return NDArray.pairwiseSum(p) { ($0.doubleValue - mean) * ($0.doubleValue - mean) }
                }, combine: +, finish: { T(fromDouble: $1 / divisor) })
            }
        }
        return NDArray.byFloat(dtype, "var", f32: run(Float.self), f64: run(Double.self))
    }

    /// log Σ exp(x) over `axes` (see `sum`), computed as m + log Σ exp(x − m) with m the
    /// maximum so that nothing overflows (SciPy's `logsumexp`, Chainer's `F.logsumexp`).
    /// Float dtypes only; an empty reduction gives −inf, an infinite or NaN maximum is the
    /// result.
    public func logsumexp(axes: [Int]? = nil, keepdims: Bool = false) -> NDArray {
        do { return try logsumexpChecked(axes, keepdims: keepdims) } catch { NDArray.fail(error) }
    }

    func logsumexpChecked(_ axes: [Int]?, keepdims: Bool) throws(ShapeError) -> NDArray {
        let layout = try reductionLayout(axes, keepdims: keepdims, operation: "logsumexp")
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            let maxima: NDArray
            if layout.length == 0 {
                maxima = NDArray.full([layout.outer], -.infinity, dtype: T.dtype)
            } else {
                maxima = NDArray.reduced(layout, T.self, to: T.self, block: { _, _, p in
                    var best = p[0]
                    for x in p where (x > best || x != x) && best == best { best = x }
                    return best
                }, combine: { a, b in (b > a || b != b) && a == a ? b : a }, finish: { $1 })
            }
            return maxima.withUnsafeBufferPointer(as: T.self) { maxima in
                NDArray.reduced(layout, T.self, to: T.self, block: { row, _, p in
                    let m = maxima[row]
                    return m.isFinite ? NDArray.pairwiseSum(p) { T.exp($0 - m).doubleValue } : 0
                }, combine: +, finish: { row, s in
                    let m = maxima[row]
                    return m.isFinite ? T(fromDouble: m.doubleValue + Double.log(s)) : m
                })
            }
        }
        return NDArray.byFloat(dtype, "logsumexp", f32: run(Float.self), f64: run(Double.self))
    }
}
