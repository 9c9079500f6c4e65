import Charter

extension LanguageServer {
    // MARK: - Completion

    /// What fits at the cursor: after `.` the fields of what stands before it (of every record
    /// when that cannot be told); after `check` (and its commas) the rules; after `->` (and
    /// `|`) the steps and ends of the process; elsewhere the keywords, weekdays, units, the
    /// names declared, the functions, the lists of loaded records, and the local names of the
    /// declaration the cursor is in.
    func completion(_ params: JSONValue?) throws -> JSON {
        let (file, offset) = try place(params)
        guard let symbols = state.symbols else { return .array([]) }
        let context = NameCompletion.context(before: offset, in: file.bytes)
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
                let written = NameCompletion.stepsWritten(inProcessAround: offset, in: file.bytes).map { ($0.name, 20, $0.detail) }
                if written.isEmpty { add([.step, .end]) }
                items += written
            } else {
                items += own.map { ($0.name, Self.completionKind($0.kind), $0.kind.rawValue) }
            }
        case .clause(let words):
            items += words.map { ($0, 14, "clause") }
        case .anywhere:
            items += Keyword.allCases.map { ($0.rawValue, 14, "keyword") }
            items += NameCompletion.weekdays.map { ($0, 21, "weekday") }
            items += NameCompletion.units.map { ($0, 21, "unit") }
            items += NameCompletion.listForms.map { ($0, 14, "keyword") }
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
        while dot > 0, NameCompletion.isNameByte(bytes[dot - 1]) { dot -= 1 }
        guard dot > 0, bytes[dot - 1] == UInt8(ascii: ".") else { return nil }
        dot -= 1
        var start = dot
        while start > 0, NameCompletion.isNameByte(bytes[start - 1]) { start -= 1 }
        let word = String(decoding: bytes[start..<dot], as: UTF8.self)
        let named = start > 0 && bytes[start - 1] == UInt8(ascii: ".") ? nil : baseRecord(named: word, at: start, in: file, symbols: symbols)
        guard let record = named ?? typedExpression(endingAt: dot, in: file).flatMap(NameCompletion.recordName) else { return nil }
        return NameCompletion.fields(ofRecordNamed: record, symbols: symbols).map { ($0.name, 5, $0.detail) }
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
                if let type = types.type(at: reference.span) { return NameCompletion.recordName(type) }
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
