// NumPy's .npy format: a magic string, a version, a Python-dict header, then the raw elements.
import Foundation

/// One value stored in an NPY file: an array of a Kusari `DType`, or a 0-d unicode string
/// (how NumPy and Chainer store a Python `str`, dtype `<U{n}`).
public enum NPYValue: Sendable {
    case array(NDArray)
    case string(String)
}

/// Reads and writes NumPy's `.npy` format, versions 1.0, 2.0 and 3.0.
///
/// Layout: the magic `\x93NUMPY`, the major and minor version bytes, the header length
/// (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), then the header: a Python dict
/// literal `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` padded with spaces
/// and a final newline so the data starts at a multiple of 64 bytes, then the elements.
/// Supported dtypes: little-endian `<f4 <f8 <i4 <i8 |u1 |b1` (Kusari's `float32 float64 int32
/// int64 uint8 bool`) in C order, any rank including 0-d, and 0-d `<U{n}` strings. Pickled
/// object arrays, Fortran order, big-endian and other dtypes are refused with a
/// `SerializationError`; so is anything truncated or malformed.
public enum NPY {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    static let alignment = 64

    /// Reads the array in the `.npy` file at `path` (a string value is refused: use `decode`).
    public static func read(_ path: String) throws(SerializationError) -> NDArray {
        let value: NPYValue
        do { value = try decode(try readFile(path)) } catch { throw error.inFile(path) }
        guard case .array(let array) = value else {
            throw SerializationError("expected a numeric array, found a string", file: path)
        }
        return array
    }

    /// Writes `array` to `path` as a `.npy` file (written to a temporary name, then renamed).
    public static func write(_ path: String, _ array: NDArray) throws(SerializationError) {
        try writeFileAtomically(path, encode(.array(array)))
    }

    /// The `.npy` bytes of `value`: version 1.0 unless the header needs more than 65535 bytes.
    public static func encode(_ value: NPYValue) -> [UInt8] {
        let (descr, shape, payload): (String, [Int], [UInt8])
        switch value {
        case .array(let array):
            descr = NPY.descr(array.dtype)
            shape = array.shape
            payload = array.withUnsafeBytes { Array($0) }
        case .string(let string):
            let scalars = Array(string.unicodeScalars)
            descr = "<U\(max(1, scalars.count))"
            shape = []
            var bytes: [UInt8] = []
            for scalar in scalars { bytes.appendLittleEndian(scalar.value) }
            if scalars.isEmpty { bytes = [0, 0, 0, 0] }
            payload = bytes
        }
        let dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(NDArray.format(shape)), }"
        let text = Array(dict.utf8)
        func padding(prefix: Int) -> Int { (alignment - (prefix + text.count + 1) % alignment) % alignment }
        let version: UInt8 = text.count + padding(prefix: 10) + 1 <= Int(UInt16.max) ? 1 : 2
        let prefix = magic.count + 2 + (version == 1 ? 2 : 4)
        let headerLength = text.count + padding(prefix: prefix) + 1
        var out = magic + [version, 0]
        out.reserveCapacity(prefix + headerLength + payload.count)
        if version == 1 { out.appendLittleEndian(UInt16(headerLength)) } else { out.appendLittleEndian(UInt32(headerLength)) }
        out += text
        out += [UInt8](repeating: 0x20, count: headerLength - text.count - 1)
        out.append(0x0A)
        out += payload
        return out
    }

    /// Parses `.npy` bytes. Every length and offset is checked before it is used.
    public static func decode(_ bytes: [UInt8]) throws(SerializationError) -> NPYValue {
        var reader = ByteReader(bytes, context: "NPY header")
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw SerializationError("not an NPY file: expected the magic \\x93NUMPY, found \(hex(bytes.prefix(6)))")
        }
        try reader.skip(magic.count)
        let major = try reader.u8(), minor = try reader.u8()
        guard (1...3).contains(major), minor == 0 else {
            throw SerializationError("unsupported NPY version \(major).\(minor), expected 1.0, 2.0 or 3.0")
        }
        let length = major == 1 ? Int(try reader.u16()) : try checkedInt(UInt64(try reader.u32()), "NPY header length")
        let headerBytes = try reader.bytes(length)
        // 1.0 and 2.0 headers are latin-1; 3.0 allows UTF-8.
        let text = major == 3
            ? String(decoding: headerBytes, as: UTF8.self)
            : String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
        let header = try Header(parsing: text)
        let data = bytes[reader.position...]

        let dtype: DType
        switch header.kind {
        case .array(let arrayType): dtype = arrayType
        case .string(let width):
            guard header.shape.isEmpty else {
                throw SerializationError("unsupported string array of shape \(NDArray.format(header.shape)), expected a 0-d string")
            }
            return .string(try decodeString(data, width: width, descr: header.descr))
        }
        let (count, countOverflow) = header.shape.reduce((1, false)) { acc, d in
            let (p, o) = acc.0.multipliedReportingOverflow(by: d)
            return (p, acc.1 || o)
        }
        let (needed, byteOverflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
        guard !countOverflow, !byteOverflow else {
            throw SerializationError("shape \(NDArray.format(header.shape)) has more elements than this platform can address")
        }
        guard data.count == needed else {
            let what = data.count < needed ? "truncated data" : "trailing data"
            throw SerializationError("\(what): shape \(NDArray.format(header.shape)) of \(header.descr) needs \(needed) bytes, found \(data.count)")
        }
        var raw = Array(data)
        // Any byte but 0 reads as True in NumPy; a Swift Bool must be exactly 0 or 1.
        if dtype == .bool { for i in raw.indices where raw[i] > 1 { raw[i] = 1 } }
        return .array(raw.withUnsafeBytes { NDArray(shape: header.shape, dtype: dtype, bytes: $0) })
    }

    /// NumPy's `descr` for a Kusari dtype (`float32` → `<f4`).
    static func descr(_ dtype: DType) -> String {
        switch dtype {
        case .float32: "<f4"
        case .float64: "<f8"
        case .int32: "<i4"
        case .int64: "<i8"
        case .uint8: "|u1"
        case .bool: "|b1"
        }
    }

    private static func decodeString(_ data: ArraySlice<UInt8>, width: Int, descr: String) throws(SerializationError) -> String {
        let (needed, overflow) = width.multipliedReportingOverflow(by: 4)
        guard !overflow, data.count == needed else {
            throw SerializationError("truncated data: a 0-d \(descr) string needs \(needed) bytes, found \(data.count)")
        }
        var reader = ByteReader(Array(data), context: "NPY string")
        var scalars = String.UnicodeScalarView()
        for _ in 0..<width {
            let code = try reader.u32()
            if code == 0 { break }  // NumPy pads short strings with NUL and strips them on read.
            guard let scalar = Unicode.Scalar(code) else {
                throw SerializationError("invalid character U+\(String(code, radix: 16, uppercase: true)) in \(descr) string")
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}

/// The three entries of an NPY header, validated.
private struct Header {
    enum Kind { case array(DType), string(width: Int) }
    var descr: String
    var kind: Kind
    var shape: [Int]

    init(parsing text: String) throws(SerializationError) {
        guard case .dict(let items) = try PythonLiteral.parse(text) else {
            throw SerializationError("malformed NPY header: expected a dict, found \(text.debugDescription)")
        }
        let keys = items.map(\.0)
        guard keys.sorted() == ["descr", "fortran_order", "shape"] else {
            throw SerializationError("malformed NPY header: expected the keys descr, fortran_order, shape, found \(keys.joined(separator: ", "))")
        }
        let entries = Dictionary(items, uniquingKeysWith: { first, _ in first })
        switch entries["descr"] {
        case .string(let descr)?: self.descr = descr
        case .list?: throw SerializationError("unsupported structured dtype, expected one of \(Header.supported)")
        default: throw SerializationError("malformed NPY header: descr must be a string")
        }
        guard case .bool(let fortran)? = entries["fortran_order"] else {
            throw SerializationError("malformed NPY header: fortran_order must be True or False")
        }
        guard !fortran else {
            throw SerializationError("unsupported Fortran-order array, expected C order (fortran_order False)")
        }
        guard case .tuple(let dims)? = entries["shape"] else {
            throw SerializationError("malformed NPY header: shape must be a tuple of integers")
        }
        shape = []
        for dim in dims {
            guard case .int(let n) = dim, n >= 0 else {
                throw SerializationError("malformed NPY header: shape must hold non-negative integers")
            }
            shape.append(n)
        }
        kind = try Header.kind(of: descr)
    }

    static let supported = "<f4, <f8, <i4, <i8, |u1, |b1"

    static func kind(of descr: String) throws(SerializationError) -> Kind {
        let order = descr.first
        let code = descr.dropFirst()
        switch (order, code) {
        case ("<", "f4"): return .array(.float32)
        case ("<", "f8"): return .array(.float64)
        case ("<", "i4"): return .array(.int32)
        case ("<", "i8"): return .array(.int64)
        case ("|", "u1"), ("<", "u1"), (">", "u1"): return .array(.uint8)
        case ("|", "b1"), ("<", "b1"), (">", "b1"): return .array(.bool)
        default: break
        }
        if code.first == "O" || descr == "O" {
            throw SerializationError("unsupported pickled object array (dtype '\(descr)'): Kusari never unpickles, expected one of \(supported)")
        }
        if order == "<", code.first == "U", let width = Int(code.dropFirst()), width > 0 {
            return .string(width: width)
        }
        if order == ">" {
            throw SerializationError("unsupported big-endian dtype '\(descr)', expected little-endian, one of \(supported)")
        }
        throw SerializationError("unsupported dtype '\(descr)', expected one of \(supported)")
    }
}

/// `93 4e 55` for a byte prefix, to show what stood where a signature was expected.
func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    bytes.isEmpty ? "no bytes" : bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
}
