// Arrays made from a shape and a rule: zeros, ones, constants, ranges, identity.
//
// Every creator defaults to float32, Kusari's default dtype (NumPy would pick float64, or
// int64 for integer arguments to `arange`); pass `dtype:` for anything else.

extension NDArray {
    /// An array of `shape` filled with 0 (NumPy's `zeros`).
    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> NDArray {
        NDArray(zeros: shape, dtype: dtype)
    }

    /// An array of `shape` filled with 1 (NumPy's `ones`).
    public static func ones(_ shape: [Int], dtype: DType = .float32) -> NDArray {
        full(shape, 1, dtype: dtype)
    }

    /// An array of `shape` with every element `value` converted to `dtype` (NumPy's `full`;
    /// conversion to an integer dtype truncates toward zero).
    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float32) -> NDArray {
        generated(shape, dtype: dtype, fill: value) { _ in value }
    }

    /// `start, start + step, …` while below `stop` (above it for a negative `step`):
    /// `max(0, ⌈(stop − start) / step⌉)` elements, element `i` being `start + i·step`
    /// computed in float64 (NumPy's `arange(start, stop, step)`).
    public static func arange(_ start: Double, _ stop: Double, step: Double = 1, dtype: DType = .float32) -> NDArray {
        precondition(step != 0 && step.isFinite, "arange: step must be finite and non-zero, got \(step)")
        let count = max(0, Int(((stop - start) / step).rounded(.up)))
        return filled(count, dtype: dtype) { start + Double($0) * step }
    }

    /// `0, 1, …, count − 1` (NumPy's `arange(count)`).
    public static func arange(_ count: Int, dtype: DType = .float32) -> NDArray {
        precondition(count >= 0, "arange: count must be non-negative, got \(count)")
        return filled(count, dtype: dtype) { Double($0) }
    }

    /// `count` evenly spaced values from `start` to `stop`, `stop` included when `endpoint`
    /// (NumPy's `linspace`, default 50 values, endpoint included). The last value is exactly
    /// `stop` when included.
    public static func linspace(_ start: Double, _ stop: Double, count: Int = 50, endpoint: Bool = true,
                                dtype: DType = .float32) -> NDArray {
        precondition(count >= 0, "linspace: count must be non-negative, got \(count)")
        let intervals = endpoint ? count - 1 : count
        let step = intervals > 0 ? (stop - start) / Double(intervals) : 0
        return filled(count, dtype: dtype) { i in
            endpoint && i == count - 1 && count > 1 ? stop : start + Double(i) * step
        }
    }

    /// An `n × m` array (`m` defaults to `n`) with ones on diagonal `k` (`k > 0` above the
    /// main diagonal) and zeros elsewhere (NumPy's `eye`).
    public static func eye(_ n: Int, _ m: Int? = nil, k: Int = 0, dtype: DType = .float32) -> NDArray {
        let m = m ?? n
        return generated([n, m], dtype: dtype) { i in i % m - i / m == k ? 1 : 0 }
    }

    /// A 1-D array of `count` elements.
    static func filled(_ count: Int, dtype: DType, _ value: (Int) -> Double) -> NDArray {
        generated([count], dtype: dtype, value)
    }

    /// An array of `shape` whose element at flat index `i` is `value(i)` converted to
    /// `dtype`; with `fill`, every element is that constant and `value` is not called.
    static func generated(_ shape: [Int], dtype: DType, fill: Double? = nil, _ value: (Int) -> Double) -> NDArray {
        func run<T: NDScalar>(_ type: T.Type) -> NDArray {
            var out = NDArray(uninitialized: shape, dtype: dtype)
            out.withUnsafeMutableBufferPointer(as: T.self) { p in
                if let fill { p.initialize(repeating: T(fromDouble: fill)) } else {
                    for i in p.indices { p[i] = T(fromDouble: value(i)) }
                }
            }
            return out
        }
        switch dtype {
        case .float32: return run(Float.self)
        case .float64: return run(Double.self)
        case .int32: return run(Int32.self)
        case .int64: return run(Int64.self)
        case .uint8: return run(UInt8.self)
        case .bool: return run(Bool.self)
        }
    }
}
