import Foundation

/// What a shell needs to complete one command, read from the command table: its options
/// from its `--help` (the usage lines and the lines of its options), what each option's value
/// is, and what its other arguments are.
struct CommandSpec: Equatable {
    /// What an option's value, or an argument, completes to.
    enum Values: Equatable {
        /// Nothing to offer (a date, a number).
        case none
        case files
        case words([String])
        /// The rulebook's rules, processes or groups, listed by `rulecheck names`.
        case names(String)
    }

    struct Option: Equatable {
        let name: String
        /// Nil for a flag.
        let value: Values?
    }

    let name: String
    let summary: String
    let options: [Option]
    let arguments: Values

    /// The spec of every command the overview lists, in its order, one per name.
    static func all() -> [CommandSpec] {
        var seen: Set<String> = []
        var specs: [CommandSpec] = []
        for command in Driver.commands where !command.hidden && seen.insert(command.name).inserted {
            let synopses = Driver.commands.filter { $0.name == command.name }
            specs.append(CommandSpec(name: command.name, summary: synopses.map(\.summary).joined(separator: "; "),
                                     help: command.help))
        }
        return specs
    }

    init(name: String, summary: String, help: String) {
        self.name = name
        self.summary = summary
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The usage lines run to the first blank line; the options are the lines that start
        // with one, anywhere in the help.
        let usage = Array(lines.prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        var options: [Option] = [Option(name: "help", value: nil)]
        func add(_ name: String, _ value: Values?) {
            if let index = options.firstIndex(where: { $0.name == name }) {
                // A line that names the choices says more than one that names a placeholder.
                if case .words = value, options[index].value != value { options[index] = Option(name: name, value: value) }
                return
            }
            options.append(Option(name: name, value: value))
        }
        for line in usage {
            for (option, placeholder) in Self.options(in: line) { add(option, Self.values(of: option, placeholder)) }
        }
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("--"), let (option, placeholder) = Self.options(in: trimmed).first else { continue }
            add(option, Self.values(of: option, placeholder))
        }
        self.options = options
        arguments = Self.arguments(of: name, usage: usage)
    }

    /// Each `--name` of a line with the word after it when that is its placeholder (`PATH`,
    /// `text|json`), not another option, prose or an opening bracket.
    static func options(in line: String) -> [(String, String?)] {
        let words = line.split(whereSeparator: { $0 == " " }).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[]….")) }
        var found: [(String, String?)] = []
        for (index, word) in words.enumerated() where word.hasPrefix("--") && word.count > 2 {
            let name = String(word.dropFirst(2))
            guard name.allSatisfy({ $0.isLowercase || $0 == "-" }) else { continue }
            var placeholder: String?
            if index + 1 < words.count {
                let next = words[index + 1]
                // `[--quiet | --failures-only]`: a bar between options is no placeholder.
                let choices = next.split(separator: "|")
                let isPlaceholder = !next.isEmpty && !next.hasPrefix("-")
                    && (choices.count > 1 || (next != "|" && next.allSatisfy { $0.isUppercase || $0 == "_" }))
                if isPlaceholder { placeholder = next }
            }
            found.append((name, placeholder))
        }
        return found
    }

    static func values(of option: String, _ placeholder: String?) -> Values? {
        guard let placeholder else { return nil }
        if placeholder.contains("|") { return .words(placeholder.split(separator: "|").map(String.init)) }
        switch (option, placeholder) {
        case (_, "PATH"), (_, "FILE"): return .files
        case ("rule", _): return .names("rules")
        case ("color", _): return .words(["auto", "always", "never"])
        case ("process", _): return .names("processes")
        default: return Values.none
        }
    }

    /// What the arguments that are not options complete to: the words of a command's own
    /// subcommands (`workdays add`), group names (`calendar GROUP...`), files, or nothing.
    static func arguments(of name: String, usage: [String]) -> Values {
        var words: [String] = []
        var kinds: Set<String> = []
        for line in usage {
            let tokens = line.split(separator: " ").map(String.init)
            guard let at = tokens.firstIndex(of: name) else { continue }
            if let next = tokens.dropFirst(at + 1).first, next.allSatisfy({ $0.isLowercase || $0 == "|" }) {
                words += next.split(separator: "|").map(String.init)
            }
            for token in tokens.dropFirst(at + 1) where !token.hasPrefix("--") && !token.hasPrefix("[--") {
                kinds.insert(token.trimmingCharacters(in: CharacterSet(charactersIn: "[]….")))
            }
        }
        if !words.isEmpty { return .words(words) }
        if kinds.contains("GROUP") { return .names("groups") }
        if kinds.contains("FILE") || kinds.contains("PATH") { return .files }
        return .none
    }
}
