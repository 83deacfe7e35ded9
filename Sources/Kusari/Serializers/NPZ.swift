// NumPy's .npz format: a ZIP archive holding one .npy member per named array.

/// Reads and writes `.npz` files as NumPy's `np.savez` / `np.savez_compressed` / `np.load` do.
///
/// Each array is a ZIP member named `key + ".npy"`; keys may contain `/` (Chainer writes
/// `predictor/conv1/W`). Members are written in sorted key order with fixed timestamps, so the
/// same arrays always give the same bytes.
public enum NPZ {
    /// The arrays in the `.npz` file at `path`, keyed by member name without `.npy`.
    /// A 0-d string member (dtype `<U{n}`) is refused here; `readValues` returns it.
    public static func read(_ path: String) throws(SerializationError) -> [String: NDArray] {
        var arrays: [String: NDArray] = [:]
        for (key, value) in try readValues(path) {
            guard case .array(let array) = value else {
                throw SerializationError("expected a numeric array, found a string (use NPZ.readValues)", file: path, key: key)
            }
            arrays[key] = array
        }
        return arrays
    }

    /// The values in the `.npz` file at `path`, strings included, keyed by member name
    /// without `.npy`.
    public static func readValues(_ path: String) throws(SerializationError) -> [String: NPYValue] {
        do { return try decode(try readFile(path)) } catch { throw error.inFile(path) }
    }

    /// Writes `arrays` to `path` (`np.savez_compressed` when `compression`, else `np.savez`).
    /// The archive is written to a temporary file in the same directory, then renamed into place.
    public static func write(_ path: String, _ arrays: [String: NDArray], compression: Bool = true) throws(SerializationError) {
        try writeValues(path, arrays.mapValues { .array($0) }, compression: compression)
    }

    /// Writes `values`, strings included, as `write` does.
    public static func writeValues(_ path: String, _ values: [String: NPYValue], compression: Bool = true) throws(SerializationError) {
        do { try writeFileAtomically(path, try encode(values, compression: compression)) } catch { throw error.inFile(path) }
    }

    /// Parses `.npz` bytes.
    static func decode(_ bytes: [UInt8]) throws(SerializationError) -> [String: NPYValue] {
        var values: [String: NPYValue] = [:]
        for member in try ZIPReader.read(bytes) {
            guard member.name.hasSuffix(".npy") else {
                throw SerializationError("expected a .npy member, found '\(member.name)'")
            }
            let key = String(member.name.dropLast(4))
            guard values[key] == nil else { throw SerializationError("duplicate member", key: member.name) }
            do { values[key] = try NPY.decode(member.data) } catch { throw error.atKey(member.name) }
        }
        return values
    }

    /// The `.npz` bytes of `values`; `forceZIP64` writes ZIP64 records even for small data.
    static func encode(_ values: [String: NPYValue], compression: Bool, forceZIP64: Bool = false) throws(SerializationError) -> [UInt8] {
        var writer = ZIPWriter(forceZIP64: forceZIP64)
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            try writer.add(key + ".npy", NPY.encode(value), compress: compression)
        }
        return writer.finish()
    }
}
