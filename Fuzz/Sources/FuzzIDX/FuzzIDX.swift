// libFuzzer target: the MNIST-style dataset files, gzip'd IDX.
import Foundation
import FuzzSupport
@testable import Kusari

/// The first input byte picks the reader, the rest is the file: even bytes parse raw IDX
/// (so mutations reach the header checks without breaking a gzip CRC), odd bytes decode a
/// gzip'd IDX file as the dataset loader does; bit 1 picks labels (1-d) or images (3-d).
/// A bad file must throw a `DatasetError` whose message names the source.
func fuzzOne(_ bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    let mode = bytes[0], file = Array(bytes.dropFirst())
    let ndim = mode & 2 == 0 ? 1 : 3
    do {
        let array = mode & 1 == 0
            ? try IDX.parse(file, ndim: ndim, source: "fuzz")
            : try MNISTStore.decode(Data(file), ndim: ndim, source: "fuzz")
        precondition(array.dtype == .uint8 && array.ndim == ndim, "IDX reader returned a wrong array")
    } catch {
        precondition(error.description.contains("fuzz"), "DatasetError message does not name the source: \(error)")
    }
}

@main enum Main {
    static func main() { runFuzzer { fuzzOne(bytes($0, $1)); return 0 } }
}
