// The little JSON the training extensions write and read back (logs, run records).
import Foundation

enum JSON {
    /// `text` as a JSON string literal.
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 { result += String(format: "\\u%04x", scalar.value) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }

    /// A number as Python's `json` writes it: shortest round-trip digits, `NaN` and
    /// `Infinity` for non-finite values, integers without a fraction.
    static func number(_ value: Double, integer: Bool = false) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        if integer, value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// Reads a log written by `LogReport.json`.
    static func parseLog(_ text: String) throws -> [[String: Double]] {
        guard let array = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? [[String: Any]] else {
            throw TrainingError.badState("a log must be a JSON array of objects")
        }
        return array.map { entry in entry.compactMapValues { ($0 as? NSNumber)?.doubleValue } }
    }
}
