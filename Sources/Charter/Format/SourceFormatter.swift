/// The one canonical layout of a Charter file, like gofmt's: no options. Text in, text out; the
/// library prints nothing, so `rulecheck fmt` and a language server share it.
///
/// The layout is computed from the tokens and their trivia (`Token.leadingTrivia`,
/// `trailingTrivia`), so every comment stays where it was written and the tokens themselves are
/// never changed, only the white space between them:
/// - indentation is two spaces per open brace; a line at the top level that starts no
///   declaration (a `def` body) is indented one level; a line that continues a clause (one that does not
///   start with a clause word of its block, or follows an operator or a comma) is indented one
///   level more, and one level more for each parenthesis or bracket still open at its start;
/// - the line breaks are the author's, with runs of blank lines made one, none after a `{` or
///   before a `}`, none at the start or end of the file; a block written over several lines has
///   its `{` end a line and its `}` on a line of its own;
/// - one space between tokens (two between the fields of a record type on one line, none
///   around the `/` of a fraction of two numbers), except after `(`, `[`, `.` and a unary `-`, before `)`, `]`, `,`,
///   `.`, `:` and a type's `?`, and between an aggregate (`count`, `sum`, `min`, `max`) and its `(`
///   (a name and a `(` keep their spacing: adjacent they are a call, apart they are not);
/// - a comment that ends a line is two spaces after the code, and the end-of-line comments of
///   consecutive lines at one indentation line up, two spaces after the longest code;
/// - the file ends with one line break, and comments lose trailing white space.
///
/// A file that does not parse is not formatted: the result is its diagnostics.
public enum SourceFormatter {
    /// What formatting a file produced.
    public enum Outcome: Sendable {
        /// The file in the canonical layout (equal to the input when it already was).
        case formatted(String)
        /// The file does not parse; these are the parse errors, and nothing was formatted.
        case unparsable([Diagnostic])
    }

    /// Two spaces per level.
    public static let indentUnit = "  "

    /// `source` in the canonical layout, or its parse errors.
    public static func format(_ source: SourceFile) -> Outcome {
        let errors = Parser.parse(source).diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { return .unparsable(errors) }
        let tokens = Lexer.lex(source).tokens
        var layout = Layout(source: source, tokens: tokens)
        return .formatted(layout.render())
    }

    /// `text` as read from `path`, in the canonical layout, or its parse errors.
    public static func format(text: String, path: String = "input.charter") -> Outcome {
        var files = SourceFiles()
        return format(files.add(path: path, text: text))
    }
}

extension SourceFormatter {
    /// One line of output before alignment.
    enum Line: Equatable {
        case blank
        /// A comment on a line of its own.
        case comment(indent: Int, text: String)
        /// Code, and the comment that ends its line.
        case code(indent: Int, text: String, comment: String?)
    }

    /// What kind of block a brace opens: rule and process bodies start each clause with a word
    /// of their own; every other block (charter, group, record, attributes, cadence) has one
    /// clause per line.
    enum Block {
        case rule, process, other
        /// The fields of a record type, one a line or several on one line.
        case fields
    }

    /// The words that start a clause of a rule's body (`else` is laid out as its own clause).
    static let ruleClauseWords: Set<String> = ["for", "when", "let", "require", "else"]
    /// The words that start a clause of a process's body.
    static let processClauseWords: Set<String> = ["for", "from", "until", "step", "end", "appeal"]
}
