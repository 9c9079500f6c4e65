import Charter

extension LanguageServer {
    /// Weekdays, for cadences.
    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// Duration units, singular and plural, and `working days`.
    static let units = ["minute", "minutes", "hour", "hours", "day", "days", "working", "week", "weeks", "month", "months",
                        "year", "years"]
    /// The list forms that read like calls but bind a variable, and their words.
    static let listForms = ["sort", "select", "by", "descending", "up", "to", "as"]

    // MARK: - Completion

    /// What fits at the cursor: after `.` the fields of the rulebook's records; after `check`
    /// its rules; after `->` its steps and ends; elsewhere the keywords, weekdays, units and
    /// the names declared, with the local names of the declaration the cursor is in.
    func completion(_ params: JSONValue?) throws -> JSON {
        let (file, offset) = try place(params)
        guard let symbols = state.symbols else { return .array([]) }
        let context = Self.context(before: offset, in: file.bytes)
        var items: [(String, Int, String)] = []  // label, CompletionItemKind, detail
        func add(_ kinds: Set<Symbol.Kind>) {
            for symbol in symbols.all where kinds.contains(symbol.kind) {
                items.append((symbol.name, Self.completionKind(symbol.kind), symbol.kind.rawValue))
            }
        }
        switch context {
        case .field:
            if let record = recordType(beforeDotAt: offset, in: file, symbols: symbols) {
                for field in symbols.all where field.container == record.id && (field.kind == .field || field.kind == .coreField) {
                    items.append((field.name, 5, field.kind.rawValue))
                }
            } else {
                add([.field, .coreField])
            }
        case .rule:
            add([.rule])
        case .step:
            add([.step, .end])
        case .clause(let words):
            items += words.map { ($0, 14, "clause") }
        case .anywhere:
            items += Keyword.allCases.map { ($0.rawValue, 14, "keyword") }
            items += Self.weekdays.map { ($0, 21, "weekday") }
            items += Self.units.map { ($0, 21, "unit") }
            items += Self.listForms.map { ($0, 14, "keyword") }
            add([.group, .role, .constituency, .recordType, .builtInRecordType, .rule, .process, .builtInFunction, .builtInName, .function])
            // The local names of the declaration around the cursor.
            for symbol in symbols.all where symbol.kind.isLocal {
                guard let container = symbols.symbol(symbol.container), let span = container.span,
                      span.file == file.id, span.byteRange.contains(offset) || span.endOffset == offset else { continue }
                items.append((symbol.name, 6, symbol.kind.rawValue))
            }
        }
        var seen: Set<String> = []
        let unique = items.filter { seen.insert($0.0).inserted }.sorted { $0.0 < $1.0 }
        return .object([
            ("isIncomplete", .bool(false)),
            ("items", .array(unique.map { item in
                .object([("label", .string(item.0)), ("kind", .integer(item.1)), ("detail", .string(item.2))])
            })),
        ])
    }

    /// The record type of the subject variable before the `.` that the word at `offset`
    /// follows (`e.` after `for expense e`); nil when it is anything else, for which every
    /// field is offered.
    private func recordType(beforeDotAt offset: Int, in file: SourceFile, symbols: Symbols) -> Symbol? {
        var index = Swift.max(0, Swift.min(offset, file.bytes.count))
        while index > 0, file.bytes[index - 1] != UInt8(ascii: ".") { index -= 1 }
        guard index >= 2, let variable = symbols.symbol(at: index - 2, in: file.id), variable.kind == .subjectVariable,
              let nameSpan = variable.nameSpan else { return nil }
        // The clause `for TYPE NAME` names the type just before the variable.
        let type = symbols.references.last { $0.span.file == nameSpan.file && $0.span.endOffset <= nameSpan.offset }
        guard let record = symbols.symbol(type?.symbol),
              record.kind == .recordType || record.kind == .builtInRecordType else { return nil }
        return record
    }

    /// Where completion is asked for, judged by the text before the word being typed.
    enum CompletionContext: Equatable {
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

    static func context(before offset: Int, in bytes: [UInt8]) -> CompletionContext {
        var index = Swift.max(0, Swift.min(offset, bytes.count))
        func isNameByte(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "_") || (byte >= 48 && byte <= 57) || ((byte | 0x20) >= 97 && (byte | 0x20) <= 122)
        }
        while index > 0, isNameByte(bytes[index - 1]) { index -= 1 }
        if index > 0, bytes[index - 1] == UInt8(ascii: ".") { return .field }
        while index > 0, bytes[index - 1] == UInt8(ascii: " ") || bytes[index - 1] == UInt8(ascii: "\t") { index -= 1 }
        if index >= 2, bytes[index - 1] == UInt8(ascii: ">"), bytes[index - 2] == UInt8(ascii: "-") { return .step }
        var wordStart = index
        while wordStart > 0, isNameByte(bytes[wordStart - 1]) { wordStart -= 1 }
        if String(decoding: bytes[wordStart..<index], as: UTF8.self) == "check" { return .rule }
        // Only white space before the word on its line: a clause starts here.
        if index == 0 || bytes[index - 1] == UInt8(ascii: "\n"), let block = block(around: offset, in: bytes),
           let words = clauses[block] {
            return .clause(words)
        }
        return .anywhere
    }

    static func completionKind(_ kind: Symbol.Kind) -> Int {
        switch kind {
        case .field, .coreField, .attribute: 5
        case .rule, .builtInFunction, .function: 3
        case .recordType, .builtInRecordType: 22
        case .group, .role, .constituency: 7
        case .process: 9
        case .step, .end: 20
        default: 6
        }
    }

    // MARK: - Code actions

    /// A quick fix for each diagnostic in the request whose help suggests a name
    /// (``did you mean `chair`?``): replace the diagnostic's range with it.
    func codeActions(_ params: JSONValue?) throws -> JSON {
        let uri = params?["textDocument"]?["uri"]?.stringValue ?? ""
        var actions: [JSON] = []
        for diagnostic in params?["context"]?["diagnostics"]?.arrayValue ?? [] {
            let help = diagnostic["data"]?["help"]?.stringValue ?? Self.help(inMessage: diagnostic["message"]?.stringValue)
            guard let suggestion = Self.suggestion(in: help), let range = diagnostic["range"] else { continue }
            actions.append(.object([
                ("title", .string("replace with `\(suggestion)`")),
                ("kind", .string("quickfix")),
                ("diagnostics", .array([diagnostic.json])),
                ("isPreferred", .bool(true)),
                ("edit", .object([("changes", .object([(uri, .array([.object([("range", range.json), ("newText", .string(suggestion))])]))]))])),
            ]))
        }
        return .array(actions)
    }

    /// The help line of a diagnostic's message as the server writes it.
    private static func help(inMessage message: String?) -> String? {
        guard let message, let range = message.range(of: "\nhelp: ") else { return nil }
        return String(message[range.upperBound...])
    }

    /// The name in ``did you mean `name`?``.
    static func suggestion(in help: String?) -> String? {
        guard let help, let start = help.range(of: "did you mean `") else { return nil }
        let rest = help[start.upperBound...]
        guard let end = rest.firstIndex(of: "`") else { return nil }
        let name = String(rest[..<end])
        return name.isEmpty ? nil : name
    }
}
