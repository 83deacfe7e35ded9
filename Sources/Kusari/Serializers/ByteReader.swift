// Bounds-checked little-endian reads over bytes that came from outside.

/// A cursor over untrusted bytes: every read checks the bounds first and throws a
/// `SerializationError` naming `context` instead of trapping, so no input can crash a reader.
struct ByteReader {
    let bytes: [UInt8]
    var position: Int
    /// What is being read, for messages: "local file header", "NPY header".
    var context: String

    init(_ bytes: [UInt8], at position: Int = 0, context: String) {
        self.bytes = bytes
        self.position = position
        self.context = context
    }

    /// Throws unless `count` bytes are available at `position`.
    func require(_ count: Int) throws(SerializationError) {
        guard count >= 0, position >= 0, position <= bytes.count, count <= bytes.count - position else {
            throw SerializationError(
                "truncated \(context): expected \(count) bytes at offset \(position), found \(max(0, bytes.count - max(position, 0)))")
        }
    }

    mutating func skip(_ count: Int) throws(SerializationError) {
        try require(count)
        position += count
    }

    mutating func bytes(_ count: Int) throws(SerializationError) -> ArraySlice<UInt8> {
        try require(count)
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    mutating func u8() throws(SerializationError) -> UInt8 { try littleEndian(1) }
    mutating func u16() throws(SerializationError) -> UInt16 { try littleEndian(2) }
    mutating func u32() throws(SerializationError) -> UInt32 { try littleEndian(4) }
    mutating func u64() throws(SerializationError) -> UInt64 { try littleEndian(8) }

    private mutating func littleEndian<T: FixedWidthInteger & UnsignedInteger>(_ size: Int) throws(SerializationError) -> T {
        try require(size)
        var value: T = 0
        for i in 0..<size { value |= T(bytes[position + i]) << (8 * i) }
        position += size
        return value
    }
}

/// Converts an on-disk unsigned size or offset to `Int`, refusing values no array can hold.
func checkedInt(_ value: UInt64, _ what: String) throws(SerializationError) -> Int {
    guard let result = Int(exactly: value) else {
        throw SerializationError("\(what) \(value) is larger than this platform can address")
    }
    return result
}

extension Array where Element == UInt8 {
    /// Appends `value` in little-endian byte order, as many bytes as its type is wide.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        for i in 0..<(T.bitWidth / 8) { append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }
}
