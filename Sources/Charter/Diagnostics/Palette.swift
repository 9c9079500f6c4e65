/// How the text of diagnostics and reports is marked up: not at all, or with ANSI SGR escape
/// sequences for a terminal. The library never chooses: a command does, from `--color`,
/// `NO_COLOR` and whether it writes to a terminal, and passes the palette to the renderer.
public struct Palette: Sendable, Equatable {
    /// What a piece of text is, which decides its colour.
    public enum Role: Sendable {
        /// `error[P007]`, and the carets under an error's span.
        case error
        /// `warning[T009]`, and its carets.
        case warning
        /// `note`, and the carets under a note's span.
        case note
        /// `help`.
        case help
        /// The gutter of a source excerpt: `  3 |`.
        case gutter
        /// `PASS` and `✓`.
        case pass
        /// `FAIL` and `✗`.
        case fail
        /// `ERROR` and `!`: a rule that cannot be evaluated.
        case cannotEvaluate
        /// `NOT_APPLICABLE`.
        case notApplicable
    }

    /// Whether text is marked up at all.
    public let colored: Bool

    /// No markup: what files, pipes and golden tests get.
    public static let plain = Palette(colored: false)
    /// ANSI colours, for a terminal.
    public static let ansi = Palette(colored: true)

    public init(colored: Bool) {
        self.colored = colored
    }

    /// `text` in the colour of `role`, or `text` itself when the palette is plain.
    public func paint(_ text: String, _ role: Role) -> String {
        guard colored, !text.isEmpty else { return text }
        return "\u{1B}[\(Self.sequence(role))m" + text + "\u{1B}[0m"
    }

    /// The SGR parameters of each role: bold and a colour of the basic eight, which every
    /// terminal shows and whose shades the user's theme chooses.
    static func sequence(_ role: Role) -> String {
        switch role {
        case .error, .fail: "1;31"
        case .warning: "1;33"
        case .note: "1;32"
        case .help: "1;36"
        case .gutter: "1;34"
        case .pass: "1;32"
        case .cannotEvaluate: "1;35"
        case .notApplicable: "2"
        }
    }
}

extension Palette {
    /// The role of a diagnostic's severity.
    public static func role(of severity: Severity) -> Role {
        switch severity {
        case .error: .error
        case .warning: .warning
        case .note: .note
        }
    }

    /// The role of a verdict's outcome.
    public static func role(of outcome: RuleVerdict.Outcome) -> Role {
        switch outcome {
        case .pass: .pass
        case .fail: .fail
        case .error: .cannotEvaluate
        case .notApplicable: .notApplicable
        }
    }
}
