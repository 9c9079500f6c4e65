/// Whether REPL input is complete: every `{`, `(` and `[` closed. Comments (`#` to the end of
/// the line) and the contents of text are not counted; a text literal ends at its line, as in
/// the lexer, so an unclosed quote is reported rather than swallowing the lines after it.
public enum InputBalance {
    public enum State: Equatable, Sendable {
        case complete
        /// More lines are needed: a bracket or a text literal is still open.
        case open
        /// A closing bracket with no opener: the input is complete (and will not parse).
        case overclosed
    }

    public static func state(of text: String) -> State {
        var depth = 0
        var inText = false
        var escaped = false
        // Interpolation `{…}` inside text nests expressions; track text depth per brace level.
        var textBraces: [Int] = []
        var inComment = false
        for character in text {
            if inComment {
                if character == "\n" { inComment = false }
                continue
            }
            if inText {
                if escaped { escaped = false; continue }
                switch character {
                case "\\": escaped = true
                case "\"": inText = false
                case "{":
                    textBraces.append(depth)
                    depth += 1
                    inText = false
                case "\n":
                    // Text ends at its line, as the lexer sees it (L003); the line is complete.
                    inText = false
                default: break
                }
                continue
            }
            switch character {
            case "#": inComment = true
            case "\"": inText = true
            case "{", "(", "[": depth += 1
            case "}", ")", "]":
                depth -= 1
                if depth < 0 { return .overclosed }
                if character == "}", let level = textBraces.last, level == depth {
                    textBraces.removeLast()
                    inText = true
                }
            default: break
            }
        }
        // Text still open here ends with the input's last line, as the lexer sees it.
        return depth > 0 ? .open : .complete
    }
}
