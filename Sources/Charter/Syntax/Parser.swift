/// Builds the syntax tree of one file from its tokens.
///
/// The parser reports every error it can find in a file, not just the first: a malformed
/// clause is skipped to the next line that starts a clause, a malformed declaration to the next
/// declaration, and an unclosed block is reported at the place it must have ended, with a
/// note pointing back at its `{`.
public struct Parser {
    /// Expressions may nest (parentheses, lists, operators, quantifiers) only this deep, so that
    /// no input can exhaust the stack of the parser or of anything that walks the tree after it.
    public static let maxExpressionDepth = 100
    /// After this many errors in one file the rest of it is not parsed.
    public static let maxErrorsPerFile = 50

    struct Failure: Error {}

    var tokens: [Token]
    var position = 0
    var depth = 0
    /// While set, `in` ends an expression instead of testing membership: `let x = a in body`.
    var noInOperator = false
    var errorCount = 0
    var stopped = false
    /// Clauses that failed and were skipped, whether or not the failure was reported here (the
    /// lexer reports invalid tokens): a declaration with one says nothing of missing clauses.
    var failedClauses = 0
    /// Set for the parser of a text interpolation's tokens.
    var insideInterpolation = false
    public internal(set) var diagnostics: [Diagnostic] = []

    public init(tokens: [Token]) {
        self.tokens = tokens.isEmpty
            ? [Token(.endOfInput, SourceSpan(file: FileID(0), offset: 0, endOffset: 0, line: 1, column: 1, length: 1))]
            : tokens
    }

    /// Lexes and parses `source`, returning its declarations and every diagnostic found.
    public static func parse(_ source: SourceFile) -> (rulebook: Rulebook, diagnostics: [Diagnostic]) {
        let lexed = Lexer.lex(source)
        var parser = Parser(tokens: lexed.tokens)
        parser.errorCount = lexed.diagnostics.count
        var lexical = lexed.diagnostics
        if lexical.count > maxErrorsPerFile {
            let cut = lexical[maxErrorsPerFile]
            lexical = Array(lexical.prefix(maxErrorsPerFile))
            lexical.append(.error(.tooManyErrors, "too many errors; the rest of the file was not read", at: cut.span,
                                  help: "fix the errors above and run again"))
            parser.stopped = true
        }
        let declarations = parser.parseFile()
        var diagnostics = lexical + parser.diagnostics
        if declarations.isEmpty && !diagnostics.hasErrors {
            diagnostics.append(.error(.emptyFile, "`\(source.path)` declares nothing", at: nil,
                                      help: "a rule file holds declarations such as `group`, `rule` or `process`; see Grammar.md"))
        }
        return (Rulebook(declarations: declarations, comments: lexed.comments), diagnostics.sortedBySource())
    }

    // MARK: - Tokens

    var current: Token { tokens[min(position, tokens.count - 1)] }

    func peek(_ ahead: Int) -> Token { tokens[min(position + ahead, tokens.count - 1)] }

    var previous: Token { tokens[max(0, min(position - 1, tokens.count - 1))] }

    var atEnd: Bool { if case .endOfInput = current.kind { return true } else { return false } }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    func check(_ punctuation: Punctuation) -> Bool { current.kind == .punctuation(punctuation) }

    func check(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    /// True when the current token is the contextual word `word`.
    func check(word: String) -> Bool { current.kind == .name(word) }

    mutating func match(_ punctuation: Punctuation) -> Bool {
        guard check(punctuation) else { return false }
        advance()
        return true
    }

    mutating func match(_ keyword: Keyword) -> Bool {
        guard check(keyword) else { return false }
        advance()
        return true
    }

    mutating func match(word: String) -> Bool {
        guard check(word: word) else { return false }
        advance()
        return true
    }

    /// True when the current token is the first on its line: clauses are resynchronised there.
    var startsLine: Bool { position == 0 || previous.span.line < current.span.line }

    // MARK: - Errors

    mutating func error(_ code: DiagnosticCode, _ message: String, at span: SourceSpan,
                        help: String? = nil, notes: [Diagnostic.Note] = []) {
        guard !stopped else { return }
        // The lexer already reported an invalid token; a second message about it is noise.
        if case .invalid = current.kind, span == current.span { return }
        errorCount += 1
        if errorCount > Parser.maxErrorsPerFile {
            stopped = true
            diagnostics.append(.error(.tooManyErrors, "too many errors; the rest of the file was not read", at: span,
                                      help: "fix the errors above and run again"))
            return
        }
        diagnostics.append(.error(code, message, at: span, help: help, notes: notes))
    }

    /// Reports that `what` was expected where the current token stands, and fails.
    mutating func fail(expected what: String, help: String? = nil, code: DiagnosticCode = .expectedToken,
                       atCurrentToken: Bool = false) -> Failure {
        if !atCurrentToken, position > 0, current.span.line > previous.span.line, startsSomethingElse {
            // What is missing belongs at the end of the line before: point there, not at the
            // next line's first word, whose own clause is then still checked.
            let end = previous.span
            let after = SourceSpan(file: end.file, offset: end.endOffset, endOffset: end.endOffset, line: end.line,
                                   column: end.column + end.length, length: 1)
            error(code, "expected \(what) after \(shown(previous))", at: after, help: help)
            return Failure()
        }
        error(code, "expected \(what), found \(shown(current))", at: current.span, help: help)
        return Failure()
    }

    mutating func expect(_ punctuation: Punctuation, _ context: String, help: String? = nil) throws -> Token {
        guard check(punctuation) else {
            throw fail(expected: "`\(punctuation.rawValue)` \(context)", help: help)
        }
        return advance()
    }

    /// True when the current token would start a clause, a declaration or end a block: what
    /// was expected before it is then missing from the end of the previous line.
    var startsSomethingElse: Bool {
        switch current.kind {
        case .keyword, .name, .endOfInput, .punctuation(.rightBrace): true
        default: false
        }
    }

    /// How a token reads in a message; inside an interpolation the end of input is its `}`.
    func shown(_ token: Token) -> String {
        if case .endOfInput = token.kind, insideInterpolation { return "`}`" }
        return token.shownInMessage
    }

    // MARK: - Names

    /// A name; a keyword in its place is reported (the keyword is then taken as the name, so
    /// that the rest of the declaration is still checked).
    mutating func expectName(_ what: String) throws -> Identifier {
        switch current.kind {
        case .name(let text):
            return Identifier(text, advance().span)
        case .keyword(let keyword) where !keyword.startsDeclaration || peekIsNameContinuation:
            error(.keywordAsName, "`\(keyword.rawValue)` is a keyword and cannot be used as \(what)", at: current.span,
                  help: "choose another name, such as `\(keyword.rawValue)_` or `the_\(keyword.rawValue)`")
            return Identifier(keyword.rawValue, advance().span)
        default:
            throw fail(expected: what, help: "names start with a letter or `_` and go on with letters, digits and `_`",
                       code: .expectedName)
        }
    }

    /// A field name: after `.` or before `:` in a record, a keyword is unambiguous, so records may
    /// have fields such as `group` or `end`, as their JSON and CSV files name them.
    mutating func expectFieldName(_ what: String) throws -> Identifier {
        if case .keyword(let keyword) = current.kind {
            return Identifier(keyword.rawValue, advance().span)
        }
        return try expectName(what)
    }

    /// After a keyword where a name belongs: a declaration keyword on the same line as what
    /// precedes it is a misused name (`role rule`); on a line of its own it starts the next
    /// declaration, and the name is missing.
    private var peekIsNameContinuation: Bool {
        current.span.line == previous.span.line
    }

    mutating func optionalTitle() -> TextLiteral? {
        guard case .text(let parts) = current.kind else { return nil }
        let token = advance()
        var value = ""
        for part in parts {
            switch part {
            case .literal(let text): value += text
            case .interpolation:
                error(.expectedLiteral, "a title cannot interpolate an expression", at: token.span,
                      help: "write a literal brace in a title as `\\{`")
            }
        }
        return TextLiteral(value: value, span: token.span)
    }

    mutating func expectWholeNumber(_ what: String) throws -> (Int, SourceSpan) {
        guard case .number(let value, false) = current.kind, value.isInteger else {
            throw fail(expected: what, code: .expectedLiteral)
        }
        return (value.numerator, advance().span)
    }

    mutating func expectDate(_ what: String) throws -> (CivilDate, SourceSpan) {
        if case .date(let date) = current.kind { return (date, advance().span) }
        if case .invalid = current.kind { advance(); throw Failure() }
        throw fail(expected: what, help: "dates are written YYYY-MM-DD, as in `2024-03-13`", code: .expectedLiteral)
    }

    mutating func expectTime(_ what: String) throws -> (TimeOfDay, SourceSpan) {
        if case .time(let time) = current.kind { return (time, advance().span) }
        if case .invalid = current.kind { advance(); throw Failure() }
        throw fail(expected: what, help: "times are written HH:MM, as in `10:00`", code: .expectedLiteral)
    }

    // MARK: - Files and declarations

    /// file = { declaration } ;
    mutating func parseFile() -> [Declaration] {
        var declarations: [Declaration] = []
        while !atEnd && !stopped {
            let start = position
            depth = 0
            noInOperator = false
            do {
                if let declaration = try parseDeclaration() {
                    declarations.append(declaration)
                }
            } catch {
                synchronizeToDeclaration()
            }
            if position == start { advance() }
        }
        return declarations
    }

    /// Skips to the next token that can start a declaration at the top level.
    mutating func synchronizeToDeclaration() {
        var braces = 0
        while !atEnd {
            switch current.kind {
            case .keyword(let keyword) where keyword.startsDeclaration && (braces <= 0 || startsLine && current.span.column == 1):
                return
            case .punctuation(.leftBrace): braces += 1
            case .punctuation(.rightBrace):
                braces -= 1
                if braces < 0 { braces = 0 }
            default: break
            }
            advance()
        }
    }

    /// declaration = charter | role | constituency | level | group | record | rule | process | function ;
    mutating func parseDeclaration() throws -> Declaration? {
        switch current.kind {
        case .keyword(.charter): return .charter(try parseCharter())
        case .keyword(.role):
            let (name, title, attributes, span) = try parseNamedEntity("a role name")
            return .role(RoleDecl(name: name, title: title, attributes: attributes, span: span))
        case .keyword(.constituency):
            let (name, title, attributes, span) = try parseNamedEntity("a constituency name")
            return .constituency(ConstituencyDecl(name: name, title: title, attributes: attributes, span: span))
        case .keyword(.level): return .level(try parseLevel())
        case .keyword(.group): return .group(try parseGroup())
        case .keyword(.record): return .record(try parseRecord())
        case .keyword(.rule): return .rule(try parseRule())
        case .keyword(.process): return .process(try parseProcess())
        case .keyword(.def): return .function(try parseFunction())
        case .invalid:
            throw Failure()
        case .name(let word):
            let keywords = Keyword.allCases.filter(\.startsDeclaration).map(\.rawValue)
            let help = Suggest.didYouMean(word, among: keywords)
                ?? "a declaration starts with one of \(Suggest.list(keywords))"
            throw fail(expected: "a declaration", help: help, code: .expectedDeclaration, atCurrentToken: true)
        default:
            let keywords = Keyword.allCases.filter(\.startsDeclaration).map(\.rawValue)
            throw fail(expected: "a declaration", help: "a declaration starts with one of \(Suggest.list(keywords))",
                       code: .expectedDeclaration, atCurrentToken: true)
        }
    }

    /// role = "role" NAME [TEXT] [attributes] ;  constituency likewise.
    mutating func parseNamedEntity(_ what: String) throws -> (Identifier, TextLiteral?, [Attribute], SourceSpan) {
        let keyword = advance()
        let name = try expectName(what)
        let title = optionalTitle()
        let attributes = check(.leftBrace) ? try parseAttributes(owner: "`\(name.text)`", openerKeyword: keyword) : []
        return (name, title, attributes, keyword.span.through(name.span).covering(previous.span))
    }

    /// attributes = "{" { NAME expression } "}" ;
    mutating func parseAttributes(owner: String, openerKeyword: Token) throws -> [Attribute] {
        var attributes: [Attribute] = []
        try parseBlock(opener: owner, clauseWords: []) { parser in
            let name = try parser.expectName("an attribute name")
            let value = try parser.parseExpression()
            attributes.append(Attribute(name: name, value: value))
        }
        return attributes
    }

    /// level = "level" NUMBER [TEXT] ;
    mutating func parseLevel() throws -> LevelDecl {
        let keyword = advance()
        let (number, numberSpan) = try expectWholeNumber("a level number")
        let title = optionalTitle()
        return LevelDecl(number: number, title: title, span: keyword.span.through(numberSpan), numberSpan: numberSpan)
    }

    /// charter = "charter" [TEXT] "{" { "sponsor" NAME | "calendar" NAME | "holiday" DATE [TEXT] } "}" ;
    mutating func parseCharter() throws -> CharterDecl {
        let keyword = advance()
        let title = optionalTitle()
        var decl = CharterDecl(title: title, span: keyword.span.through(title?.span ?? keyword.span))
        try parseBlock(opener: "`charter`", clauseWords: ["sponsor", "calendar", "holiday"]) { parser in
            let word = parser.current
            if parser.match(word: "sponsor") {
                decl.sponsor = try parser.expectName("the sponsor's name")
            } else if parser.match(word: "calendar") {
                decl.calendar = try parser.expectName("a calendar name such as `england_and_wales`")
            } else if parser.match(word: "holiday") {
                let (date, span) = try parser.expectDate("the holiday's date")
                let name = parser.optionalTitle()
                decl.holidays.append(.init(date: date, name: name, span: word.span.through(name?.span ?? span)))
            } else {
                throw parser.unknownClause(in: "`charter`", words: ["sponsor", "calendar", "holiday"])
            }
        }
        return decl
    }

    mutating func unknownClause(in block: String, words: [String]) -> Failure {
        let found = current
        let text: String
        switch found.kind {
        case .name(let name): text = name
        case .keyword(let keyword): text = keyword.rawValue
        default:
            return fail(expected: "a clause of \(block)", help: "\(block) takes \(Suggest.list(words))", atCurrentToken: true)
        }
        let help = Suggest.didYouMean(text, among: words) ?? "\(block) takes \(Suggest.list(words))"
        error(.unknownClause, "\(block) has no clause `\(text)`", at: found.span, help: help)
        return Failure()
    }

    // MARK: - Blocks

    /// Parses `{ clause… }`. A clause that fails is skipped to the next line that starts one of
    /// `clauseWords` (or the block's end); a declaration keyword or the end of the file before
    /// the `}` is reported as an unclosed block pointing back at the `{`.
    mutating func parseBlock(opener: String, clauseWords: Set<String>, clauseKeywords: Set<Keyword> = [],
                             clause: (inout Parser) throws -> Void) throws {
        let open = try expect(.leftBrace, "to open the body of \(opener)")
        while !stopped {
            if match(.rightBrace) { return }
            let endsBlock: Bool
            switch current.kind {
            case .endOfInput: endsBlock = true
            case .keyword(.level) where startsLine && peek(2).kind.isText:
                // `level 3 "Advisory Groups"` is a declaration: a group's own `level` has no title.
                endsBlock = true
            case .keyword(let keyword):
                // `group: text` in a record is a field named like a keyword, not a declaration.
                endsBlock = keyword.startsDeclaration && !clauseKeywords.contains(keyword)
                    && peek(1).kind != .punctuation(.colon)
            default: endsBlock = false
            }
            if endsBlock {
                error(.unclosedBlock, "expected `}` to close the body of \(opener) opened at line \(open.span.line)",
                      at: current.span, help: "add `}` after the last clause of \(opener)",
                      notes: [.init("the body of \(opener) opens here", at: open.span)])
                return
            }
            let start = position
            do {
                try clause(&self)
            } catch {
                failedClauses += 1
                synchronizeToClause(clauseWords: clauseWords, clauseKeywords: clauseKeywords, clauseStart: start)
            }
            if position == start { advance() }
        }
    }

    /// Skips to the `}` that ends the current block, or to the first token of a later line that
    /// can start a clause: any name or clause keyword, so that several misspelt clauses in a row
    /// are each reported. A clause whose failure already consumed tokens resumes at once when it
    /// stands at such a line start. `else` never restarts: it belongs to the `require` before it.
    mutating func synchronizeToClause(clauseWords: Set<String>, clauseKeywords: Set<Keyword>, clauseStart: Int) {
        var braces = 0
        while !atEnd {
            if position > clauseStart && braces == 0 && startsLine {
                switch current.kind {
                case .name: return
                case .keyword(let keyword) where keyword != .else
                    && (clauseKeywords.contains(keyword) || keyword.startsDeclaration): return
                case .punctuation(.rightBrace): return
                default: break
                }
            }
            switch current.kind {
            case .punctuation(.leftBrace): braces += 1
            case .punctuation(.rightBrace):
                if braces == 0 { return }
                braces -= 1
            case .keyword(let keyword) where keyword.startsDeclaration && !clauseKeywords.contains(keyword) && startsLine
                && position > clauseStart:
                return
            default: break
            }
            advance()
        }
    }
}
