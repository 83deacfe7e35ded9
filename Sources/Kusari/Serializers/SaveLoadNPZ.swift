// Chainer's `serializers.save_npz` and `serializers.load_npz`.

/// Saves every value `object` serializes to the `.npz` file at `path` (Chainer's
/// `serializers.save_npz`, default `compression=True`). The file is written to a temporary
/// name in the same directory and renamed into place, so a failure leaves any old file intact.
public func saveNPZ(_ path: String, _ object: any Serializable, compression: Bool = true) throws {
    let serializer = NPZSerializer()
    try object.serialize(serializer)
    try NPZ.writeValues(path, serializer.values, compression: compression)
}

/// Loads `object`'s values from the `.npz` file at `path` (Chainer's `serializers.load_npz`):
/// `subtree` is Chainer's `path=` (a key prefix such as `"updater/model:main"`), `strict`
/// (default true) makes a missing key throw. Returns the stored keys under `subtree` that
/// nothing loaded, so a caller can report a file that holds more than the object.
@discardableResult
public func loadNPZ(_ path: String, into object: any Serializable, path subtree: String = "", strict: Bool = true) throws -> [String] {
    let deserializer = NPZDeserializer(try NPZ.readValues(path), path: subtree, strict: strict, file: path)
    try object.serialize(deserializer)
    return deserializer.unusedKeys
}
