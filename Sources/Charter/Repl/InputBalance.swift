/// Whether REPL input is complete: every `{`, `(` and `[` closed. The input is read by the
/// lexer itself, so that what counts as a comment, a text literal or an interpolation is what
/// the parser will see: a text ends at its line (an unclosed quote is reported rather than
/// swallowing the lines after it), and brackets inside comments and texts are not counted.
public enum InputBalance {
    public enum State: Equatable, Sendable {
        case complete
        /// More lines are needed: a bracket is still open.
        case open
        /// A closing bracket with no opener: the input is complete (and will not parse).
        case overclosed
    }

    public static func state(of text: String) -> State {
        var files = SourceFiles()
        let (tokens, _) = Lexer.tokenize(files.add(path: "<input>", text: text))
        var depth = 0
        for token in tokens {
            guard case .punctuation(let mark) = token.kind else { continue }
            switch mark {
            case .leftBrace, .leftParen, .leftBracket:
                depth += 1
            case .rightBrace, .rightParen, .rightBracket:
                depth -= 1
                if depth < 0 { return .overclosed }
            default:
                break
            }
        }
        return depth > 0 ? .open : .complete
    }
}
