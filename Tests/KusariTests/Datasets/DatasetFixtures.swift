// Test helpers: IDX files built byte by byte, gzip through zlib, MNIST-style cache folders.
import CZlib
import Foundation
import Kusari

enum DatasetFixtures {
    /// An IDX file of unsigned bytes: `[0, 0, dtype, dims.count]`, big-endian dims, payload.
    static func idx(dims: [Int], payload: [UInt8], dtype: UInt8 = 0x08) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, dtype, UInt8(dims.count)]
        for d in dims { bytes += [UInt8(d >> 24 & 0xFF), UInt8(d >> 16 & 0xFF), UInt8(d >> 8 & 0xFF), UInt8(d & 0xFF)] }
        return bytes + payload
    }

    /// `bytes` compressed into one gzip member (zlib deflate, windowBits 15 + 16).
    static func gzip(_ bytes: [UInt8]) -> Data {
        var stream = z_stream()
        precondition(deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = uInt(destination.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        precondition(status == Z_STREAM_END)
        return Data(output[0..<Int(stream.total_out)])
    }

    /// Pixel p of image n: (31·n + 7·p) mod 256, so every image and pixel differs.
    static func pixel(_ n: Int, _ p: Int) -> UInt8 { UInt8((31 * n + 7 * p) % 256) }

    /// Label of example n: (3·n + 1) mod 10.
    static func label(_ n: Int) -> UInt8 { UInt8((3 * n + 1) % 10) }

    static func imagesFile(count: Int, rows: Int = 28, columns: Int = 28) -> [UInt8] {
        let size = rows * columns
        return idx(dims: [count, rows, columns], payload: (0..<(count * size)).map { pixel($0 / size, $0 % size) })
    }

    static func labelsFile(count: Int) -> [UInt8] { idx(dims: [count], payload: (0..<count).map(label)) }

    /// The four gzip'd files of an MNIST-style dataset with `train` and `test` examples.
    static func mnistFiles(train: Int = 3, test: Int = 2) -> [String: Data] {
        ["train-images-idx3-ubyte.gz": gzip(imagesFile(count: train)),
         "train-labels-idx1-ubyte.gz": gzip(labelsFile(count: train)),
         "t10k-images-idx3-ubyte.gz": gzip(imagesFile(count: test)),
         "t10k-labels-idx1-ubyte.gz": gzip(labelsFile(count: test))]
    }

    static func write(_ files: [String: Data], to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, data) in files { try data.write(to: directory.appendingPathComponent(name)) }
    }

    /// A fresh empty folder; `body` runs with it and it is removed afterwards.
    static func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kusari-datasets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    /// The names in `directory`, hidden ones included; empty when it does not exist.
    static func contents(of directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }
}
