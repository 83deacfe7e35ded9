// Binary arithmetic and comparisons with NumPy broadcasting.

/// The binary operations that run on every numeric dtype.
enum ArithmeticOp: String {
    case add, subtract, multiply, maximum, minimum
}

/// The comparisons; each returns a `bool` array.
public enum Comparison: String, Sendable {
    case equal, notEqual, less, lessEqual, greater, greaterEqual
}

struct AddKernel<T: NDArithmetic>: BinaryKernel {
    func callAsFunction(_ a: T, _ b: T) -> T { a + b }
}

struct SubtractKernel<T: NDArithmetic>: BinaryKernel {
    func callAsFunction(_ a: T, _ b: T) -> T { a - b }
}

struct MultiplyKernel<T: NDArithmetic>: BinaryKernel {
    func callAsFunction(_ a: T, _ b: T) -> T { a * b }
}

struct DivideKernel<T: NDFloat>: BinaryKernel {
    func callAsFunction(_ a: T, _ b: T) -> T { a / b }
}

/// NaN propagates, as in NumPy's maximum.
struct MaximumKernel<T: NDArithmetic>: BinaryKernel {
    func callAsFunction(_ a: T, _ b: T) -> T { a != a ? a : (a >= b || b != b ? (b != b ? b : a) : b) }
}

/// NaN propagates, as in NumPy's minimum.
struct MinimumKernel<T: NDArithmetic>: BinaryKernel {
    func callAsFunction(_ a: T, _ b: T) -> T { a != a ? a : (a <= b || b != b ? (b != b ? b : a) : b) }
}

extension NDArray {
    static func arithmetic(_ op: ArithmeticOp, _ a: NDArray, _ b: NDArray) -> NDArray {
        func run<T: NDArithmetic>(_ type: T.Type) -> NDArray {
            switch op {
            case .add: zip(a, b, op.rawValue, AddKernel<T>())
            case .subtract: zip(a, b, op.rawValue, SubtractKernel<T>())
            case .multiply: zip(a, b, op.rawValue, MultiplyKernel<T>())
            case .maximum: zip(a, b, op.rawValue, MaximumKernel<T>())
            case .minimum: zip(a, b, op.rawValue, MinimumKernel<T>())
            }
        }
        return byArithmetic(a.dtype, op.rawValue, f32: run(Float.self), f64: run(Double.self),
                            i32: run(Int32.self), i64: run(Int64.self), u8: run(UInt8.self))
    }

    public static func + (a: NDArray, b: NDArray) -> NDArray { arithmetic(.add, a, b) }
    public static func - (a: NDArray, b: NDArray) -> NDArray { arithmetic(.subtract, a, b) }
    public static func * (a: NDArray, b: NDArray) -> NDArray { arithmetic(.multiply, a, b) }
    public static func / (a: NDArray, b: NDArray) -> NDArray {
        func run<T: NDFloat>(_ type: T.Type) -> NDArray { zip(a, b, "divide", DivideKernel<T>()) }
        return byFloat(a.dtype, "divide", f32: run(Float.self), f64: run(Double.self))
    }
    public static prefix func - (x: NDArray) -> NDArray { NDArray.scalar(0, dtype: x.dtype) - x }

    public static func + (a: NDArray, b: Double) -> NDArray { a + scalar(b, dtype: a.dtype) }
    public static func - (a: NDArray, b: Double) -> NDArray { a - scalar(b, dtype: a.dtype) }
    public static func * (a: NDArray, b: Double) -> NDArray { a * scalar(b, dtype: a.dtype) }
    public static func / (a: NDArray, b: Double) -> NDArray { a / scalar(b, dtype: a.dtype) }
    public static func + (a: Double, b: NDArray) -> NDArray { scalar(a, dtype: b.dtype) + b }
    public static func - (a: Double, b: NDArray) -> NDArray { scalar(a, dtype: b.dtype) - b }
    public static func * (a: Double, b: NDArray) -> NDArray { scalar(a, dtype: b.dtype) * b }
    public static func / (a: Double, b: NDArray) -> NDArray { scalar(a, dtype: b.dtype) / b }

    public static func += (a: inout NDArray, b: NDArray) { a = a + b }
    public static func -= (a: inout NDArray, b: NDArray) { a = a - b }
    public static func *= (a: inout NDArray, b: NDArray) { a = a * b }

    /// Elementwise maximum; NaN wins, as in NumPy.
    public static func maximum(_ a: NDArray, _ b: NDArray) -> NDArray { arithmetic(.maximum, a, b) }
    /// Elementwise minimum; NaN wins, as in NumPy.
    public static func minimum(_ a: NDArray, _ b: NDArray) -> NDArray { arithmetic(.minimum, a, b) }

    /// `a ** b` elementwise (floating dtypes).
    public static func pow(_ a: NDArray, _ b: NDArray) -> NDArray {
        func run<T: NDFloat>(_ type: T.Type) -> NDArray { zip(a, b, "pow", T.self, to: T.self) { T.pow($0, $1) } }
        return byFloat(a.dtype, "pow", f32: run(Float.self), f64: run(Double.self))
    }
    public static func pow(_ a: NDArray, _ b: Double) -> NDArray { pow(a, scalar(b, dtype: a.dtype)) }

    /// Elementwise comparison under broadcasting, giving a `bool` array.
    public static func compare(_ a: NDArray, _ op: Comparison, _ b: NDArray) -> NDArray {
        func run<T: NDArithmetic>(_ type: T.Type) -> NDArray {
            switch op {
            case .equal: zip(a, b, op.rawValue, T.self, to: Bool.self) { $0 == $1 }
            case .notEqual: zip(a, b, op.rawValue, T.self, to: Bool.self) { $0 != $1 }
            case .less: zip(a, b, op.rawValue, T.self, to: Bool.self) { $0 < $1 }
            case .lessEqual: zip(a, b, op.rawValue, T.self, to: Bool.self) { $0 <= $1 }
            case .greater: zip(a, b, op.rawValue, T.self, to: Bool.self) { $0 > $1 }
            case .greaterEqual: zip(a, b, op.rawValue, T.self, to: Bool.self) { $0 >= $1 }
            }
        }
        if a.dtype == .bool {
            let ints = (a.astype(.uint8), b.astype(.uint8))
            return compare(ints.0, op, ints.1)
        }
        return byArithmetic(a.dtype, op.rawValue, f32: run(Float.self), f64: run(Double.self),
                            i32: run(Int32.self), i64: run(Int64.self), u8: run(UInt8.self))
    }

    public static func .== (a: NDArray, b: NDArray) -> NDArray { compare(a, .equal, b) }
    public static func .!= (a: NDArray, b: NDArray) -> NDArray { compare(a, .notEqual, b) }
    public static func .< (a: NDArray, b: NDArray) -> NDArray { compare(a, .less, b) }
    public static func .<= (a: NDArray, b: NDArray) -> NDArray { compare(a, .lessEqual, b) }
    public static func .> (a: NDArray, b: NDArray) -> NDArray { compare(a, .greater, b) }
    public static func .>= (a: NDArray, b: NDArray) -> NDArray { compare(a, .greaterEqual, b) }

    /// `condition ? a : b` elementwise, broadcasting all three (NumPy's `where`).
    public static func `where`(_ condition: NDArray, _ a: NDArray, _ b: NDArray) -> NDArray {
        precondition(condition.dtype == .bool, "where: condition must be bool, got \(condition.dtype)")
        checkSameDType(a, b, "where")
        let shape: [Int]
        do {
            shape = try broadcastShape(try broadcastShape(condition.shape, a.shape, operation: "where"), b.shape, operation: "where")
        } catch { fail(error) }
        let c = condition.broadcast(to: shape), x = a.broadcast(to: shape), y = b.broadcast(to: shape)
        let out = NDArray(uninitialized: shape, dtype: a.dtype)
        let bytes = a.dtype.byteSize
        c.withUnsafeBufferPointer(as: Bool.self) { pc in
            x.withUnsafeBytes { px in
                y.withUnsafeBytes { py in
                    let po = out.storage.pointer
                    for i in 0..<pc.count {
                        let source = pc[i] ? px.baseAddress! : py.baseAddress!
                        po.advanced(by: i * bytes).copyMemory(from: source.advanced(by: i * bytes), byteCount: bytes)
                    }
                }
            }
        }
        return out
    }
}
