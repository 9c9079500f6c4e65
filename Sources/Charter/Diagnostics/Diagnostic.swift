/// How serious a diagnostic is. Errors stop a rulebook from being used; warnings do not,
/// unless the user asks for them to (`--warnings-as-errors`).
public enum Severity: String, Sendable, Comparable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A message about the source, from any phase: lexer, parser, checker, record loader.
///
/// The message says what is wrong (lowercase, no final period, names in backticks); `help`
/// says how to fix it; `notes` point at other places that explain it (the block an unclosed
/// brace opened, the first of two duplicate declarations).
public struct Diagnostic: Sendable, Hashable {
    public let severity: Severity
    public let code: DiagnosticCode
    public let message: String
    public let span: SourceSpan?
    public let help: String?
    public let notes: [Note]

    /// A secondary place that explains the diagnostic.
    public struct Note: Sendable, Hashable {
        public let message: String
        public let span: SourceSpan?
        public init(_ message: String, at span: SourceSpan?) {
            self.message = message
            self.span = span
        }
    }

    public init(_ severity: Severity, _ code: DiagnosticCode, _ message: String, at span: SourceSpan?,
                help: String? = nil, notes: [Note] = []) {
        self.severity = severity
        self.code = code
        self.message = message
        self.span = span
        self.help = help
        self.notes = notes
    }

    public static func error(_ code: DiagnosticCode, _ message: String, at span: SourceSpan?,
                             help: String? = nil, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, code, message, at: span, help: help, notes: notes)
    }

    public static func warning(_ code: DiagnosticCode, _ message: String, at span: SourceSpan?,
                               help: String? = nil, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.warning, code, message, at: span, help: help, notes: notes)
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Diagnostics in source order (file, then offset), errors before warnings at one place.
    public func sortedBySource() -> [Diagnostic] {
        enumerated().sorted { a, b in
            let l = a.element.span, r = b.element.span
            switch (l, r) {
            case let (l?, r?):
                if l.file != r.file { return l.file < r.file }
                if l.offset != r.offset { return l.offset < r.offset }
            case (nil, _?): return true
            case (_?, nil): return false
            case (nil, nil): break
            }
            return a.offset < b.offset
        }.map(\.element)
    }
}
