// Elementwise unary math on floating-point arrays.

/// The unary functions of `NDArray.apply(_:)`.
public enum UnaryFunction: String, Sendable {
    case exp, log, log1p, sqrt, rsqrt, tanh, sigmoid, abs, sign, square, reciprocal
}

extension NDArray {
    /// `f(x)` elementwise on a float32 or float64 array. `sigmoid` is 1 / (1 + e^−x) computed
    /// without overflow; `sign` gives −1, 0 or 1, and NaN for NaN.
    public func apply(_ f: UnaryFunction) -> NDArray {
        func run<T: NDFloat>(_ type: T.Type) -> NDArray {
            switch f {
            case .exp: NDArray.map(self, T.self, to: T.self) { T.exp($0) }
            case .log: NDArray.map(self, T.self, to: T.self) { T.log($0) }
            case .log1p: NDArray.map(self, T.self, to: T.self) { T.log1p($0) }
            case .sqrt: NDArray.map(self, T.self, to: T.self) { $0.squareRoot() }
            case .rsqrt: NDArray.map(self, T.self, to: T.self) { 1 / $0.squareRoot() }
            case .tanh: NDArray.map(self, T.self, to: T.self) { T.tanh($0) }
            case .sigmoid: NDArray.map(self, T.self, to: T.self) { x in
                // Both branches stay finite: e^−|x| never overflows.
                if x >= 0 { return 1 / (1 + T.exp(-x)) }
                let e = T.exp(x)
                return e / (1 + e)
            }
            case .abs: NDArray.map(self, T.self, to: T.self) { Swift.abs($0) }
            case .sign: NDArray.map(self, T.self, to: T.self) { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }
            case .square: NDArray.map(self, T.self, to: T.self) { $0 * $0 }
            case .reciprocal: NDArray.map(self, T.self, to: T.self) { 1 / $0 }
            }
        }
        return NDArray.byFloat(dtype, f.rawValue, f32: run(Float.self), f64: run(Double.self))
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
            let lo = T(fromDouble: low), hi = T(fromDouble: high)
            return NDArray.map(self, T.self, to: T.self) { $0 < lo ? lo : ($0 > hi ? hi : $0) }
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
