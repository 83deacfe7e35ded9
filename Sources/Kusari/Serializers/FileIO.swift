// Reading a whole file, and writing one so that a failure never destroys what was there.
import Foundation

/// The bytes of the file at `path`, or a `SerializationError` naming it.
func readFile(_ path: String) throws(SerializationError) -> [UInt8] {
    do {
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
        throw SerializationError("cannot read file: \(error.localizedDescription)", file: path)
    }
}

/// Writes `bytes` to a temporary file in the directory of `path`, flushes it to disk, then
/// renames it into place and flushes the directory, so a failed write or a crash at any point
/// leaves either the old file or the new one at `path`, never a partial file.
func writeFileAtomically(_ path: String, _ bytes: [UInt8]) throws(SerializationError) {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    let temporary = directory + "/.\(url.lastPathComponent).\(UUID().uuidString).tmp"
    func failure(_ what: String) -> SerializationError {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        return SerializationError("\(what): \(reason)", file: path)
    }
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard descriptor >= 0 else { throw failure("cannot write file") }
    var written = 0
    while written < bytes.count {
        let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
        if result < 0 && errno == EINTR { continue }
        guard result > 0 else {
            close(descriptor)
            throw failure("cannot write file")
        }
        written += result
    }
    guard fsync(descriptor) == 0 else {
        close(descriptor)
        throw failure("cannot flush file to disk")
    }
    close(descriptor)
    guard rename(temporary, url.path) == 0 else { throw failure("cannot rename the temporary file into place") }
    let directoryDescriptor = open(directory, O_RDONLY)
    if directoryDescriptor >= 0 {
        fsync(directoryDescriptor)
        close(directoryDescriptor)
    }
}
