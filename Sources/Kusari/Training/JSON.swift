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

    /// Parses JSON that may hold Python's bare `NaN`, `Infinity` and `-Infinity` (which
    /// JSONSerialization rejects). Every number comes back as its text, which `double(_:)`
    /// converts with Swift's correctly rounded parser: JSONSerialization's can be off by an
    /// ulp, and a resumed run must read back exactly the values it wrote.
    static func parse(_ text: String) -> Any? {
        var quoted = "", inString = false, escaped = false, rest = Substring(text)
        let numberCharacters = Set("+-0123456789.eE")
        while let character = rest.first {
            if !inString {
                if let token = ["NaN", "Infinity", "-Infinity"].first(where: { rest.hasPrefix($0) }) {
                    quoted += "\"" + token + "\""
                    rest = rest.dropFirst(token.count)
                    continue
                }
                if character == "-" || character.isNumber {
                    let token = rest.prefix { numberCharacters.contains($0) }
                    quoted += "\"" + token + "\""
                    rest = rest.dropFirst(token.count)
                    continue
                }
            }
            if character == "\"" && !escaped { inString.toggle() }
            escaped = inString && !escaped && character == "\\"
            quoted.append(character)
            rest = rest.dropFirst()
        }
        return try? JSONSerialization.jsonObject(with: Data(quoted.utf8), options: [.fragmentsAllowed])
    }

    /// A parsed number, or one of the quoted non-finite tokens.
    static func double(_ value: Any) -> Double? {
        (value as? NSNumber)?.doubleValue ?? (value as? String).flatMap(Double.init)
    }

    /// Reads a log written by `LogReport.json`.
    static func parseLog(_ text: String) throws -> [[String: Double]] {
        guard let array = parse(text) as? [[String: Any]] else {
            throw TrainingError.badState("a log must be a JSON array of objects, found \(text.prefix(80))")
        }
        return array.map { entry in entry.compactMapValues(double) }
    }
}
