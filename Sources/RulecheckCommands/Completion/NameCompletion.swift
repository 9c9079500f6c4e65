import Charter

/// What names fit where the cursor is in Charter text, read from the text before it and the
/// symbol table: shared by the language server's completion and the REPL's Tab.
enum NameCompletion {
    /// Weekdays, for cadences.
    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// Duration units, singular and plural, and `working days`.
    static let units = ["minute", "minutes", "hour", "hours", "day", "days", "working", "week", "weeks", "month", "months",
                        "year", "years"]
    /// The list forms that read like calls but bind a variable, and their words.
    static let listForms = ["sort", "select", "by", "descending", "up", "to", "as"]

    /// The name of the record type of a value of `type`, through lists and optionals (as
    /// `xs.field` reads each element's); nil for a nested record or a value of no record.
    static func recordName(_ type: CharterType) -> String? {
        switch type {
        case .optional(let wrapped), .list(let wrapped): recordName(wrapped)
        case .record(let id): id.name
        default: nil
        }
    }

    /// The fields of the record type `name`: its declared and core fields, then the
    /// attributes declared on its kind (a role's, a seat's).
    static func fields(ofRecordNamed name: String, symbols: Symbols) -> [(name: String, detail: String)] {
        let records = Set(symbols.all.filter { ($0.kind == .recordType || $0.kind == .builtInRecordType) && $0.name == name }.map(\.id))
        var items: [(name: String, detail: String)] = []
        for symbol in symbols.all {
            if let container = symbol.container, records.contains(container), symbol.kind == .field || symbol.kind == .coreField {
                items.append((symbol.name, symbol.kind.rawValue))
            } else if symbol.kind == .attribute, symbols.symbol(symbol.container)?.kind.rawValue == name {
                items.append((symbol.name, "attribute"))
            }
        }
        return items
    }

    /// The names of the lines starting `step NAME` and `end NAME, …` from the last line
    /// before `offset` that opens a `process` to the first `}` at the start of a line.
    static func stepsWritten(inProcessAround offset: Int, in bytes: [UInt8]) -> [(name: String, detail: String)] {
        let end = Swift.max(0, Swift.min(offset, bytes.count))
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var start = 0, opening: Int?
        for (index, line) in lines.enumerated() {
            if start > end { break }
            if line.starts(with: Array("process ".utf8)) { opening = index }
            start += line.count + 1
        }
        guard let opening else { return [] }
        var items: [(name: String, detail: String)] = []
        for line in lines[opening...].dropFirst() {
            let words = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            guard let first = words.first else { continue }
            if first == "}" { break }
            if first == "step", words.count > 1, LanguageServer.isName(String(words[1])) {
                items.append((String(words[1]), "step"))
            } else if first == "end" {
                items += words.dropFirst().prefix { LanguageServer.isName(String($0)) }.map { (String($0), "end") }
            }
        }
        return items
    }

    /// Where completion is asked for, judged by the text before the word being typed.
    enum Context: Equatable {
        case field, rule, step
        /// The first word of a line in a block: the clauses the block takes.
        case clause([String])
        case anywhere
    }

    /// The clauses each block takes, by the word that opens it (Grammar.md's EBNF).
    static let clauses: [String: [String]] = [
        "": ["charter", "role", "constituency", "level", "group", "record", "rule", "process", "def"],
        "charter": ["sponsor", "calendar", "holiday"],
        "group": ["level", "reports_to", "decides", "advises", "chair", "attendance", "status", "non_governance", "replaces",
                  "meets", "seat", "member", "quorum", "threshold"],
        "meets": ["except", "extra"],
        "rule": ["for", "when", "let", "require", "else"],
        "process": ["for", "from", "until", "step", "end", "appeal", "by", "decides", "check", "lasts", "waits"],
    ]

    /// The word that opens the innermost block around `offset` ("" at the top level), with
    /// text and comments skipped; nil inside a block of another kind (attributes, fields).
    static func block(around offset: Int, in bytes: [UInt8]) -> String? {
        var openers: [String] = []
        var lineStart = 0, index = 0
        var inText = false, escaped = false, inComment = false
        let end = Swift.max(0, Swift.min(offset, bytes.count))
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                inText = false; inComment = false; lineStart = index + 1
            } else if inComment {
            } else if inText {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inText = false }
            } else if byte == UInt8(ascii: "#") {
                inComment = true
            } else if byte == UInt8(ascii: "\"") {
                inText = true
            } else if byte == UInt8(ascii: "{") {
                let line = String(decoding: bytes[lineStart..<index], as: UTF8.self)
                openers.append(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? "")
            } else if byte == UInt8(ascii: "}"), !openers.isEmpty {
                openers.removeLast()
            }
            index += 1
        }
        guard let innermost = openers.last else { return "" }
        return clauses[innermost] == nil || innermost.isEmpty ? nil : innermost
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte >= 48 && byte <= 57) || ((byte | 0x20) >= 97 && (byte | 0x20) <= 122)
    }

    static func context(before offset: Int, in bytes: [UInt8]) -> Context {
        var index = Swift.max(0, Swift.min(offset, bytes.count))
        while index > 0, isNameByte(bytes[index - 1]) { index -= 1 }
        if index > 0, bytes[index - 1] == UInt8(ascii: ".") { return .field }
        while index > 0, bytes[index - 1] == UInt8(ascii: " ") || bytes[index - 1] == UInt8(ascii: "\t") { index -= 1 }
        if index >= 2, bytes[index - 1] == UInt8(ascii: ">"), bytes[index - 2] == UInt8(ascii: "-") { return .step }
        // `-> a when … | b`: another transition, on a line that has an arrow.
        if index >= 1, bytes[index - 1] == UInt8(ascii: "|") {
            var lineStart = index - 1
            while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
            if String(decoding: bytes[lineStart..<index], as: UTF8.self).contains("->") { return .step }
        }
        // `check a, b, …`: the names already written, each after a comma, lead back to `check`.
        var back = index
        while back > 0, bytes[back - 1] == UInt8(ascii: ",") {
            back -= 1
            while back > 0, bytes[back - 1] == UInt8(ascii: " ") || bytes[back - 1] == UInt8(ascii: "\t") { back -= 1 }
            let nameEnd = back
            while back > 0, isNameByte(bytes[back - 1]) { back -= 1 }
            guard back < nameEnd else { break }
            while back > 0, bytes[back - 1] == UInt8(ascii: " ") || bytes[back - 1] == UInt8(ascii: "\t") { back -= 1 }
        }
        var wordStart = back
        while wordStart > 0, isNameByte(bytes[wordStart - 1]) { wordStart -= 1 }
        if String(decoding: bytes[wordStart..<back], as: UTF8.self) == "check" { return .rule }
        // Only white space before the word on its line: a clause starts here.
        if index == 0 || bytes[index - 1] == UInt8(ascii: "\n"), let block = block(around: offset, in: bytes),
           let words = clauses[block] {
            return .clause(words)
        }
        return .anywhere
    }
}
