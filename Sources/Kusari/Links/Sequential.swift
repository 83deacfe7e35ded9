// Chainer's `chainer.Sequential`: a chain of layers applied in order.

/// Applies its layers in order: each is a link or a plain function of one variable.
/// Link layers are children named "0", "1", ... by position among the links.
public final class Sequential: ChainList {
    private var layers: [(Variable) -> Variable] = []

    public override init(_ links: [Link] = []) {
        super.init()
        for link in links { append(link) }
    }

    /// Appends a link layer; it must be callable on one variable.
    public override func append(_ link: Link) {
        guard let callable = link as? UnaryLink else {
            preconditionFailure("Sequential: \(type(of: link)) cannot be called on one variable")
        }
        super.append(link)
        layers.append { callable($0) }
    }

    /// Appends a parameter-free layer such as `F.relu`.
    public func append(_ function: @escaping (Variable) -> Variable) { layers.append(function) }

    /// `n` copies of the layers made by `make`, in order. Chainer: `Link.repeat(n)` with the
    /// default mode `init` (fresh parameters for each copy).
    public static func `repeat`(_ n: Int, _ make: () -> Link) -> Sequential {
        Sequential((0..<n).map { _ in make() })
    }

    public func callAsFunction(_ x: Variable) -> Variable { layers.reduce(x) { $1($0) } }
}

/// A link that maps one variable to one variable.
public protocol UnaryLink: Link {
    func callAsFunction(_ x: Variable) -> Variable
}
