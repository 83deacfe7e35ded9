// Element types an NDArray can hold, and the Swift scalar types that map onto them.
import Foundation

/// The element type of an `NDArray`. `float32` is the default, as in Chainer.
public enum DType: String, Sendable, CaseIterable, CustomStringConvertible {
    case float32, float64, int32, int64, uint8, bool

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .uint8, .bool: 1
        }
    }

    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    public var description: String { rawValue }
}

/// A Swift scalar type that can be stored in an `NDArray`.
public protocol NDScalar: Sendable, Equatable {
    static var dtype: DType { get }
    /// Conversion through `Double`, used by dtype casts and by `full`.
    init(fromDouble value: Double)
    var doubleValue: Double { get }
}

/// A floating-point scalar with the elementary functions the kernels need.
public protocol NDFloat: NDScalar, BinaryFloatingPoint, Comparable {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func expm1(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
}

extension Float: NDFloat {
    public static var dtype: DType { .float32 }
    public init(fromDouble value: Double) { self = Float(value) }
    public var doubleValue: Double { Double(self) }
    public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    public static func log(_ x: Float) -> Float { Foundation.log(x) }
    public static func log1p(_ x: Float) -> Float { Foundation.log1p(x) }
    public static func expm1(_ x: Float) -> Float { Foundation.expm1(x) }
    public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    public static func pow(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }
}

extension Double: NDFloat {
    public static var dtype: DType { .float64 }
    public init(fromDouble value: Double) { self = value }
    public var doubleValue: Double { self }
    public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    public static func log(_ x: Double) -> Double { Foundation.log(x) }
    public static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
    public static func expm1(_ x: Double) -> Double { Foundation.expm1(x) }
    public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    public static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}

extension Int32: NDScalar {
    public static var dtype: DType { .int32 }
    public init(fromDouble value: Double) { self = Int32(value) }
    public var doubleValue: Double { Double(self) }
}

extension Int64: NDScalar {
    public static var dtype: DType { .int64 }
    public init(fromDouble value: Double) { self = Int64(value) }
    public var doubleValue: Double { Double(self) }
}

extension UInt8: NDScalar {
    public static var dtype: DType { .uint8 }
    public init(fromDouble value: Double) { self = UInt8(value) }
    public var doubleValue: Double { Double(self) }
}

extension Bool: NDScalar {
    public static var dtype: DType { .bool }
    public init(fromDouble value: Double) { self = value != 0 }
    public var doubleValue: Double { self ? 1 : 0 }
}

/// A scalar type with `+ − ×`, ordering and zero: every dtype but `bool`.
public protocol NDArithmetic: NDScalar, Numeric, Comparable {}
extension Float: NDArithmetic {}
extension Double: NDArithmetic {}
extension Int32: NDArithmetic {}
extension Int64: NDArithmetic {}
extension UInt8: NDArithmetic {}
