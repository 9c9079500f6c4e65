/// The formatter's single pass over the tokens: where lines break, how deep each is indented,
/// and where the comments go. Each kind of token decides its own part in one function:
/// `opensLine` (line breaks), `indent(of:)` (depth), `spaced(_:_:)` (spaces on a line).
extension SourceFormatter {
    struct Layout {
        let source: SourceFile
        let tokens: [Token]
        /// For each `{` and `}` index, whether its block is written over more than one line.
        private var multiLineBrace: Set<Int> = []

        private var lines: [Line] = []
        /// The line being built: its indentation, text, and end-of-line comment.
        private var current: (indent: Int, text: String, comment: String?)?
        private var blocks: [Block] = []
        /// Open parentheses and brackets.
        private var groupingDepth = 0
        /// The `if`s written whose `else` has not come yet: an `else` that starts a line while
        /// one is open is that `if`'s branch, which continues the clause, not a rule's message.
        private var openConditionals = 0
        /// The keyword of the top-level declaration being read (`rule`, `process`, …).
        private var declaration: Keyword?
        /// The last token written, and the last token of the line before the current one.
        private var previous: Token?
        private var lastOfPreviousLine: Token?

        init(source: SourceFile, tokens: [Token]) {
            self.source = source
            self.tokens = tokens
            multiLineBrace = Self.multiLineBraces(tokens, in: source)
        }

        /// The braces whose blocks span more than one line, both the `{` and its `}`: in one
        /// pass, with the line breaks before each token counted up, so that a block's question
        /// costs a subtraction however deep the blocks nest.
        private static func multiLineBraces(_ tokens: [Token], in source: SourceFile) -> Set<Int> {
            var open: [Int] = []
            var found: Set<Int> = []
            // breaksBefore[i]: the line breaks (leading ones, and the ends of lines that end in a
            // comment) before token i.
            var breaksBefore: [Int] = []
            breaksBefore.reserveCapacity(tokens.count)
            var breaks = 0
            for (index, token) in tokens.enumerated() {
                if token.leadingTrivia.lineBreaks(in: source) > 0 { breaks += 1 }
                breaksBefore.append(breaks)
                if !token.trailingTrivia.comments(in: source).isEmpty { breaks += 1 }
                switch token.kind {
                case .punctuation(.leftBrace): open.append(index)
                case .punctuation(.rightBrace):
                    guard let start = open.popLast() else { continue }
                    if breaksBefore[index] > breaksBefore[start] { found.formUnion([start, index]) }
                default: continue
                }
            }
            return found
        }

        // MARK: - The pass

        mutating func render() -> String {
            var forceBreak = false
            for (index, token) in tokens.enumerated() {
                let isEnd = token.kind == .endOfInput
                let (items, breaks) = leadingItems(of: token, first: index == 0)
                let opens = index == 0 || isEnd || breaks || forceBreak || opensLine(token, at: index)
                if opens {
                    finishLine()
                    let depth = isEnd ? 0 : indent(of: token, at: index)
                    let commentDepth = token.kind == .punctuation(.rightBrace) ? depth + 1 : depth
                    for item in items {
                        switch item {
                        case .blank: addBlank()
                        case .comment(_, let text): lines.append(.comment(indent: commentDepth, text: text))
                        case .code: break
                        }
                    }
                    if isEnd { break }
                    if token.kind == .punctuation(.rightBrace) { dropTrailingBlanks() }
                    current = (depth, "", nil)
                }
                if isEnd { break }
                write(token, at: index, opensLine: opens)
                forceBreak = closesLine(token, at: index)
                if let comment = token.trailingTrivia.comments(in: source).first {
                    current?.comment = Self.trimmed(comment)
                    forceBreak = true
                }
            }
            finishLine()
            while lines.last == .blank { lines.removeLast() }
            return Self.joined(Self.aligned(lines))
        }

        /// Appends `token` to the current line and updates the nesting it opens or closes.
        private mutating func write(_ token: Token, at index: Int, opensLine: Bool) {
            if !opensLine, let previous {
                let gap = spaces(between: previous, and: token, at: index)
                current?.text += gap
            }
            current?.text += token.spelling(in: source)
            switch token.kind {
            case .keyword(let keyword) where keyword.startsDeclaration && blocks.isEmpty:
                declaration = keyword
            case .punctuation(.leftBrace):
                blocks.append(Self.block(opening: declaration, nested: !blocks.isEmpty))
                openConditionals = 0
            case .punctuation(.rightBrace):
                _ = blocks.popLast()
                openConditionals = 0
            case .keyword(.if):
                openConditionals += 1
            case .keyword(.else):
                openConditionals = max(0, openConditionals - 1)
            case .punctuation(.leftParen), .punctuation(.leftBracket):
                groupingDepth += 1
            case .punctuation(.rightParen), .punctuation(.rightBracket):
                groupingDepth = max(0, groupingDepth - 1)
            default: break
            }
            previousOfPrevious = previous
            previous = token
        }

        /// The token before `previous`, to tell a unary `-` from a binary one.
        private var previousOfPrevious: Token?

        private func isUnaryMinus(_ token: Token) -> Bool {
            guard token.kind == .punctuation(.minus) else { return false }
            return Self.operandEnds(previousOfPrevious) == false
        }

        /// Whether `token` ends an operand, so that a `-` after it subtracts.
        static func operandEnds(_ token: Token?) -> Bool {
            guard let token else { return false }
            switch token.kind {
            case .name, .number, .text, .date, .time, .minutes, .invalid: return true
            case .keyword(let keyword): return keyword == .true || keyword == .false
            case .punctuation(let p): return p == .rightParen || p == .rightBracket || p == .rightBrace || p == .question
            case .endOfInput: return false
            }
        }

        private mutating func finishLine() {
            guard let line = current else { return }
            lines.append(.code(indent: line.indent, text: line.text, comment: line.comment))
            lastOfPreviousLine = previous
            current = nil
        }

        private mutating func addBlank() {
            guard let last = lines.last, last != .blank else { return }
            // None at the start of a block.
            if case .code(_, let text, _) = last, text.hasSuffix("{") { return }
            lines.append(.blank)
        }

        private mutating func dropTrailingBlanks() {
            while lines.last == .blank { lines.removeLast() }
        }

        // MARK: - Line breaks

        /// The blank lines and comments on lines of their own before `token`, and whether a line
        /// break stands before it.
        private func leadingItems(of token: Token, first: Bool) -> ([Line], Bool) {
            var items: [Line] = []
            var breaks = 0
            var sawBreak = false
            for piece in token.leadingTrivia.pieces(in: source) {
                switch piece {
                case .newlines(let n), .carriageReturnLineFeeds(let n):
                    breaks += n
                    sawBreak = true
                case .comment(let text):
                    if breaks >= 2 { items.append(.blank) }
                    items.append(.comment(indent: 0, text: Self.trimmed(text)))
                    breaks = 0
                default: continue
                }
            }
            if breaks >= 2 { items.append(.blank) }
            return (items, sawBreak || !items.isEmpty)
        }

        /// Whether `token` must start a line although the source has it after other code: the
        /// `}` of a block written over several lines.
        private func opensLine(_ token: Token, at index: Int) -> Bool {
            token.kind == .punctuation(.rightBrace) && multiLineBrace.contains(index)
        }

        /// Whether the line must end after `token`: after the `{` or the `}` of a block written
        /// over several lines (unless what follows the `}` closes or separates something).
        private func closesLine(_ token: Token, at index: Int) -> Bool {
            guard multiLineBrace.contains(index) else { return false }
            if token.kind == .punctuation(.leftBrace) { return true }
            guard token.kind == .punctuation(.rightBrace), tokens.indices.contains(index + 1) else { return false }
            switch tokens[index + 1].kind {
            case .punctuation(.rightParen), .punctuation(.rightBracket), .punctuation(.comma), .endOfInput: return false
            default: return true
            }
        }

        // MARK: - Indentation

        /// How many levels deep the line that `token` starts is indented.
        private func indent(of token: Token, at index: Int) -> Int {
            let closing = token.kind == .punctuation(.rightBrace)
            let braces = max(0, blocks.count - (closing ? 1 : 0))
            if closing { return braces }
            let closesGrouping = token.kind == .punctuation(.rightParen) || token.kind == .punctuation(.rightBracket)
            let grouping = max(0, groupingDepth - (closesGrouping ? 1 : 0))
            return braces + grouping + (continues(token) ? 1 : 0)
        }

        /// Whether the line `token` starts continues the clause of the line before.
        private func continues(_ token: Token) -> Bool {
            guard let before = lastOfPreviousLine ?? previous else { return false }
            guard let block = blocks.last else {
                // At the top level a line that starts no declaration goes on with the one
                // before: the body of a `def` written under it.
                if case .keyword(let keyword) = token.kind, keyword.startsDeclaration { return false }
                return true
            }
            if before.kind == .punctuation(.leftBrace) { return false }
            if groupingDepth > 0 { return true }
            switch block {
            case .rule:
                if token.kind == .keyword(.else), openConditionals > 0 { return true }
                return !Self.startsClause(token, words: SourceFormatter.ruleClauseWords)
            case .process: return !Self.startsClause(token, words: SourceFormatter.processClauseWords)
            case .other, .fields: return Self.expectsMore(after: before) || Self.continuesBefore(token)
            }
        }

        static func startsClause(_ token: Token, words: Set<String>) -> Bool {
            switch token.kind {
            case .keyword(let keyword): words.contains(keyword.rawValue)
            case .name(let name): words.contains(name)
            default: false
            }
        }

        /// Whether a line that ends with `token` goes on in the next line.
        static func expectsMore(after token: Token) -> Bool {
            switch token.kind {
            case .punctuation(let p):
                switch p {
                case .rightParen, .rightBracket, .rightBrace, .leftBrace, .question: return false
                default: return true
                }
            case .keyword(let keyword):
                return [.and, .or, .not, .in, .of, .where, .when, .let, .require, .else, .all, .any, .if, .then].contains(keyword)
            default: return false
            }
        }

        /// Whether a line that starts with `token` goes on from the line before.
        static func continuesBefore(_ token: Token) -> Bool {
            switch token.kind {
            case .punctuation(let p):
                switch p {
                case .leftBrace, .leftParen, .leftBracket, .rightBrace: return false
                default: return true
                }
            case .keyword(let keyword): return [.and, .or, .in, .of, .where].contains(keyword)
            default: return false
            }
        }

        // MARK: - Spaces

        /// What kind of block a `{` in `declaration` opens.
        static func block(opening declaration: Keyword?, nested: Bool) -> Block {
            switch declaration {
            case .rule: nested ? .other : .rule
            case .process: nested ? .other : .process
            case .record: .fields
            default: .other
            }
        }

        /// The spaces between `left` and `right` (the token at `index`) on a line: one, none,
        /// or two before a field of a record type written on one line (`{ id: text  n: number }`),
        /// and none around the `/` of a fraction of two numbers (`2/3 of seats`).
        private func spaces(between left: Token, and right: Token, at index: Int) -> String {
            if isFraction(slashAt: index) || isFraction(slashAt: index - 1) { return "" }
            guard Self.spaced(left, right, unaryMinus: isUnaryMinus(left)) else { return "" }
            if blocks.last == .fields, Self.isWord(right), left.kind != .punctuation(.leftBrace), left.kind != .punctuation(.comma),
               tokens.indices.contains(index + 1), tokens[index + 1].kind == .punctuation(.colon) {
                return "  "
            }
            return " "
        }

        /// A name or a keyword: what a field's name may be (`step: text`).
        static func isWord(_ token: Token) -> Bool {
            switch token.kind {
            case .name, .keyword: true
            default: false
            }
        }

        /// Whether the token at `index` is a `/` between two number literals.
        private func isFraction(slashAt index: Int) -> Bool {
            guard tokens.indices.contains(index - 1), tokens.indices.contains(index + 1),
                  tokens[index].kind == .punctuation(.slash) else { return false }
            func isNumber(_ token: Token) -> Bool { if case .number = token.kind { true } else { false } }
            return isNumber(tokens[index - 1]) && isNumber(tokens[index + 1])
        }

        /// Whether one space separates `left` and `right` on a line.
        static func spaced(_ left: Token, _ right: Token, unaryMinus: Bool) -> Bool {
            if unaryMinus { return false }
            // Two `?` of a type optional twice (`text? ?`) stay apart: joined, they are `??`.
            if left.kind == .punctuation(.question) && right.kind == .punctuation(.question) { return true }
            if case .punctuation(let p) = left.kind, [.leftParen, .leftBracket, .dot].contains(p) { return false }
            if case .punctuation(let p) = right.kind {
                switch p {
                case .rightParen, .rightBracket, .comma, .dot, .colon, .question: return false
                case .leftParen, .leftBracket:
                    // A call's `(` touches its name, and an aggregate's its keyword; after a name
                    // or a closing bracket, a `(` or `[` keeps its spacing, since touching or
                    // apart can mean different things (`f(x)` is a call, `f (x)` is not).
                    if case .keyword(let k) = left.kind, [.count, .sum, .min, .max].contains(k) { return false }
                    switch left.kind {
                    case .name, .punctuation(.rightParen), .punctuation(.rightBracket):
                        return left.span.endOffset != right.span.offset
                    default: return true
                    }
                default: return true
                }
            }
            return true
        }

        // MARK: - Output

        static func trimmed(_ comment: String) -> String {
            var text = Substring(comment)
            while let last = text.last, last == " " || last == "\t" || last == "\r" { text = text.dropLast() }
            return String(text)
        }

        /// The end-of-line comments of consecutive code lines at one indentation, lined up two
        /// spaces after the longest code among them.
        static func aligned(_ lines: [Line]) -> [String] {
            var output: [String] = []
            var run: [(indent: Int, text: String, comment: String?)] = []
            func flush() {
                let width = run.filter { $0.comment != nil }.map { $0.text.count }.max() ?? 0
                for line in run {
                    let code = String(repeating: SourceFormatter.indentUnit, count: line.indent) + line.text
                    if let comment = line.comment {
                        let pad = line.text.isEmpty ? 0 : width - line.text.count + 2
                        output.append(code + String(repeating: " ", count: pad) + comment)
                    } else {
                        output.append(code)
                    }
                }
                run.removeAll()
            }
            for line in lines {
                switch line {
                case .blank:
                    flush()
                    output.append("")
                case .comment(let indent, let text):
                    flush()
                    output.append(String(repeating: SourceFormatter.indentUnit, count: indent) + text)
                case .code(let indent, let text, let comment):
                    if let first = run.first, first.indent != indent { flush() }
                    run.append((indent, text, comment))
                }
            }
            flush()
            return output
        }

        static func joined(_ lines: [String]) -> String {
            lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        }
    }
}
