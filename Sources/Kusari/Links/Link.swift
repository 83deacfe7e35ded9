// Chainer's `chainer.Link` and `chainer.Chain`: modules that own parameters and child links,
// found by reflection over stored properties.

/// A building block of models: owns parameters, persistent values and child links.
///
/// Subclasses declare them as stored properties; `Mirror` finds them, and the property
/// names give the hierarchical names (`/conv1/W`), as `init_scope()` does in Chainer. The
/// structure is read once, at first use, and cached: assign every child in `init`.
/// Optionals are looked into, and `[Link]` arrays name their elements `prop/0`, `prop/1`, ...
open class Link {
    /// Whether optimizers update this link's parameters. Chainer: `enable_update`.
    public private(set) var updateEnabled = true
    private var cachedMembers: Members?

    public init() {}

    /// The parameters, persistent values and children of this link, in declaration order.
    struct Members {
        var params: [(String, Parameter)] = []
        var persistents: [(String, PersistentValue)] = []
        var children: [(String, Link)] = []
    }

    var members: Members {
        if let cachedMembers { return cachedMembers }
        let found = LinkReflection.members(of: self)
        cachedMembers = found
        return found
    }

    /// The direct child links with their names.
    public func namedChildren() -> [(String, Link)] { members.children }

    /// The direct child links. Chainer: `children()`.
    public func children() -> [Link] { members.children.map(\.1) }

    /// Every parameter of this link and its descendants, with absolute names (`/conv1/W`).
    /// Chainer: `namedparams()`.
    public func namedParams() -> [(String, Parameter)] {
        var result = members.params.map { ("/" + $0.0, $0.1) }
        for (name, child) in members.children {
            result += child.namedParams().map { ("/" + name + $0.0, $0.1) }
        }
        return result
    }

    /// Every parameter, depth first. Chainer: `params()`.
    public func params() -> [Parameter] { namedParams().map(\.1) }

    /// Every link in the tree with its absolute name ("/" for this one). Chainer: `namedlinks()`.
    public func namedLinks() -> [(String, Link)] {
        var result: [(String, Link)] = [("/", self)]
        for (name, child) in members.children {
            result += child.namedLinks().map { ($0.0 == "/" ? "/" + name : "/" + name + $0.0, $0.1) }
        }
        return result
    }

    /// Drops every gradient. Chainer: `cleargrads()`.
    public func cleargrads() { for parameter in params() { parameter.cleargrad() } }

    /// The number of scalars in all initialized parameters. Chainer: `count_params()`.
    public func countParams() -> Int { params().reduce(0) { $0 + ($1.isInitialized ? $1.count : 0) } }

    /// Lets optimizers update this link and its descendants. Chainer: `enable_update()`.
    public func enableUpdate() { for (_, link) in namedLinks() { link.updateEnabled = true } }

    /// Freezes this link and its descendants. Chainer: `disable_update()`.
    public func disableUpdate() { for (_, link) in namedLinks() { link.updateEnabled = false } }

    /// Copies every parameter value and persistent value from `source`, a link of the same
    /// structure. Chainer: `copyparams(link)`.
    public func copyparams(from source: Link) {
        let mine = namedParams(), theirs = source.namedParams()
        precondition(mine.map(\.0) == theirs.map(\.0),
                     "copyparams: parameter names differ: \(mine.map(\.0)) vs \(theirs.map(\.0))")
        for ((_, target), (_, origin)) in zip(mine, theirs) { target.array = origin.array }
        for ((_, target), (_, origin)) in zip(allPersistents(), source.allPersistents()) { target.assign(from: origin) }
    }

    /// Saves or loads every parameter, persistent value and child, with Chainer's keys
    /// (`conv1/W`, `bn/avg_mean`). A lazy parameter not yet initialized is skipped when saving
    /// (Chainer would pickle `None`) and takes the stored shape when loading.
    open func serialize(_ serializer: any Serializer) throws {
        for (name, parameter) in members.params {
            if !parameter.isInitialized {
                guard let shape = serializer.storedShape(name) else { continue }
                parameter.initialize(shape)
            }
            try serializer(name, &parameter.array)
        }
        for (name, persistent) in members.persistents { try persistent.serialize(name, serializer) }
        for (name, child) in members.children { try child.serialize(serializer[name]) }
    }

    /// A deep copy: `make()` builds a link of the same structure, and every parameter
    /// (lazy ones included, taking this link's shapes), persistent value and update flag is
    /// copied into it. Chainer: `copy(mode='copy')`. Swift cannot construct an arbitrary
    /// subclass, so the caller says how (`model.copy { Classifier(LeNet()) }`).
    public func copy<L: Link>(_ make: () -> L) -> L {
        let twin = make()
        let mine = namedParams(), theirs = twin.namedParams()
        precondition(mine.map(\.0) == theirs.map(\.0),
                     "copy: the new link's parameters \(theirs.map(\.0)) differ from \(mine.map(\.0))")
        for ((_, source), (_, target)) in zip(mine, theirs) where source.isInitialized {
            if !target.isInitialized { target.initialize(source.shape) }
            target.array = source.array
        }
        for ((_, target), (_, origin)) in zip(twin.allPersistents(), allPersistents()) { target.assign(from: origin) }
        for ((_, target), (_, origin)) in zip(twin.namedLinks(), namedLinks()) { target.updateEnabled = origin.updateEnabled }
        return twin
    }

    /// Every persistent value in the tree with its absolute name.
    func allPersistents() -> [(String, PersistentValue)] {
        var result = members.persistents.map { ("/" + $0.0, $0.1) }
        for (name, child) in members.children {
            result += child.allPersistents().map { ("/" + name + $0.0, $0.1) }
        }
        return result
    }
}

extension Link: Serializable {}

/// A link whose children are its stored properties. Chainer: `chainer.Chain`.
open class Chain: Link {}

/// A link holding a list of children named "0", "1", ... Chainer: `chainer.ChainList`.
open class ChainList: Link {
    /// The children in order.
    public private(set) var links: [Link]

    public init(_ links: [Link] = []) {
        self.links = links
        super.init()
    }

    /// Appends a child; call before the first use of the link's structure.
    public func append(_ link: Link) { links.append(link) }

    public subscript(index: Int) -> Link { links[index] }
    public var count: Int { links.count }
}
