import Charter
import Foundation

extension LanguageServer {
    // MARK: - Hover

    /// What the cursor rests on: a name's kind, its declaration's line and where it stands,
    /// and the type of the expression it makes; the list of a record type's loaded records;
    /// a keyword's lines of the grammar; any other expression's type.
    func hover(_ params: JSONValue?) throws -> JSON {
        let (file, offset) = try place(params)
        let typed = state.types?.innermost(at: offset, in: file.id)
        if let (symbols, occurrence, symbol) = try symbolAt(params) {
            let lines = describe(symbol, at: occurrence, typed: typed, in: file, symbols: symbols)
            return Self.hover(lines, range: range(typed.flatMap { Self.isRecordList($0, of: symbol, in: file) ? $0.span : nil }
                                                  ?? occurrence.span))
        }
        if let token = Self.word(at: offset, in: file) {
            let grammar = GrammarSummary.lines(for: token.word)
            if !grammar.isEmpty {
                let kind = Keyword(rawValue: token.word) == nil ? "contextual word" : "keyword"
                var lines = ["\(kind) `\(token.word)`"]
                lines.append("```ebnf\n" + grammar.joined(separator: "\n") + "\n```")
                lines.append("from the grammar in Grammar.md")
                return Self.hover(lines, range: range(token.span))
            }
        }
        guard let typed, typed.type != .unknown else { return .null }
        return Self.hover(["`\(Self.excerpt(file.text(of: typed.span)))`: \(Self.spelled(typed.type))"], range: range(typed.span))
    }

    private func describe(_ symbol: Symbol, at occurrence: SymbolOccurrence, typed: ExpressionTypes.Entry?,
                          in file: SourceFile, symbols: Symbols) -> [String] {
        var lines: [String] = []
        if let typed, Self.isRecordList(typed, of: symbol, in: file) {
            lines.append("`\(symbol.name)s`: every `\(symbol.name)` record the command was given, in the order its files gave them")
            lines.append("type: \(Self.spelled(typed.type))")
        }
        var heading = "\(symbol.kind.rawValue) `\(symbol.name)`"
        if let container = symbols.symbol(symbol.container) {
            heading += " of \(container.kind.rawValue) `\(container.name)`"
        }
        lines.append(heading)
        if let span = symbol.nameSpan, let declared = state.files[span.file] {
            let declaration = declared.lineText(span.line).trimmingCharacters(in: .whitespaces)
            lines.append("```charter\n\(declaration)\n```")
            lines.append("declared in `\(lastComponent(declared.path))` at line \(span.line)")
        } else if symbol.kind.isBuiltIn {
            lines.append("provided by the language")
        }
        // A group, role or constituency is also a value, a record of its kind's built-in type.
        if occurrence.role == .definition, [.group, .role, .constituency].contains(symbol.kind) {
            lines.append("in an expression: record `\(symbol.kind.rawValue)`")
        }
        // The type of the expression the name makes (a field read ends at the field's name,
        // a declaration named in an expression is a record of its kind).
        if let typed, typed.type != .unknown, !Self.isRecordList(typed, of: symbol, in: file),
           typed.span.endOffset == occurrence.span.endOffset {
            lines.append("type: \(Self.spelled(typed.type))")
        } else if let typed, typed.type != .unknown, symbol.kind == .function || symbol.kind == .builtInFunction,
                  typed.span.offset == occurrence.span.offset {
            lines.append("this call's result: \(Self.spelled(typed.type))")
        }
        return lines
    }

    /// Whether `typed` is the list of every record of `symbol`'s type (`meetings`), whose
    /// name refers to the type in all but its last letter.
    private static func isRecordList(_ typed: ExpressionTypes.Entry, of symbol: Symbol, in file: SourceFile) -> Bool {
        guard symbol.kind == .recordType || symbol.kind == .builtInRecordType, case .list = typed.type else { return false }
        return file.text(of: typed.span) == symbol.name + "s"
    }

    /// A type as hover shows it: in backticks, but where its description has them already
    /// (record `meeting`, list of record `meeting`).
    static func spelled(_ type: CharterType) -> String {
        let description = type.description
        return description.contains("`") ? description : "`\(description)`"
    }

    /// An expression's text on one line, shortened past 60 characters.
    static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return line.count > 60 ? String(line.prefix(59)) + "…" : line
    }

    /// The keyword or name token at `offset` (or just before it), outside text and comments.
    static func word(at offset: Int, in file: SourceFile) -> (word: String, span: SourceSpan)? {
        let tokens = Lexer.tokenize(file).tokens
        var low = 0, high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].span.offset <= offset { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let token = tokens[low - 1]
        guard offset <= token.span.endOffset else { return nil }
        switch token.kind {
        case .keyword(let keyword): return (keyword.rawValue, token.span)
        case .name(let name): return (name, token.span)
        default: return nil
        }
    }

    static func hover(_ lines: [String], range: JSON) -> JSON {
        .object([
            ("contents", .object([("kind", .string("markdown")), ("value", .string(lines.joined(separator: "\n\n")))])),
            ("range", range),
        ])
    }
}
