// Arithmetic operators on variables, as Chainer overloads them on `Variable`.

extension Variable {
    public static func + (a: Variable, b: Variable) -> Variable { F.add(a, b) }
    public static func - (a: Variable, b: Variable) -> Variable { F.subtract(a, b) }
    public static func * (a: Variable, b: Variable) -> Variable { F.multiply(a, b) }
    public static func / (a: Variable, b: Variable) -> Variable { F.divide(a, b) }
    public static prefix func - (x: Variable) -> Variable { F.negative(x) }

    public static func + (a: Variable, b: Double) -> Variable { a + constant(a, b) }
    public static func - (a: Variable, b: Double) -> Variable { a - constant(a, b) }
    public static func * (a: Variable, b: Double) -> Variable { a * constant(a, b) }
    public static func / (a: Variable, b: Double) -> Variable { a / constant(a, b) }
    public static func + (a: Double, b: Variable) -> Variable { constant(b, a) + b }
    public static func - (a: Double, b: Variable) -> Variable { constant(b, a) - b }
    public static func * (a: Double, b: Variable) -> Variable { constant(b, a) * b }
    public static func / (a: Double, b: Variable) -> Variable { constant(b, a) / b }

    /// x ** y elementwise. Chainer: `Variable.__pow__`.
    public static func ** (a: Variable, b: Variable) -> Variable { F.pow(a, b) }
    public static func ** (a: Variable, b: Double) -> Variable { F.pow(a, b) }

    /// The matrix product `self · other`. Chainer: `Variable.__matmul__`.
    public func matmul(_ other: Variable) -> Variable { F.matmul(self, other) }

    /// A 0-d constant of `like`'s dtype.
    private static func constant(_ like: Variable, _ value: Double) -> Variable {
        .constant(NDArray.scalar(value, dtype: like.dtype))
    }
}

infix operator **: MultiplicationPrecedence
