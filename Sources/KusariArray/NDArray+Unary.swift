// Elementwise unary math on floating-point arrays.
import CKusariKernels

/// The unary functions of `NDArray.apply(_:)`.
public enum UnaryFunction: String, Sendable {
    case exp, log, log1p, sqrt, rsqrt, tanh, sigmoid, abs, sign, square, reciprocal
}

extension NDArray {
    /// `f(x)` elementwise on a float32 or float64 array. `sigmoid` is 1 / (1 + e^−x) computed
    /// without overflow; `sign` gives −1, 0 or 1, and NaN for NaN. float32 `exp` runs a SIMD
    /// kernel within 2 ulp of the correctly rounded value (`exp32`); the rest use the C library.
    public func apply(_ f: UnaryFunction) -> NDArray {
        if f == .exp && dtype == .float32 { return exp32() }
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            switch f {
            case .exp: NDArray.map(self, T.self, to: T.self) { T.exp($0) }
            case .log: NDArray.map(self, T.self, to: T.self) { T.log($0) }
            case .log1p: NDArray.map(self, T.self, to: T.self) { T.log1p($0) }
            case .sqrt: NDArray.map(self, SquareRootKernel<T>())
            case .rsqrt: NDArray.map(self, ReciprocalSquareRootKernel<T>())
            case .tanh: NDArray.map(self, T.self, to: T.self) { T.tanh($0) }
            case .sigmoid: NDArray.map(self, T.self, to: T.self) { x in
                // Both branches stay finite: e^−|x| never overflows.
                if x >= 0 { return 1 / (1 + T.exp(-x)) }
                let e = T.exp(x)
                return e / (1 + e)
            }
            case .abs: NDArray.map(self, AbsoluteKernel<T>())
            case .sign: NDArray.map(self, SignKernel<T>())
            case .square: NDArray.map(self, SquareKernel<T>())
            case .reciprocal: NDArray.map(self, ReciprocalKernel<T>())
            }
        }
        return NDArray.byFloat(dtype, f.rawValue, f32: run(Float.self), f64: run(Double.self))
    }

    /// float32 e^x by `kusari_exp_f32`, whose variants all return the same bits; `variant`
    /// forces one (tests), else the best this CPU runs.
    func exp32(variant: GEMM.Variant = .best) -> NDArray {
        var out = NDArray(uninitialized: shape, dtype: .float32)
        let count = self.count
        let kernel: Int32 = switch variant {
        case .avx512: Int32(KUSARI_EXP_AVX512)
        case .avx2: Int32(KUSARI_EXP_AVX2)
        case .portable: Int32(KUSARI_EXP_PORTABLE)
        }
        withUnsafeBufferPointer(as: Float.self) { px in
            out.withUnsafeMutableBufferPointer(as: Float.self) { py in
                let chunks = Threading.chunkCount(count, grain: NDArray.elementwiseGrain)
                Threading.parallelFor(chunks) { chunk in
                    let range = Threading.range(of: chunk, in: chunks, count: count)
                    kusari_exp_f32(px.baseAddress! + range.lowerBound, py.baseAddress! + range.lowerBound,
                                   range.count, kernel)
                }
            }
        }
        return out
    }

    public func exp() -> NDArray { apply(.exp) }
    public func log() -> NDArray { apply(.log) }
    public func log1p() -> NDArray { apply(.log1p) }
    public func sqrt() -> NDArray { apply(.sqrt) }
    public func rsqrt() -> NDArray { apply(.rsqrt) }
    public func tanh() -> NDArray { apply(.tanh) }
    public func sigmoid() -> NDArray { apply(.sigmoid) }
    public func abs() -> NDArray { apply(.abs) }
    public func sign() -> NDArray { apply(.sign) }
    public func square() -> NDArray { apply(.square) }

    /// Elements limited to `[low, high]` (NumPy's `clip`); NaN stays NaN.
    public func clip(_ low: Double, _ high: Double) -> NDArray {
        precondition(low <= high, "clip: low \(low) must not exceed high \(high)")
        func run<T: NDArithmetic>(_ type: T.Type) -> NDArray {
            NDArray.map(self, ClipKernel(low: T(fromDouble: low), high: T(fromDouble: high)))
        }
        return NDArray.byArithmetic(dtype, "clip", f32: run(Float.self), f64: run(Double.self),
                                    i32: run(Int32.self), i64: run(Int64.self), u8: run(UInt8.self))
    }

    /// The elements converted to `dtype` (floats to integers truncate toward zero, as NumPy).
    public func astype(_ target: DType) -> NDArray {
        if target == dtype { return self }
        func from<S: NDScalar>(_ source: S.Type) -> NDArray {
            switch target {
            case .float32: NDArray.map(self, S.self, to: Float.self) { Float(fromDouble: $0.doubleValue) }
            case .float64: NDArray.map(self, S.self, to: Double.self) { $0.doubleValue }
            case .int32: NDArray.map(self, S.self, to: Int32.self) { Int32(fromDouble: $0.doubleValue) }
            case .int64: NDArray.map(self, S.self, to: Int64.self) { Int64(fromDouble: $0.doubleValue) }
            case .uint8: NDArray.map(self, S.self, to: UInt8.self) { UInt8(fromDouble: $0.doubleValue) }
            case .bool: NDArray.map(self, S.self, to: Bool.self) { $0.doubleValue != 0 }
            }
        }
        switch dtype {
        case .float32: return from(Float.self)
        case .float64: return from(Double.self)
        case .int32: return from(Int32.self)
        case .int64: return from(Int64.self)
        case .uint8: return from(UInt8.self)
        case .bool: return from(Bool.self)
        }
    }
}

// The arithmetic-only functions as kernels: cheap enough per element that a call through a
// closure pointer would dominate on worker threads (see `UnaryKernel`).

struct SquareRootKernel<T: NDFloat>: UnaryKernel {
    func callAsFunction(_ x: T) -> T { x.squareRoot() }
}

struct ReciprocalSquareRootKernel<T: NDFloat>: UnaryKernel {
    func callAsFunction(_ x: T) -> T { 1 / x.squareRoot() }
}

struct AbsoluteKernel<T: NDFloat>: UnaryKernel {
    func callAsFunction(_ x: T) -> T { Swift.abs(x) }
}

/// −1, 0 or 1; NaN stays NaN.
struct SignKernel<T: NDFloat>: UnaryKernel {
    func callAsFunction(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? -1 : x) }
}

struct SquareKernel<T: NDFloat>: UnaryKernel {
    func callAsFunction(_ x: T) -> T { x * x }
}

struct ReciprocalKernel<T: NDFloat>: UnaryKernel {
    func callAsFunction(_ x: T) -> T { 1 / x }
}

/// x limited to [low, high]; NaN stays NaN.
struct ClipKernel<T: NDArithmetic>: UnaryKernel {
    let low, high: T
    func callAsFunction(_ x: T) -> T { x < low ? low : (x > high ? high : x) }
}
