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

    /// What fits at the cursor: after `.` the fields of what stands before it (of every record
    /// when that cannot be told); after `check` (and its commas) the rules; after `->` (and
    /// `|`) the steps and ends of the process; elsewhere the keywords, weekdays, units, the
    /// names declared, the functions, the lists of loaded records, and the local names of the
    /// declaration the cursor is in.
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
            if let fields = fields(beforeDotAt: offset, in: file, symbols: symbols) {
                items += fields
            } else {
                add([.field, .coreField])
            }
        case .rule:
            add([.rule])
        case .step:
            // The steps and ends of the process the cursor is in; of every process outside one.
            let own = symbols.all.filter { symbol in
                guard symbol.kind == .step || symbol.kind == .end, let process = symbols.symbol(symbol.container),
                      let span = process.span, span.file == file.id else { return false }
                return span.byteRange.contains(offset) || span.endOffset == offset
            }
            if own.isEmpty {
                // A process the parser could not read while it is being typed has no symbols:
                // its steps and ends are read from its lines.
                let written = Self.stepsWritten(inProcessAround: offset, in: file.bytes)
                if written.isEmpty { add([.step, .end]) }
                items += written
            } else {
                items += own.map { ($0.name, Self.completionKind($0.kind), $0.kind.rawValue) }
            }
        case .clause(let words):
            items += words.map { ($0, 14, "clause") }
        case .anywhere:
            items += Keyword.allCases.map { ($0.rawValue, 14, "keyword") }
            items += Self.weekdays.map { ($0, 21, "weekday") }
            items += Self.units.map { ($0, 21, "unit") }
            items += Self.listForms.map { ($0, 14, "keyword") }
            add([.group, .role, .constituency, .recordType, .builtInRecordType, .rule, .process, .builtInFunction, .builtInName, .function])
            items += symbols.recordListNames.map { ($0, 6, "every loaded record of its type") }
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

    /// The fields of what stands before the `.` that the word at `offset` follows: a name's
    /// record (`e.` after `for expense e`, `SITAG.`, a `let` or a quantifier's variable), or
    /// an expression the checker typed (`m.group.`); nil when that cannot be told, for which
    /// every field is offered.
    private func fields(beforeDotAt offset: Int, in file: SourceFile, symbols: Symbols) -> [(String, Int, String)]? {
        let bytes = file.bytes
        var dot = Swift.max(0, Swift.min(offset, bytes.count))
        while dot > 0, Self.isNameByte(bytes[dot - 1]) { dot -= 1 }
        guard dot > 0, bytes[dot - 1] == UInt8(ascii: ".") else { return nil }
        dot -= 1
        var start = dot
        while start > 0, Self.isNameByte(bytes[start - 1]) { start -= 1 }
        let word = String(decoding: bytes[start..<dot], as: UTF8.self)
        let named = start > 0 && bytes[start - 1] == UInt8(ascii: ".") ? nil : baseRecord(named: word, at: start, in: file, symbols: symbols)
        guard let record = named ?? typedExpression(endingAt: dot, in: file).flatMap(Self.recordName) else { return nil }
        return fields(ofRecordNamed: record, symbols: symbols)
    }

    /// The type of the shortest expression the checker typed that ends at byte `end`.
    private func typedExpression(endingAt end: Int, in file: SourceFile) -> CharterType? {
        guard end > 0, let entry = state.types?.innermost(at: end - 1, in: file.id), entry.span.endOffset == end else { return nil }
        return entry.type
    }

    /// The record type of the name `word` written at `start`: of what it refers to there, or
    /// else of the local of that name in the declaration around it, or of a group, role or
    /// constituency.
    private func baseRecord(named word: String, at start: Int, in file: SourceFile, symbols: Symbols) -> String? {
        guard !word.isEmpty else { return nil }
        var symbol = symbols.symbol(at: start, in: file.id)
        if symbol == nil {
            symbol = symbols.all.last { candidate in
                guard candidate.kind.isLocal, candidate.name == word, let container = symbols.symbol(candidate.container),
                      let span = container.span, span.file == file.id else { return false }
                return span.byteRange.contains(start) || span.endOffset == start
            } ?? symbols.all.first { [.group, .role, .constituency].contains($0.kind) && $0.name == word }
        }
        guard let symbol else { return nil }
        switch symbol.kind {
        case .group, .role, .constituency:
            return symbol.kind.rawValue
        case .subjectVariable:
            return subjectType(of: symbol, symbols: symbols)
        default:
            // A local's type is that of any expression that names it.
            guard let types = state.types else { return nil }
            for reference in symbols.references(to: symbol.id) {
                if let type = types.type(at: reference.span) { return Self.recordName(type) }
            }
            return nil
        }
    }

    /// The record type of a subject variable: the clause `for TYPE NAME` names the type just
    /// before the variable.
    private func subjectType(of variable: Symbol, symbols: Symbols) -> String? {
        guard let nameSpan = variable.nameSpan else { return nil }
        let type = symbols.references.last { $0.span.file == nameSpan.file && $0.span.endOffset <= nameSpan.offset }
        guard let record = symbols.symbol(type?.symbol),
              record.kind == .recordType || record.kind == .builtInRecordType else { return nil }
        return record.name
    }

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
    private func fields(ofRecordNamed name: String, symbols: Symbols) -> [(String, Int, String)] {
        let records = Set(symbols.all.filter { ($0.kind == .recordType || $0.kind == .builtInRecordType) && $0.name == name }.map(\.id))
        var items: [(String, Int, String)] = []
        for symbol in symbols.all {
            if let container = symbol.container, records.contains(container), symbol.kind == .field || symbol.kind == .coreField {
                items.append((symbol.name, 5, symbol.kind.rawValue))
            } else if symbol.kind == .attribute, symbols.symbol(symbol.container)?.kind.rawValue == name {
                items.append((symbol.name, 5, "attribute"))
            }
        }
        return items
    }

    /// The names of the lines starting `step NAME` and `end NAME, …` from the last line
    /// before `offset` that opens a `process` to the first `}` at the start of a line.
    static func stepsWritten(inProcessAround offset: Int, in bytes: [UInt8]) -> [(String, Int, String)] {
        let end = Swift.max(0, Swift.min(offset, bytes.count))
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var start = 0, opening: Int?
        for (index, line) in lines.enumerated() {
            if start > end { break }
            if line.starts(with: Array("process ".utf8)) { opening = index }
            start += line.count + 1
        }
        guard let opening else { return [] }
        var items: [(String, Int, String)] = []
        for line in lines[opening...].dropFirst() {
            let words = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            guard let first = words.first else { continue }
            if first == "}" { break }
            if first == "step", words.count > 1, isName(String(words[1])) {
                items.append((String(words[1]), 20, "step"))
            } else if first == "end" {
                items += words.dropFirst().prefix { isName(String($0)) }.map { (String($0), 20, "end") }
            }
        }
        return items
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

    static func isNameByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte >= 48 && byte <= 57) || ((byte | 0x20) >= 97 && (byte | 0x20) <= 122)
    }

    static func context(before offset: Int, in bytes: [UInt8]) -> CompletionContext {
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

    /// A quick fix for each diagnostic whose help suggests a name (``did you mean `chair`?``):
    /// replace the diagnostic's range with it, when the range holds one name (or one quoted
    /// word, which keeps its quotes: a label, a choice). The diagnostics are the request's, or
    /// when it gives none the server's own in the requested range.
    func codeActions(_ params: JSONValue?) throws -> JSON {
        let uri = params?["textDocument"]?["uri"]?.stringValue ?? ""
        let file = state.file(atPath: try documentPath(params))
        // Each diagnostic as sent back, its help, its LSP range, and the bytes it covers.
        var candidates: [(diagnostic: JSON, help: String?, range: JSON, bytes: Range<Int>?)] = []
        for value in params?["context"]?["diagnostics"]?.arrayValue ?? [] {
            guard let range = value["range"] else { continue }
            var bytes: Range<Int>?
            if let file, let start = try? Self.offset(range["start"], in: file.lineIndex),
               let end = try? Self.offset(range["end"], in: file.lineIndex), start <= end { bytes = start..<end }
            candidates.append((value.json, value["data"]?["help"]?.stringValue ?? Self.help(inMessage: value["message"]?.stringValue),
                               range.json, bytes))
        }
        if candidates.isEmpty, let file {
            let (start, end) = try requestedRange(params, in: file)
            for diagnostic in state.diagnostics {
                guard let span = diagnostic.span, span.file == file.id, span.offset <= end, start <= span.endOffset else { continue }
                candidates.append((lspDiagnostic(diagnostic, span: span), diagnostic.help, range(span), span.byteRange))
            }
        }
        var actions: [JSON] = []
        for candidate in candidates {
            guard let suggestion = Self.suggestion(in: candidate.help) else { continue }
            var replacement = suggestion
            if let file, let bytes = candidate.bytes {
                let written = file.text(inBytes: bytes)
                if written.count >= 2, written.hasPrefix("\""), written.hasSuffix("\""), Self.isName(String(written.dropFirst().dropLast())) {
                    replacement = "\"\(suggestion)\""
                } else if !Self.isName(written) {
                    continue  // a range over more than the name: the fix is the user's to write
                }
                if written == replacement { continue }
            }
            actions.append(.object([
                ("title", .string("replace with `\(replacement)`")),
                ("kind", .string("quickfix")),
                ("diagnostics", .array([candidate.diagnostic])),
                ("isPreferred", .bool(true)),
                ("edit", .object([("changes", .object([(uri, .array([.object([("range", candidate.range),
                                                                               ("newText", .string(replacement))])]))]))])),
            ]))
        }
        return .array(actions)
    }

    /// The byte offsets of `params.range`; the whole file without one.
    private func requestedRange(_ params: JSONValue?, in file: SourceFile) throws -> (Int, Int) {
        guard let range = params?["range"] else { return (0, file.bytes.count) }
        return (try Self.offset(range["start"], in: file.lineIndex), try Self.offset(range["end"], in: file.lineIndex))
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
