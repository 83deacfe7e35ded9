// Shared helpers for the serializer tests: fixture paths, the expectations the NumPy script
// wrote, scratch directories and deterministic test arrays.
import Foundation
import Testing
@testable import Kusari

enum Fixtures {
    /// Tests/KusariTests/Fixtures/npz, found from this file's path (Package.swift declares no resources).
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/npz")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// One array as make_fixtures.py described it: values are Python reprs, exact for every dtype.
    struct Expected: Decodable {
        var dtype: String
        var shape: [Int]
        var values: [String]
    }

    private enum Entry: Decodable {
        case single(Expected), members([String: Expected])
        init(from decoder: any Decoder) throws {
            if let single = try? Expected(from: decoder) { self = .single(single) } else {
                self = .members(try [String: Expected](from: decoder))
            }
        }
    }

    private static let entries: [String: Entry] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("expected.json")),
              let decoded = try? JSONDecoder().decode([String: Entry].self, from: data) else { return [:] }
        return decoded
    }()

    static func expected(_ file: String) -> Expected? {
        if case .single(let e)? = entries[file] { return e }
        return nil
    }

    static func expectedMembers(_ file: String) -> [String: Expected] {
        if case .members(let m)? = entries[file] { return m }
        return [:]
    }

    /// Records an issue unless `array` has exactly the dtype, shape and values of `expected`.
    static func check(_ array: NDArray, _ expected: Expected?, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let expected else { Issue.record("no expectation recorded", sourceLocation: sourceLocation); return }
        #expect(array.dtype.rawValue == expected.dtype, sourceLocation: sourceLocation)
        #expect(array.shape == expected.shape, sourceLocation: sourceLocation)
        guard array.dtype.rawValue == expected.dtype, array.count == expected.values.count else {
            Issue.record("expected \(expected.values.count) values, found \(array.count)", sourceLocation: sourceLocation)
            return
        }
        let matches: Bool
        switch array.dtype {
        case .float32: matches = array.toArray(as: Float.self) == expected.values.map { Float($0) ?? .nan }
        case .float64: matches = array.toArray(as: Double.self) == expected.values.map { Double($0) ?? .nan }
        case .int32: matches = array.toArray(as: Int32.self).map(Int64.init) == expected.values.map { Int64($0) ?? 0 }
        case .int64: matches = array.toArray(as: Int64.self) == expected.values.map { Int64($0) ?? 0 }
        case .uint8: matches = array.toArray(as: UInt8.self).map(Int64.init) == expected.values.map { Int64($0) ?? -1 }
        case .bool: matches = array.toArray(as: Bool.self) == expected.values.map { $0 == "1" }
        }
        #expect(matches, "values differ: \((0..<array.count).map { array.element(atFlat: $0) }) vs \(expected.values)", sourceLocation: sourceLocation)
    }

    /// A python3 that can import numpy, for the NumPy-reads-our-file test; nil when there is none.
    static let python: String? = {
        let candidates = [ProcessInfo.processInfo.environment["KUSARI_PYTHON"], "/opt/peers/bin/python", "/usr/bin/python3"]
        for case let candidate? in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(candidate, ["-c", "import numpy"]))?.status == 0 { return candidate }
        }
        return nil
    }()

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kusari-npz-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func contents() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Deterministic arrays for round trips: element i is a value with a fraction, a sign and,
/// for wide types, bits beyond 32, so a byte-order or width mistake changes it.
func sampleArray(_ dtype: DType, _ shape: [Int]) -> NDArray {
    let count = shape.reduce(1, *)
    switch dtype {
    case .float32: return NDArray((0..<count).map { Float($0) * -0.375 + 1 / 3 }, shape: shape)
    case .float64: return NDArray((0..<count).map { Double($0) * 1e-3 - 1 / 7 }, shape: shape)
    case .int32: return NDArray((0..<count).map { Int32($0) * -65_537 + 3 }, shape: shape)
    case .int64: return NDArray((0..<count).map { Int64($0) * -4_294_967_311 + 5 }, shape: shape)
    case .uint8: return NDArray((0..<count).map { UInt8(truncatingIfNeeded: $0 * 37 + 200) }, shape: shape)
    case .bool: return NDArray((0..<count).map { $0 % 3 == 1 }, shape: shape)
    }
}

/// Every shape the round trips cover: 0-d to 4-d, including size-0 arrays.
let sampleShapes: [[Int]] = [[], [0], [5], [2, 3], [3, 0], [2, 1, 3], [2, 3, 1, 2]]

/// True when both arrays have the same dtype, shape and element bytes.
func identical(_ a: NDArray, _ b: NDArray) -> Bool {
    a.dtype == b.dtype && a.shape == b.shape && a.withUnsafeBytes { x in b.withUnsafeBytes { y in Array(x) == Array(y) } }
}

/// The error `body` throws, for message checks; records an issue when it does not throw one.
func serializationError(
    _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
) -> SerializationError? {
    #expect(throws: SerializationError.self, sourceLocation: sourceLocation) { try body() }
}
