// A small command-line parser: `--name value`, `--name=value` and boolean `--flag`s.

/// A command-line mistake: printed as one line, exit code 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The arguments of one subcommand, consumed option by option so that leftovers are errors.
struct Arguments {
    private(set) var positional: [String] = []
    private var options: [String: String] = [:]
    private var flags: Set<String> = []
    private let command: String

    /// Parses `words`; `flagNames` are the options that take no value.
    init(_ words: [String], command: String, flagNames: Set<String>) throws(UsageError) {
        self.command = command
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            guard word.hasPrefix("--") else {
                positional.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if flagNames.contains(name) {
                guard value == nil else { throw UsageError("\(command): --\(name) takes no value") }
                flags.insert(name)
                continue
            }
            if value == nil {
                guard index < words.count else { throw UsageError("\(command): --\(name) needs a value") }
                value = words[index]
                index += 1
            }
            guard options[name] == nil else { throw UsageError("\(command): --\(name) is given twice") }
            options[name] = value
        }
    }

    mutating func flag(_ name: String) -> Bool { flags.remove(name) != nil }

    mutating func string(_ name: String) -> String? { options.removeValue(forKey: name) }

    mutating func choice(_ name: String, _ allowed: [String]) throws(UsageError) -> String? {
        guard let value = string(name) else { return nil }
        guard allowed.contains(value) else {
            throw UsageError("\(command): --\(name) must be one of \(allowed.joined(separator: ", ")), got '\(value)'")
        }
        return value
    }

    /// A whole number of at least `minimum`.
    mutating func integer(_ name: String, minimum: Int = 1) throws(UsageError) -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), value >= minimum else {
            throw UsageError("\(command): --\(name) must be a whole number of at least \(minimum), got '\(text)'")
        }
        return value
    }

    /// A finite positive number.
    mutating func positiveNumber(_ name: String) throws(UsageError) -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), value.isFinite, value > 0 else {
            throw UsageError("\(command): --\(name) must be a positive number, got '\(text)'")
        }
        return value
    }

    /// Throws if any option or flag was not consumed, or if the positional count is wrong.
    func finish(positionalNames: [String]) throws(UsageError) {
        if let unknown = (options.keys.map { "--" + $0 } + flags.map { "--" + $0 }).sorted().first {
            throw UsageError("\(command): unknown option \(unknown); see `kusari help`")
        }
        guard positional.count == positionalNames.count else {
            let expected = positionalNames.isEmpty ? "no arguments" : positionalNames.joined(separator: " ")
            throw UsageError("\(command): expected \(expected), got \(positional.count == 0 ? "none" : positional.joined(separator: " "))")
        }
    }
}
