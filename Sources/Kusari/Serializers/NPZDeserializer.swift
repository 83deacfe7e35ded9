// The loading side of the visitor: reads every value from one dictionary.

/// Loads the values an object asks for from a dictionary of stored arrays
/// (Chainer's `NpzDeserializer`).
///
/// - `path`: the sub-tree to load from, Chainer's `path=` (`"updater/model:main"` loads a
///   model out of a trainer snapshot); leading and trailing `/` are optional.
/// - `strict` (default true, as Chainer): a key the object asks for but the dictionary lacks
///   throws; when false the value is left as it was.
/// - A stored array must have exactly the shape of the value it is loaded into (stricter than
///   NumPy's `copyto`, which would broadcast). Its dtype is converted to the value's dtype
///   under NumPy's `same_kind` rule, which `copyto` uses: bool → uint8 → int32/int64 →
///   float32/float64 only widen in kind (int64 → int32 and float64 → float32 are allowed;
///   an int64 outside int32's range throws instead of wrapping); float → int and the like throw.
/// - `unusedKeys` lists the stored keys under `path` that nothing loaded, so a caller can
///   report a file holding more than the model expected.
public final class NPZDeserializer: Serializer {
    private final class Store {
        let values: [String: NPYValue]
        let file: String?
        let root: String
        let strict: Bool
        var used: Set<String> = []

        init(values: [String: NPYValue], file: String?, root: String, strict: Bool) {
            self.values = values
            self.file = file
            self.root = root
            self.strict = strict
        }
    }

    private let store: Store
    private let prefix: String

    /// A deserializer over `values`; `file` only names the source in error messages.
    public init(_ values: [String: NPYValue], path: String = "", strict: Bool = true, file: String? = nil) {
        let root = serializationPrefix(path)
        store = Store(values: values, file: file, root: root, strict: strict)
        prefix = root
    }

    /// A deserializer over numeric arrays, as `NPZ.read` returns them.
    public convenience init(arrays: [String: NDArray], path: String = "", strict: Bool = true, file: String? = nil) {
        self.init(arrays.mapValues { .array($0) }, path: path, strict: strict, file: file)
    }

    private init(store: Store, prefix: String) {
        self.store = store
        self.prefix = prefix
    }

    /// The stored keys under `path` that no call has loaded yet, sorted.
    public var unusedKeys: [String] {
        store.values.keys.filter { $0.hasPrefix(store.root) && !store.used.contains($0) }.sorted()
    }

    public subscript(_ child: String) -> any Serializer {
        NPZDeserializer(store: store, prefix: prefix + serializationPrefix(child))
    }

    public func callAsFunction(_ key: String, _ value: inout NDArray) throws {
        let fullKey = prefix + key.trimmingLeadingSlashes()
        guard let stored = try lookUp(fullKey, expected: "an array of shape \(NDArray.format(value.shape))") else { return }
        guard case .array(let array) = stored else {
            throw error("expected an array of shape \(NDArray.format(value.shape)), found a string", fullKey)
        }
        guard array.shape == value.shape else {
            throw error("shape mismatch, expected \(NDArray.format(value.shape)), found \(NDArray.format(array.shape))", fullKey)
        }
        do { value = try NPZDeserializer.convert(array, to: value.dtype) } catch { throw self.error(error.reason, fullKey) }
    }

    public var isLoading: Bool { true }

    public func storedShape(_ key: String) -> [Int]? {
        guard case .array(let array)? = store.values[prefix + key.trimmingLeadingSlashes()] else { return nil }
        return array.shape
    }

    public func callAsFunction(_ key: String, _ value: inout String) throws {
        let fullKey = prefix + key.trimmingLeadingSlashes()
        guard let stored = try lookUp(fullKey, expected: "a string") else { return }
        guard case .string(let string) = stored else {
            throw error("expected a string, found an array", fullKey)
        }
        value = string
    }

    /// The stored value at `fullKey`, marked used; nil when absent and not strict.
    private func lookUp(_ fullKey: String, expected: String) throws(SerializationError) -> NPYValue? {
        guard let stored = store.values[fullKey] else {
            if store.strict { throw error("missing, expected \(expected), found no such key", fullKey) }
            return nil
        }
        store.used.insert(fullKey)
        return stored
    }

    private func error(_ reason: String, _ key: String) -> SerializationError {
        SerializationError(reason, file: store.file, key: key)
    }

    /// `array` as `dtype` under NumPy's `same_kind` casting rule.
    static func convert(_ array: NDArray, to dtype: DType) throws(SerializationError) -> NDArray {
        if array.dtype == dtype { return array }
        func kind(_ t: DType) -> Int {
            switch t {
            case .bool: 0
            case .uint8: 1
            case .int32, .int64: 2
            case .float32, .float64: 3
            }
        }
        guard kind(array.dtype) <= kind(dtype) else {
            throw SerializationError("dtype mismatch, expected \(dtype), found \(array.dtype), which does not convert under NumPy's same_kind rule")
        }
        if array.dtype == .int64, dtype == .int32 {
            let fits = array.withUnsafeBufferPointer(as: Int64.self) { values in
                values.allSatisfy { Int64(Int32.min)...Int64(Int32.max) ~= $0 }
            }
            guard fits else { throw SerializationError("dtype mismatch, int64 values outside the int32 range cannot load into an int32 array") }
        }
        return array.astype(dtype)
    }
}
