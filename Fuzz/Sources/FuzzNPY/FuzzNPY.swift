// libFuzzer target: NPY decoding (magic, version, Python-literal header, dtype, data length).
import FuzzSupport
@testable import Kusari

/// Decodes the input as a `.npy` file. A bad file must throw a `SerializationError` with a
/// message; a good one must survive an encode/decode round trip unchanged.
func fuzzOne(_ bytes: [UInt8]) {
    do {
        let value = try NPY.decode(bytes)
        let again = try NPY.decode(NPY.encode(value))
        switch (value, again) {
        case let (.array(a), .array(b)):
            precondition(a.dtype == b.dtype && a.shape == b.shape && a.withUnsafeBytes(Array.init) == b.withUnsafeBytes(Array.init),
                         "NPY round trip changed the array")
        case let (.string(a), .string(b)):
            precondition(a == b, "NPY round trip changed the string")
        default:
            preconditionFailure("NPY round trip changed the kind of value")
        }
    } catch {
        precondition(!error.reason.isEmpty, "SerializationError without a message")
    }
}

@main enum Main {
    static func main() { runFuzzer { fuzzOne(bytes($0, $1)); return 0 } }
}
