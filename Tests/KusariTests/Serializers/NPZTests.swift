// NPZ files: round trips, NumPy's files, NumPy reading ours, atomic writes, and corrupt input.
import Foundation
import Testing
@testable import Kusari

@Suite struct NPZTests {
    static func sampleArrays() -> [String: NDArray] {
        var arrays: [String: NDArray] = [:]
        for dtype in DType.allCases {
            for shape in sampleShapes {
                arrays["\(dtype)/r\(shape.count)_" + shape.map(String.init).joined(separator: "x")] = sampleArray(dtype, shape)
            }
        }
        return arrays
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func roundTripsEveryDTypeAndRank(compression: Bool, forceZIP64: Bool) throws {
        let arrays = Self.sampleArrays()
        let back = try NPZ.decode(try NPZ.encode(arrays.mapValues { .array($0) }, compression: compression, forceZIP64: forceZIP64))
        #expect(back.keys.sorted() == arrays.keys.sorted())
        for (key, array) in arrays {
            guard case .array(let read)? = back[key] else { Issue.record("\(key) missing"); continue }
            #expect(identical(read, array), "\(key)")
        }
    }

    @Test(arguments: [false, true])
    func writesAndReadsFiles(compression: Bool) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let arrays = Self.sampleArrays()
        try NPZ.write(scratch.path("m.npz"), arrays, compression: compression)
        let back = try NPZ.read(scratch.path("m.npz"))
        #expect(back.keys.sorted() == arrays.keys.sorted())
        #expect(arrays.allSatisfy { key, array in back[key].map { identical($0, array) } ?? false })
        #expect(scratch.contents() == ["m.npz"], "no temporary file is left behind")
    }

    @Test func outputIsDeterministicWithMembersInSortedOrder() throws {
        let arrays = ["b": NDArray([Float(1)]), "a/z": NDArray([Int32(2)]), "a": NDArray(scalar: true)]
        let first = try NPZ.encode(arrays.mapValues { .array($0) }, compression: true)
        let second = try NPZ.encode(arrays.mapValues { .array($0) }, compression: true)
        #expect(first == second)
        #expect(try ZIPReader.read(first).map(\.name) == ["a.npy", "a/z.npy", "b.npy"])
    }

    @Test(arguments: ["savez.npz", "savez_compressed.npz"])
    func readsFilesNumPyWrote(_ file: String) throws {
        let arrays = try NPZ.read(Fixtures.path(file))
        let expected = Fixtures.expectedMembers(file)
        #expect(arrays.keys.sorted() == ["a", "b", "c", "empty", "layer/W"])
        #expect(arrays.keys.sorted() == expected.keys.sorted())
        for (key, array) in arrays { Fixtures.check(array, expected[key]) }
    }

    @Test func stringsTravelThroughReadValues() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try NPZ.writeValues(scratch.path("s.npz"), ["name": .string("Adam"), "x": .array(NDArray([Float(1)]))])
        guard case .string(let name)? = try NPZ.readValues(scratch.path("s.npz"))["name"] else {
            Issue.record("expected a string"); return
        }
        #expect(name == "Adam")
        let error = serializationError { _ = try NPZ.read(scratch.path("s.npz")) }
        #expect(error?.description == "\(scratch.path("s.npz")): 'name': expected a numeric array, found a string (use NPZ.readValues)")
    }

    @Test func aFailedWriteLeavesTheOldFileAndNoTemporary() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("m.npz")
        try NPZ.write(path, ["a": NDArray([Float(1)])])
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // A directory where the archive should go makes the rename fail after the temporary was written.
        let blocked = scratch.path("blocked.npz")
        try FileManager.default.createDirectory(atPath: blocked + "/inside", withIntermediateDirectories: true)
        let error = serializationError { try NPZ.write(blocked, ["a": NDArray([Float(2)])]) }
        #expect(error?.file == blocked)
        #expect(error?.reason.contains("cannot rename the temporary file into place") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(scratch.contents() == ["blocked.npz", "m.npz"])

        let missing = serializationError { try NPZ.write(scratch.path("no/such/dir.npz"), [:]) }
        #expect(missing?.reason.contains("cannot write file") == true)
        let unreadable = serializationError { _ = try NPZ.read(scratch.path("absent.npz")) }
        #expect(unreadable?.description.hasPrefix("\(scratch.path("absent.npz")): cannot read file") == true)
    }

    @Test func errorsNameTheFileAndTheMember() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var writer = ZIPWriter()
        try writer.add("w.npy", try Fixtures.bytes("corrupt_bigendian.npy"), compress: true)
        let path = scratch.path("bad.npz")
        try Data(writer.finish()).write(to: URL(fileURLWithPath: path))
        let error = serializationError { _ = try NPZ.read(path) }
        #expect(error?.description == "\(path): 'w.npy': unsupported big-endian dtype '>f4', expected little-endian, one of <f4, <f8, <i4, <i8, |u1, |b1")

        var notNPY = ZIPWriter()
        try notNPY.add("readme.txt", Array("hi".utf8), compress: false)
        #expect(serializationError { _ = try NPZ.decode(notNPY.finish()) }?.reason == "expected a .npy member, found 'readme.txt'")
        var twice = ZIPWriter()
        try twice.add("a.npy", NPY.encode(.array(NDArray([Float(1)]))), compress: false)
        try twice.add("a.npy", NPY.encode(.array(NDArray([Float(1)]))), compress: false)
        #expect(serializationError { _ = try NPZ.decode(twice.finish()) }?.description == "'a.npy': duplicate member")
    }

    /// NumPy (with `allow_pickle=False`) must read what Kusari writes: stored, deflated and ZIP64.
    @Test(.enabled(if: Fixtures.python != nil, "needs python3 with numpy"))
    func numpyReadsOurFiles() throws {
        guard let python = Fixtures.python else { return }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let arrays = Self.sampleArrays()
        var expected: [String: [String: Any]] = [:]
        for (key, array) in arrays {
            let values: [String] = (0..<array.count).map { i in
                switch array.dtype {
                case .float32: "\(Double(array.toArray(as: Float.self)[i]))"
                case .float64: "\(array.toArray(as: Double.self)[i])"
                case .int32, .int64, .uint8, .bool: "\(Int64(array.element(atFlat: i)))"
                }
            }
            expected[key] = ["dtype": array.dtype.rawValue, "shape": array.shape, "values": values]
        }
        try JSONSerialization.data(withJSONObject: expected).write(to: URL(fileURLWithPath: scratch.path("e.json")))
        for (compression, forceZIP64) in [(false, false), (true, false), (true, true)] {
            let path = scratch.path("k.npz")
            try Data(try NPZ.encode(arrays.mapValues { .array($0) }, compression: compression, forceZIP64: forceZIP64))
                .write(to: URL(fileURLWithPath: path))
            let result = try Fixtures.run(python, [Fixtures.path("make_fixtures.py"), "verify", path, scratch.path("e.json")])
            #expect(result.status == 0, "\(result.output)")
        }
    }
}
