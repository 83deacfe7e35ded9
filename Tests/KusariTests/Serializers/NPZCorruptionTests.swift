// Hostile input: every corruption of an NPZ file is a thrown SerializationError, never a crash.
import Foundation
import Testing
@testable import Kusari
import KusariTesting

@Suite struct NPZCorruptionTests {
    static func validFile(compression: Bool) throws -> [UInt8] {
        let arrays: [String: NPYValue] = [
            "W": .array(sampleArray(.float32, [3, 4])), "b": .array(sampleArray(.int64, [3])),
            "t": .array(NDArray(scalar: Int64(7))), "name": .string("x"),
        ]
        return try NPZ.encode(arrays, compression: compression)
    }

    @Test func everyTruncationThrows() throws {
        for compression in [false, true] {
            let valid = try Self.validFile(compression: compression)
            for length in 0..<valid.count {
                #expect(throws: SerializationError.self, "length \(length)") { _ = try NPZ.decode(Array(valid[0..<length])) }
            }
        }
    }

    @Test func randomGarbageThrows() {
        var random = SplitMix64(seed: 1)
        for length in [0, 1, 21, 22, 64, 1000, 70_000] {
            let garbage = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            #expect(throws: SerializationError.self) { _ = try NPZ.decode(garbage) }
        }
        // Garbage that ends in a well-formed end record, so the central directory parser sees it too.
        var tail = (0..<300).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        tail += [0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 3, 0, 3, 0, 150, 0, 0, 0, 10, 0, 0, 0, 0, 0]
        #expect(throws: SerializationError.self) { _ = try NPZ.decode(tail) }
    }

    /// Flips, zeroes and randomizes bytes at every position of valid files: each read must
    /// either succeed or throw. Most positions must be caught (CRC, signatures, bounds).
    @Test(arguments: [false, true])
    func mutatedFilesReadOrThrow(compression: Bool) throws {
        let valid = try Self.validFile(compression: compression)
        var random = SplitMix64(seed: compression ? 2 : 3)
        var thrown = 0, read = 0
        for position in valid.indices {
            for mutation in 0..<3 {
                var bytes = valid
                switch mutation {
                case 0: bytes[position] ^= 0xFF
                case 1: bytes[position] = 0
                default: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                }
                do { _ = try NPZ.decode(bytes); read += 1 } catch { thrown += 1 }
            }
        }
        #expect(thrown + read == valid.count * 3)
        // Only bytes nobody checks (timestamps, version fields, header padding) may change silently.
        #expect(thrown > valid.count * 2, "thrown \(thrown), read \(read)")
    }
}
