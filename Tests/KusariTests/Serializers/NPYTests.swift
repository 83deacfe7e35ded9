// NPY format: round trips, the exact header layout, NumPy-written files, and every refusal.
import Foundation
import Testing
@testable import Kusari

@Suite struct NPYTests {
    @Test(arguments: DType.allCases)
    func roundTripsEveryRank(_ dtype: DType) throws {
        for shape in sampleShapes {
            let array = sampleArray(dtype, shape)
            guard case .array(let back) = try NPY.decode(NPY.encode(.array(array))) else {
                Issue.record("decoded a string"); continue
            }
            #expect(identical(back, array), "\(dtype) \(shape)")
        }
    }

    @Test func headerIsNumPysDictPaddedTo64Bytes() throws {
        let bytes = NPY.encode(.array(NDArray(zeros: [2, 3])))
        #expect(Array(bytes[0..<8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(bytes.count == 10 + headerLength + 24)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"))
        #expect(header.hasSuffix(" \n"))

        let scalar = String(decoding: NPY.encode(.array(NDArray(scalar: Int64(1)))), as: UTF8.self)
        #expect(scalar.contains("{'descr': '<i8', 'fortran_order': False, 'shape': (), }"))
        let vector = String(decoding: NPY.encode(.array(NDArray([true, false]))), as: UTF8.self)
        #expect(vector.contains("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }"))
    }

    @Test(arguments: ["f4", "f8", "i4", "i8", "u1", "b1", "scalar_f8", "scalar_i8", "empty_f4", "r4_f4", "v2", "v3"])
    func readsFilesNumPyWrote(_ name: String) throws {
        Fixtures.check(try NPY.read(Fixtures.path(name + ".npy")), Fixtures.expected(name + ".npy"))
    }

    @Test func writesAndReadsFiles() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let array = sampleArray(.float64, [2, 3, 1, 2])
        try NPY.write(scratch.path("a.npy"), array)
        #expect(identical(try NPY.read(scratch.path("a.npy")), array))
        #expect(scratch.contents() == ["a.npy"])
    }

    @Test func headersLongerThan65535BytesUseVersionTwo() throws {
        let array = NDArray(zeros: [Int](repeating: 1, count: 22_000), dtype: .int32)
        let bytes = NPY.encode(.array(array))
        #expect(bytes[6] == 2)
        let headerLength = bytes[8...11].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(headerLength > 65_535 && (12 + headerLength) % 64 == 0)
        guard case .array(let back) = try NPY.decode(bytes) else { Issue.record("expected an array"); return }
        #expect(identical(back, array))
    }

    @Test func versionTwoHeaderHasFourByteLength() throws {
        let bytes = try Fixtures.bytes("v2.npy")
        #expect(bytes[6] == 2)
        let headerLength = bytes[8...11].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect((12 + headerLength) % 64 == 0)
    }

    @Test func stringsAreZeroDUnicode() throws {
        guard case .string(let fromNumPy) = try NPY.decode(try Fixtures.bytes("string.npy")) else {
            Issue.record("expected a string"); return
        }
        #expect(fromNumPy == "héllo")
        for text in ["", "a", "鎖 chain"] {
            let bytes = NPY.encode(.string(text))
            #expect(String(decoding: bytes, as: UTF8.self).contains("'descr': '<U\(max(1, text.unicodeScalars.count))'"))
            guard case .string(let back) = try NPY.decode(bytes) else { Issue.record("expected a string"); continue }
            #expect(back == text)
        }
        let error = serializationError { _ = try NPY.read(Fixtures.path("string.npy")) }
        #expect(error?.description.contains("string.npy: expected a numeric array, found a string") == true)
    }

    @Test func boolBytesOtherThanZeroAndOneReadAsTrue() throws {
        var bytes = NPY.encode(.array(NDArray([false, true, false])))
        bytes[bytes.count - 1] = 7
        guard case .array(let array) = try NPY.decode(bytes) else { Issue.record("expected an array"); return }
        #expect(array.toArray(as: Bool.self) == [false, true, true])
    }

    @Test(arguments: [
        ("corrupt_object.npy", "unsupported pickled object array (dtype '|O')"),
        ("corrupt_fortran.npy", "unsupported Fortran-order array"),
        ("corrupt_bigendian.npy", "unsupported big-endian dtype '>f4', expected little-endian"),
        ("corrupt_complex.npy", "unsupported dtype '<c8', expected one of <f4, <f8, <i4, <i8, |u1, |b1"),
    ])
    func refusesWhatNumPyWroteButKusariDoesNotRead(_ file: String, _ message: String) {
        let error = serializationError { _ = try NPY.read(Fixtures.path(file)) }
        #expect(error?.file == Fixtures.path(file))
        #expect(error?.reason.contains(message) == true, "\(String(describing: error))")
    }

    /// A valid file with its header text replaced by `header` (length and padding kept consistent).
    static func withHeader(_ header: String, data: [UInt8] = [0, 0, 0, 0]) -> [UInt8] {
        let text = Array(header.utf8) + [0x0A]
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + data
    }

    @Test func refusesMalformedInput() {
        let valid = NPY.encode(.array(NDArray([Float(1), 2], shape: [2])))
        let cases: [([UInt8], String)] = [
            ([], "not an NPY file: expected the magic \\x93NUMPY, found no bytes"),
            (Array("PK\u{3}\u{4}garbage".utf8), "not an NPY file"),
            (Array(valid[0..<6]) + [4, 0] + Array(valid[8...]), "unsupported NPY version 4.0"),
            (Array(valid[0..<9]), "truncated NPY header"),
            (Array(valid[0..<40]), "truncated NPY header"),
            (Array(valid.dropLast()), "truncated data: shape (2,) of <f4 needs 8 bytes, found 7"),
            (valid + [0], "trailing data: shape (2,) of <f4 needs 8 bytes, found 9"),
            (Self.withHeader("{'descr': '<f4', 'shape': (1,), }"), "expected the keys descr, fortran_order, shape"),
            (Self.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}"), "expected the keys"),
            (Self.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"), "non-negative integers"),
            (Self.withHeader("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }"), "fortran_order must be True or False"),
            (Self.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': 1, }"), "shape must be a tuple"),
            (Self.withHeader("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"), "unsupported structured dtype"),
            (Self.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), "), "malformed NPY header: expected a string key"),
            (Self.withHeader("{'descr': '<f4' 'fortran_order': False}"), "expected ',' or '}'"),
            (Self.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }"), "an integer that fits in 64 bits"),
            (Self.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"), "more elements than this platform can address"),
            (Self.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000,), }"), "truncated data"),
            (Self.withHeader(String(repeating: "(", count: 100)), "less nesting"),
            (Self.withHeader("[1, 2]"), "expected a dict"),
            (Self.withHeader("{'descr': '<U0', 'fortran_order': False, 'shape': (), }"), "unsupported dtype '<U0'"),
            (Self.withHeader("{'descr': '<U1', 'fortran_order': False, 'shape': (2,), }"), "expected a 0-d string"),
            (Self.withHeader("{'descr': '<U1', 'fortran_order': False, 'shape': (), }", data: [0, 0xD8, 0, 0]), "invalid character U+D800"),
        ]
        for (bytes, message) in cases {
            let error = serializationError { _ = try NPY.decode(bytes) }
            #expect(error?.reason.contains(message) == true, "expected \"\(message)\", got \(String(describing: error))")
        }
    }

    @Test func pythonLiteralParsesNumPyHeaders() throws {
        let parsed = try PythonLiteral.parse("{'descr': '|u1', \"fortran_order\": True, 'shape': (3L, 0), }  ")
        #expect(parsed == .dict([("descr", .string("|u1")), ("fortran_order", .bool(true)),
                                 ("shape", .tuple([.int(3), .int(0)]))]))
        #expect(try PythonLiteral.parse("()") == .tuple([]))
        #expect(try PythonLiteral.parse("(5,)") == .tuple([.int(5)]))
    }
}
