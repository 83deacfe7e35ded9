// Raw deflate (RFC 1951, no zlib wrapper: windowBits −15, as ZIP stores it) and CRC-32, via zlib.
import CZlib

enum Deflate {
    /// zlib counts bytes in 32-bit fields; larger buffers are fed in chunks of this size.
    private static let chunk = 1 << 30

    /// CRC-32 (ISO 3309, polynomial 0xEDB88320 reflected), the checksum ZIP stores per member.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return UInt32(crc32_z(0, base.assumingMemoryBound(to: Bytef.self), buffer.count))
        }
    }

    /// The raw deflate stream of `input` at zlib's default level (6, as Python's zipfile uses).
    static func compress(_ input: [UInt8]) throws(SerializationError) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SerializationError("zlib: deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
        let ok = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { destination in
                pump(&stream, source, destination) { deflate(&$0, $1 ? Z_FINISH : Z_NO_FLUSH) }
            }
        }
        guard ok else { throw SerializationError("zlib: deflate did not finish (\(stream.total_out) bytes written)") }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Inflates the raw deflate stream `input`, which must decode to exactly `size` bytes.
    static func decompress(_ input: ArraySlice<UInt8>, size: Int) throws(SerializationError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SerializationError("zlib: inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        // One spare byte: zlib refuses an empty output buffer, and output that spills into the
        // spare byte proves the member is longer than declared.
        guard size < Int.max else { throw SerializationError("declared size \(size) is too large") }
        var output = [UInt8](repeating: 0, count: size + 1)
        let ended = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { destination in
                pump(&stream, source, destination) { s, _ in inflate(&s, Z_NO_FLUSH) }
            }
        }
        guard ended, Int(stream.total_out) == size else {
            let detail = stream.msg.map { String(cString: $0) } ?? "stream ended early or ran past the declared size"
            throw SerializationError("corrupt deflate data: \(detail) (declared \(size) bytes, decoded \(stream.total_out))")
        }
        output.removeLast()
        return output
    }

    /// Drives `step` until it reports the end of the stream, feeding at most `chunk` bytes of
    /// input and output at a time; false when the stream fails or stops making progress.
    private static func pump(
        _ stream: inout z_stream, _ source: UnsafeRawBufferPointer, _ destination: UnsafeMutableRawBufferPointer,
        _ step: (inout z_stream, _ lastInput: Bool) -> Int32
    ) -> Bool {
        let input = source.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
        let output = destination.baseAddress?.assumingMemoryBound(to: Bytef.self)
        while true {
            let consumed = Int(stream.total_in), produced = Int(stream.total_out)
            let inputLeft = source.count - consumed, outputLeft = destination.count - produced
            stream.next_in = input.map { $0 + consumed }
            stream.avail_in = uInt(min(inputLeft, chunk))
            stream.next_out = output.map { $0 + produced }
            stream.avail_out = uInt(min(outputLeft, chunk))
            let status = step(&stream, inputLeft <= chunk)
            if status == Z_STREAM_END { return true }
            let progressed = Int(stream.total_in) != consumed || Int(stream.total_out) != produced
            guard status == Z_OK || status == Z_BUF_ERROR, progressed else { return false }
        }
    }
}
