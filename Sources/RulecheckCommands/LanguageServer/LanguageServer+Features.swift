import Charter
import Foundation

extension LanguageServer {
    // MARK: - Names

    /// The symbols table, or a failure when the rulebook has none yet.
    private func symbols() throws -> Symbols {
        guard let symbols = state.symbols else {
            throw RequestFailure(code: ErrorCode.requestFailed, message: "the rulebook has not been checked")
        }
        return symbols
    }

    /// The occurrence under the cursor and its symbol.
    func symbolAt(_ params: JSONValue?) throws -> (Symbols, SymbolOccurrence, Symbol)? {
        let (file, offset) = try place(params)
        let symbols = try symbols()
        // At the end of a name (the cursor just after it) the name still counts.
        guard let occurrence = symbols.occurrence(at: offset, in: file.id)
                ?? (offset > 0 ? symbols.occurrence(at: offset - 1, in: file.id) : nil),
              let symbol = symbols.symbol(occurrence.symbol) else { return nil }
        return (symbols, occurrence, symbol)
    }

    func definition(_ params: JSONValue?) throws -> JSON {
        guard let (_, _, symbol) = try symbolAt(params), let span = symbol.nameSpan else { return .null }
        return location(span) ?? .null
    }

    func references(_ params: JSONValue?) throws -> JSON {
        guard let (symbols, _, symbol) = try symbolAt(params) else { return .null }
        var spans = symbols.references(to: symbol.id).map(\.span)
        if params?["context"]?["includeDeclaration"]?.boolValue ?? true, let span = symbol.nameSpan { spans.insert(span, at: 0) }
        return .array(spans.compactMap(location))
    }

    /// The symbol a rename would rewrite, or a failure saying why the name cannot be renamed.
    private func renameTarget(_ params: JSONValue?) throws -> (Symbols, SymbolOccurrence, Symbol) {
        guard let found = try symbolAt(params) else {
            throw RequestFailure(code: ErrorCode.requestFailed, message: "there is no name here to rename")
        }
        if found.2.kind.isBuiltIn || found.2.nameSpan == nil {
            throw RequestFailure(code: ErrorCode.requestFailed, message: "`\(found.2.name)` is built in and cannot be renamed")
        }
        return found
    }

    func prepareRename(_ params: JSONValue?) throws -> JSON {
        let (_, occurrence, symbol) = try renameTarget(params)
        return .object([("range", range(occurrence.span)), ("placeholder", .string(symbol.name))])
    }

    /// Every place the symbol is named, across the rulebook's files, rewritten.
    func rename(_ params: JSONValue?) throws -> JSON {
        let (symbols, _, symbol) = try renameTarget(params)
        guard let newName = params?["newName"]?.stringValue, Self.isName(newName) else {
            throw RequestFailure.invalidParams("the new name must be a name: letters, digits and `_`, not starting with a digit")
        }
        if Keyword(rawValue: newName) != nil {
            throw RequestFailure(code: ErrorCode.requestFailed, message: "`\(newName)` is a reserved keyword")
        }
        var edits: [String: [JSON]] = [:]
        let spans = (symbol.nameSpan.map { [$0] } ?? []) + symbols.references(to: symbol.id).map(\.span)
        var seen: Set<SourceSpan> = []
        for span in spans where seen.insert(span).inserted {
            guard let file = state.files[span.file] else { continue }
            edits[Self.uri(ofPath: file.path), default: []].append(.object([("range", range(span)), ("newText", .string(newName))]))
        }
        return .object([("changes", .object(edits.keys.sorted().map { ($0, .array(edits[$0] ?? [])) }))])
    }

    static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    // MARK: - Outline

    func documentSymbols(_ params: JSONValue?) throws -> JSON {
        let path = try documentPath(params)
        guard let file = state.file(atPath: path) else { return .array([]) }
        let declared = try symbols().declarations(in: file.id)
        let ids = Set(declared.map(\.id))
        var children: [SymbolID: [Symbol]] = [:]
        var roots: [Symbol] = []
        for symbol in declared {
            if let container = symbol.container, ids.contains(container) {
                children[container, default: []].append(symbol)
            } else {
                roots.append(symbol)
            }
        }
        func node(_ symbol: Symbol, depth: Int) -> JSON {
            let nameSpan = symbol.nameSpan ?? symbol.span
            var members: [(String, JSON)] = [
                ("name", .string(symbol.name)),
                ("detail", .string(symbol.kind.rawValue)),
                ("kind", .integer(Self.symbolKind(symbol.kind))),
                ("range", symbol.span.map(range) ?? nameSpan.map(range) ?? .null),
                ("selectionRange", nameSpan.map(range) ?? .null),
            ]
            let nested = depth < 8 ? (children[symbol.id] ?? []).map { node($0, depth: depth + 1) } : []
            if !nested.isEmpty { members.append(("children", .array(nested))) }
            return .object(members)
        }
        return .array(roots.map { node($0, depth: 0) })
    }

    /// LSP's `SymbolKind` for a Charter symbol.
    static func symbolKind(_ kind: Symbol.Kind) -> Int {
        switch kind {
        case .group: 2  // module
        case .role, .constituency: 5  // class
        case .level: 22  // enum member
        case .recordType, .builtInRecordType: 23  // struct
        case .field, .coreField, .attribute: 8  // field
        case .rule: 12  // function
        case .process: 9  // constructor
        case .step, .end: 6  // method
        case .seat, .member: 7  // property
        case .subjectVariable, .letBinding, .iterationVariable, .parameter, .builtInName: 13  // variable
        case .function: 12  // function
        case .builtInFunction: 12
        }
    }

    func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

extension LanguageServer {
    /// `textDocument/formatting`: the document in `rulecheck fmt`'s layout, as one edit that
    /// replaces the whole text (none when it is already formatted). A document that does not
    /// parse is not formatted: the request fails, and its errors are already on the document
    /// as diagnostics.
    func formatting(_ params: JSONValue?) throws -> JSON {
        let path = try documentPath(params)
        guard let text = documents[path] ?? state.file(atPath: path).map({ String(decoding: $0.bytes, as: UTF8.self) }) else {
            throw RequestFailure(code: ErrorCode.requestFailed, message: "`\(path)` is not a file of the rulebook")
        }
        switch SourceFormatter.format(text: text, path: path) {
        case .unparsable(let errors):
            let first = errors.first.map { ": \($0.message)" } ?? ""
            throw RequestFailure(code: ErrorCode.requestFailed, message: "the file does not parse, so it is not formatted\(first)")
        case .formatted(let formatted):
            guard formatted != text else { return .array([]) }
            // The end of the text, in UTF-16 code units on its last line.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let end: JSON = .object([("line", .integer(lines.count - 1)), ("character", .integer(lines.last?.utf16.count ?? 0))])
            let whole: JSON = .object([("start", .object([("line", .integer(0)), ("character", .integer(0))])), ("end", end)])
            return .array([.object([("range", whole), ("newText", .string(formatted))])])
        }
    }
}
