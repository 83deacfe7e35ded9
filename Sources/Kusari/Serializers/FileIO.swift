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

/// Writes `bytes` to a temporary file in the directory of `path`, then renames it into place,
/// so a failed write leaves any existing file at `path` untouched.
func writeFileAtomically(_ path: String, _ bytes: [UInt8]) throws(SerializationError) {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
        .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
        try Data(bytes).write(to: temporary)
    } catch {
        try? FileManager.default.removeItem(at: temporary)
        throw SerializationError("cannot write file: \(error.localizedDescription)", file: path)
    }
    guard rename(temporary.path, url.path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw SerializationError("cannot rename the temporary file into place: \(reason)", file: path)
    }
}
