// Gzip decompression through zlib, for the .gz files datasets ship as.
import CZlib
import Foundation

enum Gzip {
    /// The bytes inside one gzip member (RFC 1952), checked against its CRC-32 and length
    /// trailer. Throws `corruptGzip` naming `source` when the signature is missing, the data
    /// is damaged, the stream ends early, or bytes follow its end.
    static func decompress(_ data: Data, source: String) throws(DatasetError) -> [UInt8] {
        guard data.count >= 2, data[data.startIndex] == 0x1F, data[data.startIndex + 1] == 0x8B else {
            let start = data.prefix(2).map { String(format: "%02x", $0) }.joined(separator: " ")
            throw .corruptGzip(source: source, reason: "expected the signature 1f 8b, found \"\(start)\"")
        }
        var stream = z_stream()
        // windowBits 15 + 16: a 32 KiB window and a gzip (not zlib) wrapper.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corruptGzip(source: source, reason: "zlib could not start (out of memory)")
        }
        defer { inflateEnd(&stream) }

        // The trailer's ISIZE (length modulo 2³²) sizes the buffer in one go; it is capped
        // because a damaged file's last bytes can claim gigabytes. The buffer doubles when short.
        let trailer = data.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        var output = [UInt8](repeating: 0, count: max(min(trailer, 16 * data.count), 1 << 12))
        var status = Z_OK
        data.withUnsafeBytes { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress!)
            stream.avail_in = uInt(input.count)
            while status == Z_OK {
                let written = Int(stream.total_out)
                if written == output.count { output.append(contentsOf: repeatElement(0, count: output.count)) }
                status = output.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress! + written
                    stream.avail_out = uInt(out.count - written)
                    return inflate(&stream, Z_NO_FLUSH)
                }
            }
        }
        switch status {
        case Z_STREAM_END where stream.avail_in == 0:
            output.removeSubrange(Int(stream.total_out)...)
            return output
        case Z_STREAM_END:
            throw .corruptGzip(source: source, reason: "\(stream.avail_in) unexpected bytes after the end of the stream")
        case Z_BUF_ERROR:
            throw .corruptGzip(source: source, reason: "the stream ends early (truncated after \(data.count) bytes)")
        default:
            let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            throw .corruptGzip(source: source, reason: message)
        }
    }
}
