// The saving side of the visitor: collects every value into one dictionary.

/// Collects the values an object passes to it, keyed by their full `/`-joined path
/// (Chainer's `DictionarySerializer`). Children made with `serializer["name"]` write into the
/// same dictionary. Saving one key twice throws: two values would silently share a name.
public final class NPZSerializer: Serializer {
    private final class Store { var values: [String: NPYValue] = [:] }
    private let store: Store
    private let prefix: String

    /// An empty serializer at the root (no key prefix).
    public init() {
        store = Store()
        prefix = ""
    }

    private init(store: Store, prefix: String) {
        self.store = store
        self.prefix = prefix
    }

    /// Everything saved so far, through this serializer and all of its children.
    public var values: [String: NPYValue] { store.values }

    public subscript(_ child: String) -> any Serializer {
        NPZSerializer(store: store, prefix: prefix + serializationPrefix(child))
    }

    public func callAsFunction(_ key: String, _ value: inout NDArray) throws {
        try save(key, .array(value))
    }

    public var isLoading: Bool { false }

    public func storedShape(_ key: String) -> [Int]? { nil }

    public func callAsFunction(_ key: String, _ value: inout String) throws {
        try save(key, .string(value))
    }

    private func save(_ key: String, _ value: NPYValue) throws(SerializationError) {
        let fullKey = prefix + key.trimmingLeadingSlashes()
        guard store.values[fullKey] == nil else { throw SerializationError("saved twice", key: fullKey) }
        store.values[fullKey] = value
    }
}
