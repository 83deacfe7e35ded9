// The message a shape or dtype mistake stops with.

/// A shape or dtype mismatch found by an array operation: the operation's name and what it
/// expected and found, in NumPy's notation (`add: operands could not be broadcast together
/// with shapes (2, 3) (4,)`).
public struct ShapeError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension NDArray {
    /// The shape `a` and `b` broadcast to under NumPy's rules (align trailing axes; a size-1
    /// axis stretches), or a `ShapeError` naming `operation` and both shapes.
    public static func broadcastShape(_ a: [Int], _ b: [Int], operation: String) throws(ShapeError) -> [Int] {
        let ndim = max(a.count, b.count)
        var result = [Int](repeating: 1, count: ndim)
        for axis in 0..<ndim {
            let da = axis < ndim - a.count ? 1 : a[axis - (ndim - a.count)]
            let db = axis < ndim - b.count ? 1 : b[axis - (ndim - b.count)]
            if da == db || db == 1 { result[axis] = da } else if da == 1 { result[axis] = db } else {
                throw ShapeError("\(operation): operands could not be broadcast together with shapes \(format(a)) \(format(b))")
            }
        }
        return result
    }

    /// Stops with `error`'s message: shape mistakes are programming errors, as in NumPy.
    @usableFromInline
    static func fail(_ error: ShapeError) -> Never { preconditionFailure(error.description) }

    /// Stops unless both operands have the same dtype.
    @usableFromInline
    static func checkSameDType(_ a: NDArray, _ b: NDArray, _ operation: String) {
        precondition(a.dtype == b.dtype, "\(operation): dtype mismatch, \(a.dtype) and \(b.dtype)")
    }
}
