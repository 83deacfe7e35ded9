// Values a link saves and loads but does not train (Chainer's `add_persistent`).

/// A persistent value as the serializers see it.
public protocol PersistentValue: AnyObject {
    /// The serialization key, when it is not the property's name.
    var key: String? { get }
    /// Takes the value of another persistent of the same type.
    func assign(from other: PersistentValue)
    /// Saves or loads the value under `key`.
    func serialize(_ key: String, _ serializer: any Serializer) throws
}

/// Marks a stored property of a link as persistent: saved and loaded with the model, not
/// updated by optimizers (batch normalization's running statistics, counters).
/// Chainer: `Link.add_persistent`.
///
/// The property's name is the serialization key unless `key` is given, for Chainer's
/// snake_case names on Swift-cased properties; a property with an explicit key is declared
/// without a value and its storage set in `init`:
///
///     @Persistent public var avgMean: NDArray
///     init(...) { _avgMean = Persistent(wrappedValue: mean, key: "avg_mean") }
@propertyWrapper
public final class Persistent<Value>: PersistentValue {
    public var wrappedValue: Value
    public let key: String?

    public init(wrappedValue: Value, key: String? = nil) {
        self.wrappedValue = wrappedValue
        self.key = key
    }

    public func assign(from other: PersistentValue) {
        guard let other = other as? Persistent<Value> else {
            preconditionFailure("Persistent: cannot assign \(type(of: other)) to Persistent<\(Value.self)>")
        }
        wrappedValue = other.wrappedValue
    }

    /// Arrays, `Int` counters (0-d int64), `Double`, `Float` and `Bool` values are supported.
    public func serialize(_ key: String, _ serializer: any Serializer) throws {
        switch wrappedValue {
        case var array as NDArray:
            try serializer(key, &array)
            wrappedValue = array as! Value
        case var number as Int:
            try serializer(key, &number)
            wrappedValue = number as! Value
        case var number as Double:
            try serializer(key, &number)
            wrappedValue = number as! Value
        case var number as Float:
            try serializer(key, &number)
            wrappedValue = number as! Value
        case var flag as Bool:
            try serializer(key, &flag)
            wrappedValue = flag as! Value
        default:
            preconditionFailure("Persistent<\(Value.self)> '\(key)': only NDArray, Int, Double, Float and Bool values can be serialized")
        }
    }
}
