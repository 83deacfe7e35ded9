// Chainer's serializer visitor: one object graph walk that either saves or loads every value.

/// A visitor that saves or loads named values, Chainer's `AbstractSerializer`.
///
/// An object describes its state once, in `Serializable.serialize(_:)`, and the same code
/// saves it (with an `NPZSerializer`) and loads it (with an `NPZDeserializer`):
///
/// ```swift
/// func serialize(_ serializer: any Serializer) throws {
///     try serializer("W", &W)              // an NDArray
///     try serializer("t", &t)              // an Int counter, stored as a 0-d int64
///     try encoder.serialize(serializer["encoder"])  // keys below become "encoder/..."
/// }
/// ```
///
/// Values are passed `inout`: a saving serializer reads them, a loading one overwrites them.
/// This is Swift's form of Chainer's `value = serializer('key', value)`, and leaves no way to
/// forget the assignment. Keys are joined with `/`, with no leading `/` (`predictor/l1/W`).
public protocol Serializer: AnyObject {
    /// The serializer for a child object: every key it sees is prefixed with `child/`
    /// (Chainer's `serializer['child']`).
    subscript(_ child: String) -> any Serializer { get }

    /// Saves `value` under `key`, or loads the stored array into `value`.
    func callAsFunction(_ key: String, _ value: inout NDArray) throws

    /// Saves `value` under `key` as a 0-d `<U{n}` array (NumPy's `str`), or loads it.
    func callAsFunction(_ key: String, _ value: inout String) throws

    /// When loading, the shape stored under `key` (nil if absent); nil when saving. Lets a
    /// lazily initialized parameter take its shape from the file.
    func storedShape(_ key: String) -> [Int]?

    /// True for a serializer that loads values, false for one that saves them.
    var isLoading: Bool { get }
}

extension Serializer {
    /// Saves or loads a scalar as a 0-d array of its dtype (`Float` → float32, `Double` →
    /// float64, `Bool` → bool, ...), as Chainer stores Python and NumPy scalars.
    public func callAsFunction<T: NDScalar>(_ key: String, _ value: inout T) throws {
        var array = NDArray(scalar: value)
        try self(key, &array)
        value = array.withUnsafeBufferPointer(as: T.self) { $0[0] }
    }

    /// Saves or loads an `Int` as a 0-d int64 array: how Chainer stores counters such as an
    /// optimizer's `t` or a trainer's `iteration`.
    public func callAsFunction(_ key: String, _ value: inout Int) throws {
        var wide = Int64(value)
        try self(key, &wide)
        value = Int(wide)
    }
}

/// An object whose state a `Serializer` can save and load (Chainer's `serialize(serializer)`).
public protocol Serializable {
    /// Passes every value to save or load to `serializer`, and every child to
    /// `serializer[childName]`.
    func serialize(_ serializer: any Serializer) throws
}

/// The key prefix a serializer adds for `path` (`"a/b"` and `"/a/b/"` both give `"a/b/"`).
func serializationPrefix(_ path: String) -> String {
    let trimmed = path.trimmingSlashes()
    return trimmed.isEmpty ? "" : trimmed + "/"
}

extension String {
    func trimmingSlashes() -> String {
        var view = Substring(self)
        while view.first == "/" { view = view.dropFirst() }
        while view.last == "/" { view = view.dropLast() }
        return String(view)
    }

    /// `key` without leading `/`, as Chainer strips it.
    func trimmingLeadingSlashes() -> String { String(drop { $0 == "/" }) }
}
