// Byte streams the dataset readers consume: a file's bytes read piece by piece, so a reader
// can put them straight where they belong instead of holding the whole file first.

/// A source of bytes read front to back.
protocol ByteStream {
    /// Fills `buffer` with the next bytes and returns how many were written: all of
    /// `buffer.count` unless the stream ends first. Throws when the source is damaged.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(DatasetError) -> Int

    /// An upper bound on the bytes still to come, so that a reader can refuse a header that
    /// promises more than the source can hold before allocating for it.
    var remainingBound: Int { get }
}

extension ByteStream {
    /// Up to `count` next bytes; fewer only when the stream ends.
    mutating func read(_ count: Int) throws(DatasetError) -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { buffer.deallocate() }
        let n = try read(into: buffer)
        return Array(buffer[..<n])
    }

    /// Reads the rest of the stream and returns its length; the bytes are dropped. Reaching
    /// the end is also what verifies a checksummed source (a gzip trailer).
    mutating func skipToEnd() throws(DatasetError) -> Int {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { buffer.deallocate() }
        var skipped = 0
        while true {
            let n = try read(into: buffer)
            skipped += n
            if n < buffer.count { return skipped }
        }
    }
}

/// Bytes already in memory: an uncompressed file, or a reader's input in tests and fuzzing.
struct ByteArrayStream: ByteStream {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(DatasetError) -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }

    var remainingBound: Int { bytes.count - offset }
}
