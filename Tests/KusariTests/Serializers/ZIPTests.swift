// ZIP container: stored and deflated members, ZIP64 records, CRC-32, and corrupt archives.
import Foundation
import Testing
@testable import Kusari

@Suite struct ZIPTests {
    static let members: [(String, [UInt8])] = [
        ("a.npy", Array(0..<200).map { UInt8($0 % 7) }),
        ("empty.npy", []),
        ("dir/鎖.npy", Array("chain".utf8)),
    ]

    static func archive(compress: Bool, forceZIP64: Bool = false) throws -> [UInt8] {
        var writer = ZIPWriter(forceZIP64: forceZIP64)
        for (name, data) in members { try writer.add(name, data, compress: compress) }
        return writer.finish()
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func roundTrips(compress: Bool, forceZIP64: Bool) throws {
        let read = try ZIPReader.read(try Self.archive(compress: compress, forceZIP64: forceZIP64))
        #expect(read.map(\.name) == Self.members.map(\.0))
        #expect(read.map(\.data) == Self.members.map(\.1))
    }

    @Test func zip64WritesTheExtraFieldAndEndRecords() throws {
        let bytes = try Self.archive(compress: false, forceZIP64: true)
        func occurrences(_ signature: UInt32) -> Int {
            var pattern: [UInt8] = []
            pattern.appendLittleEndian(signature)
            return (0...(bytes.count - 4)).filter { Array(bytes[$0..<($0 + 4)]) == pattern }.count
        }
        #expect(occurrences(ZIPSignature.zip64End) == 1)
        #expect(occurrences(ZIPSignature.zip64Locator) == 1)
        // The 32-bit end record points at the ZIP64 one: all its counts are 0xFFFF....
        #expect(Array(bytes.suffix(14).prefix(12)) == [0xFF, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0xFF, count: 8))
        let plain = try Self.archive(compress: false)
        #expect(bytes.count == plain.count + 3 * (20 + 28) + 56 + 20)
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(Deflate.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Deflate.crc32([]) == 0)
    }

    @Test func deflateShrinksRepetitiveDataAndInflatesBack() throws {
        let data = [UInt8](repeating: 42, count: 100_000) + Array(0..<255)
        let packed = try Deflate.compress(data)
        #expect(packed.count < 1000)
        #expect(try Deflate.decompress(packed[...], size: data.count) == data)
        let error = serializationError { _ = try Deflate.decompress(packed[...], size: data.count - 1) }
        #expect(error?.reason.contains("corrupt deflate data") == true)
    }

    /// Offsets of fields inside the first central directory record of `archive`.
    static func centralRecord(_ archive: [UInt8]) -> Int {
        let end = archive.count - 22
        return Int(archive[end + 16]) | Int(archive[end + 17]) << 8 | Int(archive[end + 18]) << 16 | Int(archive[end + 19]) << 24
    }

    @Test func refusesCorruptArchives() throws {
        let stored = try Self.archive(compress: false)
        let central = Self.centralRecord(stored)
        func patched(_ offset: Int, _ bytes: [UInt8]) -> [UInt8] {
            var copy = stored
            copy.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
            return copy
        }
        let firstDataByte = 30 + "a.npy".utf8.count
        let cases: [([UInt8], String)] = [
            ([], "not a ZIP archive: 0 bytes is shorter than the 22-byte end of central directory record"),
            (Array(repeating: 0x41, count: 100), "not a ZIP archive: no end of central directory record"),
            (Array(stored.dropLast()), "no end of central directory record"),
            (Array(stored.suffix(22)), "truncated archive: central directory"),
            (patched(0, [0x50, 0x4B, 0x09, 0x09]), "bad local file header signature at offset 0: expected 50 4b 03 04, found 50 4b 09 09"),
            (patched(central, [0, 0, 0, 0]), "bad central directory signature"),
            (patched(firstDataByte, [0xFF]), "CRC mismatch, expected 0x"),
            (patched(central + 8, [1, 0]), "unsupported encrypted member"),
            (patched(central + 10, [12, 0]), "unsupported compression method 12, expected 0 (stored) or 8 (deflate)"),
            (patched(central + 20, [0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0, 0]), "truncated member: expected 65535 bytes"),
            (patched(central + 20, [1, 0, 0, 0]), "corrupt stored member: compressed size 1 differs from size 200"),
            (patched(central + 42, [0xFF, 0xFF, 0, 0]), "truncated local file header"),
            (patched(stored.count - 22 + 10, [0xFF, 0xFF]), "65535 entries cannot fit"),
            (patched(stored.count - 22 + 4, [1, 0]), "unsupported multi-disk ZIP archive"),
        ]
        for (bytes, message) in cases {
            let error = serializationError { _ = try ZIPReader.read(bytes) }
            #expect(error?.reason.contains(message) == true, "expected \"\(message)\", got \(String(describing: error))")
        }
        let crc = serializationError { _ = try ZIPReader.read(patched(firstDataByte, [0xFF])) }
        #expect(crc?.key == "a.npy")
    }

    @Test func refusesDeflatedMembersThatLieAboutTheirSize() throws {
        let packed = try Self.archive(compress: true)
        let central = Self.centralRecord(packed)
        var huge = packed
        huge.replaceSubrange((central + 24)..<(central + 28), with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(serializationError { _ = try ZIPReader.read(huge) }?.reason.contains("cannot decode to the declared 2147483647 bytes") == true)
        var short = packed
        short.replaceSubrange((central + 24)..<(central + 28), with: [199, 0, 0, 0])
        #expect(serializationError { _ = try ZIPReader.read(short) }?.reason.contains("corrupt deflate data") == true)
    }
}
