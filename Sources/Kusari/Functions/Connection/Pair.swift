// The int-or-pair arguments of 2-D convolution and pooling (Chainer's `_pair`).

/// Two sizes, one for height (axis 2 of NCHW) and one for width (axis 3): a kernel size,
/// stride, padding or dilation. `2` means (2, 2) and `[3, 1]` means (3, 1), as Chainer
/// accepts `stride=2` or `stride=(3, 1)`.
public struct Pair: Equatable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, CustomStringConvertible {
    public let h: Int
    public let w: Int

    public init(_ h: Int, _ w: Int) {
        self.h = h
        self.w = w
    }

    /// The same size along both axes.
    public init(_ both: Int) { self.init(both, both) }

    public init(integerLiteral value: Int) { self.init(value) }

    public init(arrayLiteral elements: Int...) {
        precondition(elements.count == 2, "Pair: needs 2 sizes (height, width), got \(elements)")
        self.init(elements[0], elements[1])
    }

    public var description: String { "(\(h), \(w))" }
}
