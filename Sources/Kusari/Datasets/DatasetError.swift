// The errors raised by data from outside: files, downloads, arguments of the loaders.

/// A dataset file or download that is not what it should be, or a loader argument out of
/// range. Each message names the file or URL, what was expected and what was found.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// A file or folder could not be read, written or renamed.
    case fileSystem(path: String, reason: String)
    /// The data is not a complete, intact gzip stream.
    case corruptGzip(source: String, reason: String)
    /// The IDX magic number is not the expected one (wrong kind of file, or wrong rank).
    case badMagic(source: String, expected: UInt32, found: UInt32)
    /// The IDX data-type byte is not 0x08 (unsigned byte), the only type MNIST uses.
    case badDataType(source: String, found: UInt8)
    /// The file length does not match what its IDX header promises.
    case sizeMismatch(source: String, dimensions: [Int], expected: Int, found: Int)
    /// The IDX dimensions are not those of the dataset (e.g. images that are not 28×28).
    case unexpectedShape(source: String, expected: String, found: [Int])
    /// An image file and its label file hold different numbers of examples.
    case countMismatch(images: String, imageCount: Int, labels: String, labelCount: Int)
    /// The server answered with an HTTP status other than 200.
    case httpStatus(url: String, status: Int)
    /// The transfer failed (no connection, reset, cut short).
    case transfer(url: String, reason: String)
    /// No source gave a valid file: every attempt's error, and how to get the data offline.
    case unavailable(dataset: String, file: String, attempts: [DatasetError], hint: String)
    /// A loader argument out of range.
    case invalidArgument(function: String, reason: String)

    public var description: String {
        switch self {
        case let .fileSystem(path, reason):
            return "\(path): \(reason)"
        case let .corruptGzip(source, reason):
            return "\(source): not a valid gzip file: \(reason)"
        case let .badMagic(source, expected, found):
            return "\(source): expected IDX magic number \(hex(expected)), found \(hex(found))"
        case let .badDataType(source, found):
            return "\(source): expected IDX data type 0x08 (unsigned byte), found \(hex(found))"
        case let .sizeMismatch(source, dimensions, expected, found):
            let what = dimensions.isEmpty ? "the IDX header" : "an IDX file of dimensions \(dimensions)"
            return "\(source): \(what) needs \(expected) bytes, found \(found)"
                + (found < expected ? " (truncated)" : " (trailing bytes)")
        case let .unexpectedShape(source, expected, found):
            return "\(source): expected \(expected), found dimensions \(found)"
        case let .countMismatch(images, imageCount, labels, labelCount):
            return "\(images) holds \(imageCount) images but \(labels) holds \(labelCount) labels"
        case let .httpStatus(url, status):
            return "\(url): HTTP status \(status) (expected 200)"
        case let .transfer(url, reason):
            return "\(url): download failed: \(reason)"
        case let .unavailable(dataset, file, attempts, hint):
            let tried = attempts.map { "  - \($0.description)" }.joined(separator: "\n")
            return "\(dataset): could not obtain \(file).\n\(tried)\n\(hint)"
        case let .invalidArgument(function, reason):
            return "\(function): \(reason)"
        }
    }
}

private func hex<T: FixedWidthInteger>(_ value: T) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, T.bitWidth / 4 - digits.count)) + digits
}
