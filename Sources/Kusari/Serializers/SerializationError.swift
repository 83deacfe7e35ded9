// The error every file-format and load failure is thrown as.

/// A file that could not be read or written, or a stored value that does not fit the object
/// it is loaded into. The message says where (the file, the key or archive member inside it)
/// and what was expected and what was found:
/// `model.npz: 'predictor/l1/W': shape mismatch, expected (8, 4), found (4, 8)`.
public struct SerializationError: Error, CustomStringConvertible, Equatable {
    /// The file on disk, when the failure concerns one.
    public var file: String?
    /// The key (or archive member) inside the file, when the failure concerns one.
    public var key: String?
    /// What was expected and what was found.
    public var reason: String

    /// The error `reason`, attributed to `file` and `key` when given.
    public init(_ reason: String, file: String? = nil, key: String? = nil) {
        self.reason = reason
        self.file = file
        self.key = key
    }

    /// `file: 'key': reason`, leaving out the parts that are nil.
    public var description: String {
        var text = ""
        if let file { text += "\(file): " }
        if let key { text += "'\(key)': " }
        return text + reason
    }

    /// The same error, attributed to `file` unless it already names one.
    func inFile(_ file: String) -> SerializationError {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }

    /// The same error, attributed to `key` unless it already names one.
    func atKey(_ key: String) -> SerializationError {
        var copy = self
        if copy.key == nil { copy.key = key }
        return copy
    }
}
