// Values a link saves and loads but does not train (Chainer's `add_persistent`).

/// A persistent value as the serializers see it.
public protocol PersistentValue: AnyObject {
    /// Takes the value of another persistent of the same type.
    func assign(from other: PersistentValue)
}

/// Marks a stored property of a link as persistent: saved and loaded with the model, not
/// updated by optimizers (batch normalization's running statistics, counters).
/// Chainer: `Link.add_persistent`.
@propertyWrapper
public final class Persistent<Value>: PersistentValue {
    public var wrappedValue: Value

    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }

    public func assign(from other: PersistentValue) {
        guard let other = other as? Persistent<Value> else {
            preconditionFailure("Persistent: cannot assign \(type(of: other)) to Persistent<\(Value.self)>")
        }
        wrappedValue = other.wrappedValue
    }
}
