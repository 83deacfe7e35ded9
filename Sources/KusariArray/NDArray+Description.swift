// Printing an array the way NumPy's `repr` does.
import Foundation

extension NDArray: CustomStringConvertible {
    /// NumPy's `repr`: `array([[1. , 2.5],\n       [3. , 4. ]], dtype=float32)`.
    ///
    /// Floats show up to 8 decimals (the shortest that reads back, as NumPy's default
    /// `precision=8`), aligned on the decimal point, in scientific notation when the
    /// magnitudes need it (largest ≥ 1e8, smallest nonzero < 1e-4, or a ratio above 1000).
    /// Arrays of more than 1000 elements show 3 items at each edge of every axis with `...`
    /// between. The dtype is named unless it is NumPy's default for the kind (float64, int64,
    /// bool), and always for an empty array.
    public var description: String {
        let summarize = count > 1000
        let shown = shape.map { n in summarize && n > 6 ? Array(0..<3) + [-1] + Array((n - 3)..<n) : Array(0..<n) }
        let words = formattedElements(at: shown)
        let isDefault = [.float64, .int64, .bool].contains(dtype)
        if count == 0 {
            let shapeText = ndim > 1 ? ", shape=\(NDArray.format(shape))" : ""
            return "array([]\(shapeText), dtype=\(dtype))"
        }
        let suffix = isDefault ? ")" : ", dtype=\(dtype))"
        let body = ndim == 0 ? words[0] : layout(words, shown: shown, prefix: "array(", suffix: suffix)
        return "array(" + body + suffix
    }

    /// The elements at the shown positions (−1 marks an elision), in row-major order,
    /// formatted to a common width.
    func formattedElements(at shown: [[Int]]) -> [String] {
        var flat: [Int] = [0]
        for (axis, positions) in shown.enumerated() {
            let stride = strides[axis]
            flat = flat.flatMap { base in positions.filter { $0 >= 0 }.map { base + $0 * stride } }
        }
        switch dtype {
        case .float32: return NDArray.formatFloats(withUnsafeBufferPointer(as: Float.self) { p in flat.map { p[$0] } })
        case .float64: return NDArray.formatFloats(withUnsafeBufferPointer(as: Double.self) { p in flat.map { p[$0] } })
        case .int32: return NDArray.rightAligned(withUnsafeBufferPointer(as: Int32.self) { p in flat.map { String(p[$0]) } })
        case .int64: return NDArray.rightAligned(withUnsafeBufferPointer(as: Int64.self) { p in flat.map { String(p[$0]) } })
        case .uint8: return NDArray.rightAligned(withUnsafeBufferPointer(as: UInt8.self) { p in flat.map { String(p[$0]) } })
        case .bool: return NDArray.rightAligned(withUnsafeBufferPointer(as: Bool.self) { p in flat.map { p[$0] ? "True" : "False" } })
        }
    }

    /// Nests `words` in brackets along `shown`, breaking lines at 75 columns as NumPy does;
    /// continuation lines are indented past `prefix` and the open brackets.
    func layout(_ words: [String], shown: [[Int]], prefix: String, suffix: String) -> String {
        let width = 75
        var next = 0
        func block(_ axis: Int, indent: String) -> String {
            let positions = shown[axis]
            if axis == ndim - 1 {
                var lines = [""], first = true
                for position in positions {
                    let word = position < 0 ? "..." : words[next]
                    if position >= 0 { next += 1 }
                    let piece = first ? word : ", " + word
                    // The last line also has to hold the closing brackets and suffix.
                    let reserve = position == positions.last ? ndim + suffix.count : 1
                    if !first && indent.count + 1 + lines[lines.count - 1].count + piece.count + reserve > width {
                        lines[lines.count - 1] += ","
                        lines.append(word)
                    } else {
                        lines[lines.count - 1] += piece
                    }
                    first = false
                }
                return "[" + lines.joined(separator: "\n" + indent + " ") + "]"
            }
            let separator = "," + String(repeating: "\n", count: ndim - axis - 1) + indent + " "
            let rows = positions.map { position in position < 0 ? "..." : block(axis + 1, indent: indent + " ") }
            return "[" + rows.joined(separator: separator) + "]"
        }
        return block(0, indent: String(repeating: " ", count: prefix.count))
    }

    /// Right-aligns `words` to the widest.
    static func rightAligned(_ words: [String]) -> [String] {
        let width = words.map(\.count).max() ?? 0
        return words.map { String(repeating: " ", count: width - $0.count) + $0 }
    }

    /// Floats in NumPy's style: the shortest digits that read back (at most 8 after the
    /// point), padded so the points line up; `nan`, `inf`, `-inf` right-aligned.
    static func formatFloats<T: NDFloat & LosslessStringConvertible>(_ values: [T]) -> [String] {
        let magnitudes = values.filter { $0.isFinite && $0 != 0 }.map { Swift.abs($0.doubleValue) }
        let largest = magnitudes.max() ?? 0, smallest = magnitudes.min() ?? 0
        let scientific = largest >= 1e8 || (smallest > 0 && smallest < 1e-4) || (smallest > 0 && largest / smallest > 1e3)
        var fractions = 0
        for value in values where value.isFinite {
            let (digits, exponent) = shortestDigits(String(value))
            fractions = max(fractions, min(8, scientific ? digits - 1 : max(0, digits - 1 - exponent)))
        }
        // Each finite value as (integer part, fraction digits, exponent); fixed notation pads
        // short fractions with spaces after the point, scientific notation keeps every
        // mantissa at `fractions` digits, as NumPy does.
        let parts = values.map { value -> (whole: String, fraction: String, exponent: String)? in
            guard value.isFinite else { return nil }
            let text = String(format: scientific ? "%.\(fractions)e" : "%.\(fractions)f", value.doubleValue)
            let exponentStart = text.firstIndex(of: "e") ?? text.endIndex
            let mantissa = text[..<exponentStart].split(separator: ".", omittingEmptySubsequences: false)
            var fraction = mantissa.count > 1 ? String(mantissa[1]) : ""
            while !scientific && fraction.hasSuffix("0") { fraction.removeLast() }
            return (String(mantissa[0]), fraction, String(text[exponentStart...]))
        }
        let wholeWidth = parts.compactMap { $0?.whole.count }.max() ?? 0
        let fractionWidth = parts.compactMap { $0?.fraction.count }.max() ?? 0
        let words = Swift.zip(values, parts).map { value, part -> String in
            guard let part else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
            return String(repeating: " ", count: wholeWidth - part.whole.count) + part.whole + "." + part.fraction
                + String(repeating: " ", count: fractionWidth - part.fraction.count) + part.exponent
        }
        return rightAligned(words)
    }

    /// The significant digits of a decimal numeral (`"-0.00125"`, `"1.5e-05"`) and the
    /// power of ten of its first one.
    static func shortestDigits(_ numeral: String) -> (digits: Int, exponent: Int) {
        let parts = numeral.lowercased().split(separator: "e")
        let mantissa = parts[0].filter { $0 != "-" && $0 != "+" }
        let shift = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let whole = mantissa.split(separator: ".", omittingEmptySubsequences: false)[0]
        let allDigits = mantissa.filter(\.isNumber)
        guard let first = allDigits.firstIndex(where: { $0 != "0" }) else { return (1, 0) }
        let leading = allDigits.distance(from: allDigits.startIndex, to: first)
        let significant = allDigits[first...].reversed().drop { $0 == "0" }.count
        return (significant, shift + whole.count - 1 - leading)
    }
}
