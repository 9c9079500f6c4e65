import Charter

/// A small command-line parser: options with values (`--format json`, `--format=json`),
/// repeatable options, flags, and positional arguments. Unknown options are errors.
public struct Arguments: Sendable {
    public struct UsageError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments` given the names (without `--`) of options that take a value and of
    /// flags. `--` ends the options.
    public init(_ arguments: [String], options: Set<String>, flags knownFlags: Set<String>) throws {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            // A negative number (`-2`) is a value, not an option.
            let isNegativeNumber = argument.count > 1 && argument.dropFirst().allSatisfy(\.isNumber)
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" || isNegativeNumber {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            guard argument.hasPrefix("--") else {
                if argument == "-h" { flags.insert("help"); continue }
                throw UsageError(description: "unknown option `\(argument)`")
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if knownFlags.contains(name) {
                guard inlineValue == nil else { throw UsageError(description: "`--\(name)` takes no value") }
                flags.insert(name)
            } else if options.contains(name) {
                if let inlineValue {
                    values[name, default: []].append(inlineValue)
                } else {
                    guard index < arguments.count else { throw UsageError(description: "`--\(name)` needs a value") }
                    values[name, default: []].append(arguments[index])
                    index += 1
                }
            } else {
                let known = (options.union(knownFlags)).map { "--" + $0 }
                let hint = Suggest.closest("--" + name, among: known).map { "; did you mean `\($0)`?" } ?? ""
                throw UsageError(description: "unknown option `--\(name)`\(hint)")
            }
        }
    }

    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// Every value given for a repeatable option.
    public func values(_ name: String) -> [String] { values[name] ?? [] }

    /// The value of a single-valued option; giving it twice is an error.
    public func value(_ name: String) throws -> String? {
        let all = values(name)
        guard all.count <= 1 else { throw UsageError(description: "`--\(name)` is given more than once") }
        return all.first
    }

    /// The value of an option that takes one of `choices`.
    public func choice(_ name: String, among choices: [String], default fallback: String) throws -> String {
        guard let value = try value(name) else { return fallback }
        guard choices.contains(value) else {
            throw UsageError(description: "`--\(name)` takes \(Suggest.list(choices)), not `\(value)`")
        }
        return value
    }
}
