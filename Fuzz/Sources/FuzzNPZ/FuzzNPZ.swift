// libFuzzer target: NPZ decoding, i.e. the ZIP reader (end records, ZIP64 records and extra
// fields, central directory, local headers, stored and deflated members, CRCs) and NPY.
import FuzzSupport
@testable import Kusari

/// Decodes the input as a `.npz` archive. A bad archive must throw a `SerializationError`
/// with a message; a good one must survive an encode/decode round trip with the same keys.
func fuzzOne(_ bytes: [UInt8]) {
    do {
        let values = try NPZ.decode(bytes)
        // Alternate stored/deflated and ZIP64 writing by input length, to cover every writer path.
        let again = try NPZ.decode(NPZ.encode(values, compression: bytes.count % 2 == 0, forceZIP64: bytes.count % 4 < 2))
        precondition(Set(values.keys) == Set(again.keys), "NPZ round trip changed the keys")
    } catch {
        precondition(!error.reason.isEmpty, "SerializationError without a message")
    }
}

@main enum Main {
    static func main() { runFuzzer { fuzzOne(bytes($0, $1)); return 0 } }
}
