/// The reserved words of Charter. They start declarations and clauses or are operators, so
/// none can be a name. Every other word (`reports_to`, `seat`, `monthly`, `by`) is contextual:
/// it means something only where the grammar expects it, and is an ordinary name elsewhere.
public enum Keyword: String, CaseIterable, Sendable {
    // Declarations
    case charter, role, constituency, level, group, record, rule, process, def
    // Rule clauses
    case `for`, when, `let`, require, `else`
    // Process clauses
    case step, end, appeal
    // Expressions
    case and, or, not, `in`, of, all, any, count, sum, min, max, `where`, `true`, `false`, `if`, then

    /// Keywords that start a top-level declaration: the parser recovers at these.
    public var startsDeclaration: Bool {
        switch self {
        case .charter, .role, .constituency, .level, .group, .record, .rule, .process, .def: true
        default: false
        }
    }
}

/// One piece of a text literal: characters, or an interpolated expression's tokens.
public enum TextPart: Sendable, Equatable {
    case literal(String)
    /// The tokens between `{` and `}`, ending with an `.endOfInput` token at the `}`.
    case interpolation([Token])
}

/// What a token is.
public enum TokenKind: Sendable, Equatable {
    case name(String)
    case keyword(Keyword)
    /// A whole or decimal number, or a percentage (`75%` is 3/4).
    case number(Rational, isPercent: Bool)
    case text([TextPart])
    case date(CivilDate)
    case time(TimeOfDay)
    /// A compact duration: `30m`, `2h`, `2h30m`, in minutes.
    case minutes(Int)
    case punctuation(Punctuation)
    case endOfInput
    /// A token the lexer already reported; the parser skips it without a second diagnostic.
    case invalid
}

/// Operators and delimiters.
public enum Punctuation: String, Sendable, CaseIterable {
    case leftBrace = "{", rightBrace = "}", leftParen = "(", rightParen = ")"
    case leftBracket = "[", rightBracket = "]", comma = ",", colon = ":", dot = "."
    case arrow = "->", pipe = "|", question = "?", coalesce = "??", plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case assign = "="
}

extension TokenKind {
    var isText: Bool { if case .text = self { true } else { false } }
}

/// A token, where it stands, and the trivia around it (see `Trivia`).
public struct Token: Sendable, Equatable {
    public let kind: TokenKind
    public let span: SourceSpan
    /// The line breaks, blank lines and whole-line comments before the token, from the end of
    /// the previous token's trailing trivia; for the first token, from the start of the input.
    public internal(set) var leadingTrivia: Trivia
    /// The spaces and the comment after the token on its line, up to the line break; for the
    /// last token before the end of input, up to the end of its line.
    public internal(set) var trailingTrivia: Trivia

    public init(_ kind: TokenKind, _ span: SourceSpan, leadingTrivia: Trivia = .empty, trailingTrivia: Trivia = .empty) {
        self.kind = kind
        self.span = span
        self.leadingTrivia = leadingTrivia
        self.trailingTrivia = trailingTrivia
    }

    /// The token as written in `source`, byte for byte (empty for the end of input).
    public func spelling(in source: SourceFile) -> String {
        source.spelling(of: span)
    }

    /// How the token reads in a diagnostic: `` `}` ``, `` keyword `rule` ``, `end of file`.
    public var shownInMessage: String {
        switch kind {
        case .name(let name): "`\(name)`"
        case .keyword(let keyword): "keyword `\(keyword.rawValue)`"
        case .number(let value, let isPercent):
            isPercent ? "a percentage" : value.isInteger ? "number `\(value)`" : "a number"
        case .text: "text"
        case .date(let date): "date `\(date)`"
        case .time(let time): "time `\(time)`"
        case .minutes: "duration"
        case .punctuation(let p): "`\(p.rawValue)`"
        case .endOfInput: "end of file"
        case .invalid: "invalid token"
        }
    }
}
