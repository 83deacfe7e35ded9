// Gzip decompression through zlib, for the .gz files datasets ship as.
import CZlib
import Foundation

/// The bytes inside the gzip member (RFC 1952) in `data`, decompressed as they are read, so the
/// decompressed file is never held whole: a reader puts each piece where it belongs.
///
/// Checked as it goes: the signature on creation; damaged data and a stream that ends early
/// while reading; at the end, the CRC-32 and length trailer and that no bytes follow the
/// member. Each failure throws `corruptGzip` naming `source`. A class because zlib's state
/// points back at its `z_stream`, which must therefore never move.
final class GzipStream: ByteStream {
    private let data: Data
    private let source: String
    private let stream: UnsafeMutablePointer<z_stream>
    /// Bytes of `data` zlib has taken.
    private var consumed = 0
    private var ended = false

    init(_ data: Data, source: String) throws(DatasetError) {
        guard data.count >= 2, data[data.startIndex] == 0x1F, data[data.startIndex + 1] == 0x8B else {
            let start = data.prefix(2).map { String(format: "%02x", $0) }.joined(separator: " ")
            throw .corruptGzip(source: source, reason: "expected the signature 1f 8b, found \"\(start)\"")
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: a 32 KiB window and a gzip (not zlib) wrapper.
        guard inflateInit2_(stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw .corruptGzip(source: source, reason: "zlib could not start (out of memory)")
        }
        self.data = data
        self.source = source
        self.stream = stream
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DatasetError) -> Int {
        var written = 0
        while written < buffer.count && !ended {
            let status = data.withUnsafeBytes { input in
                // zlib counts in 32 bits; a longer input or output is fed in turns.
                let inputBefore = uInt(min(input.count - consumed, Int(uInt.max)))
                let outputBefore = uInt(min(buffer.count - written, Int(uInt.max)))
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress! + consumed)
                stream.pointee.avail_in = inputBefore
                stream.pointee.next_out = buffer.bindMemory(to: Bytef.self).baseAddress! + written
                stream.pointee.avail_out = outputBefore
                let status = inflate(stream, Z_NO_FLUSH)
                consumed += Int(inputBefore - stream.pointee.avail_in)
                written += Int(outputBefore - stream.pointee.avail_out)
                return status
            }
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                ended = true
                guard consumed == data.count else {
                    throw .corruptGzip(source: source, reason: "\(data.count - consumed) unexpected bytes after the end of the stream")
                }
            case Z_BUF_ERROR:
                // Room was left for output, so zlib stopped for want of input.
                throw .corruptGzip(source: source, reason: "the stream ends early (truncated after \(data.count) bytes)")
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw .corruptGzip(source: source, reason: message)
            }
        }
        return written
    }

    /// Deflate's densest code (a 258-byte match in 2 bits) expands at most 1032:1; the 8
    /// extra input bytes cover what zlib may already hold in its bit buffer and pending match.
    var remainingBound: Int { ended ? 0 : (data.count - consumed + 8) * 1032 }
}
