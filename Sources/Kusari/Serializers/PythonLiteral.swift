// The subset of Python literal syntax an NPY header uses: a dict of strings, booleans and
// tuples of integers.

/// A parsed Python literal from an NPY header (`{'descr': '<f4', 'fortran_order': False,
/// 'shape': (2, 3), }`). Lists are parsed only so that structured dtypes can be refused by name.
indirect enum PythonLiteral: Equatable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dict([(String, PythonLiteral)])

    static func == (a: PythonLiteral, b: PythonLiteral) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): x == y
        case let (.bool(x), .bool(y)): x == y
        case let (.int(x), .int(y)): x == y
        case let (.tuple(x), .tuple(y)), let (.list(x), .list(y)): x == y
        case let (.dict(x), .dict(y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: false
        }
    }

    /// Parses `text`, which must hold exactly one literal (surrounding whitespace allowed).
    /// Nesting is limited so that hostile input cannot exhaust the stack.
    static func parse(_ text: String) throws(SerializationError) -> PythonLiteral {
        var parser = Parser(characters: Array(text.unicodeScalars))
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == parser.characters.count else { throw parser.error("end of header") }
        return value
    }

    private struct Parser {
        let characters: [Unicode.Scalar]
        var index = 0
        static let maxDepth = 16

        func error(_ expected: String) -> SerializationError {
            let found = index < characters.count ? "'\(characters[index])'" : "end of text"
            return SerializationError("malformed NPY header: expected \(expected) at character \(index), found \(found)")
        }

        mutating func skipSpace() {
            while index < characters.count, characters[index].properties.isWhitespace { index += 1 }
        }

        mutating func consume(_ c: Unicode.Scalar) -> Bool {
            skipSpace()
            guard index < characters.count, characters[index] == c else { return false }
            index += 1
            return true
        }

        mutating func value(depth: Int) throws(SerializationError) -> PythonLiteral {
            guard depth < Parser.maxDepth else { throw error("less nesting") }
            skipSpace()
            guard index < characters.count else { throw error("a value") }
            switch characters[index] {
            case "'", "\"": return .string(try string())
            case "{": return try dict(depth: depth)
            case "(": return .tuple(try sequence(close: ")", depth: depth))
            case "[": return .list(try sequence(close: "]", depth: depth))
            case "-", "0"..."9": return .int(try integer())
            default:
                if word("True") { return .bool(true) }
                if word("False") { return .bool(false) }
                throw error("a value")
            }
        }

        mutating func word(_ w: String) -> Bool {
            let scalars = Array(w.unicodeScalars)
            guard characters.count - index >= scalars.count,
                  Array(characters[index..<(index + scalars.count)]) == scalars else { return false }
            index += scalars.count
            return true
        }

        mutating func string() throws(SerializationError) -> String {
            let quote = characters[index]
            index += 1
            var result = String.UnicodeScalarView()
            while index < characters.count, characters[index] != quote {
                // NumPy never escapes inside a dtype or key; a backslash means this is not an NPY header.
                guard characters[index] != "\\" else { throw error("a string without escapes") }
                result.append(characters[index])
                index += 1
            }
            guard index < characters.count else { throw error("closing quote") }
            index += 1
            return String(result)
        }

        mutating func integer() throws(SerializationError) -> Int {
            let start = index
            if characters[index] == "-" { index += 1 }
            while index < characters.count, ("0"..."9").contains(characters[index]) { index += 1 }
            // Python 2 era writers append L to longs.
            let digits = String(String.UnicodeScalarView(characters[start..<index]))
            if index < characters.count, characters[index] == "L" { index += 1 }
            guard let value = Int(digits) else {
                index = start
                throw error("an integer that fits in 64 bits")
            }
            return value
        }

        mutating func sequence(close: Unicode.Scalar, depth: Int) throws(SerializationError) -> [PythonLiteral] {
            index += 1
            var items: [PythonLiteral] = []
            while !consume(close) {
                items.append(try value(depth: depth + 1))
                if consume(close) { break }
                guard consume(",") else { throw error("',' or '\(close)'") }
            }
            return items
        }

        mutating func dict(depth: Int) throws(SerializationError) -> PythonLiteral {
            index += 1
            var items: [(String, PythonLiteral)] = []
            while !consume("}") {
                skipSpace()
                guard index < characters.count, characters[index] == "'" || characters[index] == "\"" else {
                    throw error("a string key")
                }
                let key = try string()
                guard consume(":") else { throw error("':'") }
                items.append((key, try value(depth: depth + 1)))
                if consume("}") { break }
                guard consume(",") else { throw error("',' or '}'") }
            }
            return .dict(items)
        }
    }
}
