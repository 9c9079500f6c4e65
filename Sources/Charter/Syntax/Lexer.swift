/// Turns a source file into tokens. It reads UTF-8 bytes once, front to back, so its cost is
/// linear in the file; every malformed token becomes one diagnostic and an `.invalid` token,
/// and lexing goes on.
public struct Lexer {
    /// Text interpolations may nest (`"{a + "{b}"}"`) only this deep.
    static let maxInterpolationDepth = 8

    private let bytes: [UInt8]
    private let file: FileID
    private var index = 0
    private var line = 1
    private var column = 1
    private var interpolationDepth = 0
    /// Set when an over-deep interpolation abandoned the rest of its line: the texts around it
    /// are then already reported.
    private var abandonedLine = false
    /// Where the last line break stood, so that the end of a file that ends with one is shown
    /// at the end of its last line rather than on an empty line after it.
    private var previousLineEnd: (line: Int, column: Int)?
    public private(set) var diagnostics: [Diagnostic] = []
    /// The comments outside text literals, in order. (A `#` inside an interpolation starts a
    /// comment that runs over the interpolation's `}`, which is an error, L011.)
    public private(set) var comments: [SourceComment] = []

    public init(_ source: SourceFile) {
        bytes = source.bytes
        file = source.id
    }

    /// All tokens of `source`, ending with one `.endOfInput`, and the lexical diagnostics.
    public static func tokenize(_ source: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        let lexed = lex(source)
        return (lexed.tokens, lexed.diagnostics)
    }

    /// All tokens of `source` with their trivia, ending with one `.endOfInput` whose leading
    /// trivia runs to the end of the input; the comments; and the lexical diagnostics.
    public static func lex(_ source: SourceFile) -> (tokens: [Token], comments: [SourceComment], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        let tokens = lexer.tokens(untilClosingBrace: false)
        return (tokens, lexer.comments, lexer.diagnostics)
    }

    // MARK: - Positions

    private struct Mark {
        let offset: Int
        let line: Int
        let column: Int
    }

    private var mark: Mark { Mark(offset: index, line: line, column: column) }

    /// The bytes read since `start`, underlined on `start`'s line.
    private func span(from start: Mark) -> SourceSpan {
        let length = start.line == line ? max(column - start.column, 1) : 1
        return SourceSpan(file: file, offset: start.offset, endOffset: index, line: start.line, column: start.column, length: length)
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        let i = index + ahead
        return i < bytes.count ? bytes[i] : nil
    }

    private mutating func advance() {
        guard index < bytes.count else { return }
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            previousLineEnd = (line, column)
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            // Count characters, not bytes: a continuation byte belongs to the scalar before it.
            column += 1
        }
    }

    private mutating func report(_ code: DiagnosticCode, _ message: String, from start: Mark, help: String? = nil) {
        diagnostics.append(.error(code, message, at: span(from: start), help: help))
    }

    // MARK: - Tokens

    /// Tokens up to the end of input, or (inside an interpolation) up to the `}` that closes it,
    /// each with its trivia: the trivia after a token up to the first line break is its
    /// trailing trivia, the rest the leading trivia of the token after it.
    private mutating func tokens(untilClosingBrace: Bool) -> [Token] {
        var tokens: [Token] = []
        var braceDepth = 0
        while true {
            let triviaStart = index
            let lineBreak = skipTrivia(stopAtNewline: untilClosingBrace, follows: tokens.isEmpty ? nil : triviaStart)
            var leadingStart = triviaStart
            if !tokens.isEmpty {
                leadingStart = lineBreak ?? index
                tokens[tokens.count - 1].trailingTrivia = Trivia(triviaStart..<leadingStart)
            }
            let leading = Trivia(leadingStart..<index)
            let start = mark
            guard let byte = peek() else {
                var end = span(from: start)
                if let last = previousLineEnd, column == 1, index > 0 {
                    // An empty span at the final line break: no bytes, shown after the last line.
                    end = SourceSpan(file: file, offset: index - 1, endOffset: index - 1, line: last.line, column: last.column, length: 1)
                }
                tokens.append(Token(.endOfInput, end, leadingTrivia: leading))
                return tokens
            }
            if untilClosingBrace {
                if byte == UInt8(ascii: "\n") {
                    tokens.append(Token(.endOfInput, span(from: start), leadingTrivia: leading))
                    return tokens
                }
                if byte == UInt8(ascii: "}") && braceDepth == 0 {
                    tokens.append(Token(.endOfInput, span(from: start), leadingTrivia: leading))
                    return tokens
                }
                // A quote with no partner later on the line closes the outer text: the
                // interpolation before it was never closed.
                if byte == UInt8(ascii: "\"") && !quoteFollowsOnLine() {
                    tokens.append(Token(.endOfInput, span(from: start), leadingTrivia: leading))
                    return tokens
                }
                if byte == UInt8(ascii: "{") { braceDepth += 1 }
                if byte == UInt8(ascii: "}") { braceDepth -= 1 }
            }
            var token = nextToken(start: start, first: byte)
            token.leadingTrivia = leading
            tokens.append(token)
        }
    }

    private func quoteFollowsOnLine() -> Bool {
        var i = index + 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "\n") {
            if bytes[i] == UInt8(ascii: "\"") { return true }
            i += 1
        }
        return false
    }

    /// Skips white space, line breaks and comments (inside an interpolation, only up to the line
    /// break: the interpolation ends there), recording each comment outside text. Returns the
    /// offset of the first line break skipped, where the previous token's trailing trivia ends.
    /// `follows` is the end of the token before, for a comment on the same line as it.
    private mutating func skipTrivia(stopAtNewline: Bool, follows: Int?) -> Int? {
        var firstLineBreak: Int?
        while let (run, end) = TriviaScanner.run(in: bytes, at: index, limit: bytes.count) {
            if run.isLineBreak {
                if stopAtNewline {
                    // The line break ends the interpolation, which looks for its `\n`.
                    if run == .carriageReturnLineFeeds { advance() }
                    return firstLineBreak
                }
                if firstLineBreak == nil { firstLineBreak = index }
            }
            if run == .comment && interpolationDepth == 0 {
                let start = mark
                while index < end { advance() }
                comments.append(SourceComment(span: span(from: start), text: slice(start), follows: firstLineBreak == nil ? follows : nil))
                continue
            }
            while index < end { advance() }
        }
        return firstLineBreak
    }

    private mutating func nextToken(start: Mark, first byte: UInt8) -> Token {
        if isNameStart(byte) { return name(start: start) }
        if isDigit(byte) { return number(start: start) }
        if byte == UInt8(ascii: "\"") { return text(start: start) }
        if let punctuation = punctuation(byte) {
            return Token(.punctuation(punctuation), span(from: start))
        }
        // Swallow a run of characters that start no token, so that one stray paste of binary
        // or non-ASCII text is one diagnostic, not one per character.
        var count = 0
        var scalarStart = true
        while let b = peek(), !isTokenBoundary(b) || !scalarStart {
            if b & 0xC0 != 0x80 { count += 1 }
            advance()
            scalarStart = peek().map { $0 & 0xC0 != 0x80 } ?? true
        }
        if count == 0 { advance() }
        let shown = slice(start)
        let lookAlikes = ["&&": "write `and`", "&": "write `and`", "||": "write `or`", "!": "write `not`, or `!=` for not equal",
                          "≠": "write `!=`", "≤": "write `<=`", "≥": "write `>=`",
                          "'": "text goes between double quotes", "’": "text goes between double quotes"]
        report(.unexpectedCharacter, "unexpected \(count > 1 ? "characters" : "character") `\(printable(shown))`",
               from: start, help: lookAlikes[shown] ?? "names use ASCII letters, digits and `_`; other text goes between double quotes")
        return Token(.invalid, span(from: start))
    }

    private func isTokenBoundary(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n")
            || b == UInt8(ascii: "#") || b == UInt8(ascii: "\"") || isNameStart(b) || isDigit(b)
            || (b < 0x80 && punctuationStart(b))
    }

    private func printable(_ text: String) -> String {
        String(text.unicodeScalars.prefix(20).map { scalar -> String in
            scalar.value < 0x20 || scalar.value == 0x7F
                ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined())
    }

    // MARK: Names and keywords

    private mutating func name(start: Mark) -> Token {
        while let b = peek(), isNameStart(b) || isDigit(b) { advance() }
        let word = slice(start)
        if let keyword = Keyword(rawValue: word) {
            return Token(.keyword(keyword), span(from: start))
        }
        return Token(.name(word), span(from: start))
    }

    // MARK: Numbers, dates, times, durations

    private mutating func digits() -> (value: Int?, count: Int) {
        var value: Int? = 0
        var count = 0
        while let b = peek(), isDigit(b) {
            if let v = value {
                let (times, o1) = v.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int(b - UInt8(ascii: "0")))
                value = o1 || o2 ? nil : plus
            }
            count += 1
            advance()
        }
        return (value, count)
    }

    private mutating func number(start: Mark) -> Token {
        let whole = digits()
        // 2024-03-13: a date is four digits, a dash and a digit.
        if whole.count == 4, peek() == UInt8(ascii: "-"), let next = peek(1), isDigit(next) {
            return date(start: start, year: whole.value ?? 0)
        }
        // A colon straight after digits and before a digit is a time, well formed or not.
        if peek() == UInt8(ascii: ":"), let d1 = peek(1), isDigit(d1),
           !(whole.count <= 2 && (peek(2).map(isDigit) ?? false) && !(peek(3).map(isDigit) ?? false)) {
            advance()
            _ = digits()
            report(.invalidTime, "`\(slice(start))` is not a time of day", from: start,
                   help: "times are written H:MM or HH:MM on a 24-hour clock, as in `9:30` or `14:00`")
            return Token(.invalid, span(from: start))
        }
        // 10:00: one or two digits, a colon and exactly two digits.
        if whole.count <= 2, peek() == UInt8(ascii: ":"), let d1 = peek(1), let d2 = peek(2), isDigit(d1), isDigit(d2),
           !(peek(3).map(isDigit) ?? false) {
            advance()
            let minutes = digits()
            guard let hour = whole.value, let minute = minutes.value, let time = TimeOfDay(hour: hour, minute: minute) else {
                report(.invalidTime, "`\(slice(start))` is not a time of day", from: start,
                       help: "times are written HH:MM on a 24-hour clock, from 00:00 to 23:59")
                return Token(.invalid, span(from: start))
            }
            return Token(.time(time), span(from: start))
        }
        guard let integer = whole.value else {
            while let b = peek(), isNameStart(b) || isDigit(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "%") { advance() }
            report(.numberTooLarge, "the number `\(slice(start))` is too large", from: start,
                   help: "numbers must lie between -9223372036854775807 and 9223372036854775807")
            return Token(.invalid, span(from: start))
        }
        var value = Rational(count: integer)
        if peek() == UInt8(ascii: "."), let next = peek(1), isDigit(next) {
            advance()
            let fraction = digits()
            var scale = 1
            var scaleOverflow = false
            for _ in 0..<fraction.count {
                guard let s = scale.multipliedChecked(by: 10) else { scaleOverflow = true; break }
                scale = s
            }
            guard !scaleOverflow, let f = fraction.value, let n = integer.multipliedChecked(by: scale)?.addingChecked(f),
                  let r = Rational(n, scale) else {
                report(.numberTooLarge, "the number `\(slice(start))` has more digits than Charter keeps", from: start,
                       help: "write at most 18 digits in all")
                return Token(.invalid, span(from: start))
            }
            value = r
            if peek() == UInt8(ascii: "."), let next = peek(1), isDigit(next) {
                advance()
                _ = digits()
                report(.malformedNumber, "`\(slice(start))` is not a number", from: start,
                       help: "a number has at most one decimal point; write a version such as this as text")
                return Token(.invalid, span(from: start))
            }
        } else if peek() == UInt8(ascii: "."), !(peek(1).map { isNameStart($0) } ?? false) {
            advance()
            report(.malformedNumber, "`\(slice(start))` is not a number", from: start,
                   help: "write digits after the decimal point (`1.0`), or leave the point out")
            return Token(.invalid, span(from: start))
        }
        if let b = peek(), b == UInt8(ascii: "h") || b == UInt8(ascii: "m") {
            return compactDuration(start: start, first: value)
        }
        if peek() == UInt8(ascii: "%") {
            advance()
            guard let percent = value.divided(by: Rational(count: 100)) else {
                report(.numberTooLarge, "the percentage `\(slice(start))` has more digits than Charter keeps", from: start,
                       help: "write at most 16 digits in all")
                return Token(.invalid, span(from: start))
            }
            return Token(.number(percent, isPercent: true), span(from: start))
        }
        if let b = peek(), isNameStart(b) {
            while let b = peek(), isNameStart(b) || isDigit(b) { advance() }
            report(.malformedNumber, "`\(slice(start))` is not a number", from: start,
                   help: "put a space between a number and a word (`10 working days`); a name cannot start with a digit")
            return Token(.invalid, span(from: start))
        }
        return Token(.number(value, isPercent: false), span(from: start))
    }

    /// `30m`, `2h`, `2h30m`, `1h 5m` is two durations: the compact form has no spaces.
    private mutating func compactDuration(start: Mark, first: Rational) -> Token {
        var total = 0
        var amount: Rational? = first
        var seenHours = false
        var seenMinutes = false
        var valid = true
        while let a = amount, let unit = peek(), unit == UInt8(ascii: "h") || unit == UInt8(ascii: "m") {
            advance()
            let isHours = unit == UInt8(ascii: "h")
            if (isHours && (seenHours || seenMinutes)) || (!isHours && seenMinutes) || !a.isInteger { valid = false }
            if isHours { seenHours = true } else { seenMinutes = true }
            let minutes = a.numerator.multipliedChecked(by: isHours ? 60 : 1)
            if let m = minutes, let t = total.addingChecked(m) { total = t } else { valid = false }
            amount = nil
            if let b = peek(), isDigit(b) {
                let next = digits()
                amount = next.value.map { Rational(count: $0) }
                if amount == nil { valid = false }
            }
        }
        if amount != nil || (peek().map { isNameStart($0) || isDigit($0) } ?? false) { valid = false }
        while let b = peek(), isNameStart(b) || isDigit(b) { advance() }
        guard valid, total >= 0 else {
            report(.malformedNumber, "`\(slice(start))` is not a duration", from: start,
                   help: "write whole hours then minutes with no spaces (`2h30m`, `45m`), or a number and a unit (`10 working days`)")
            return Token(.invalid, span(from: start))
        }
        return Token(.minutes(total), span(from: start))
    }

    private mutating func date(start: Mark, year: Int) -> Token {
        advance() // -
        let month = digits()
        var day: (value: Int?, count: Int) = (nil, 0)
        if peek() == UInt8(ascii: "-") {
            advance()
            day = digits()
        }
        while let b = peek(), isNameStart(b) || isDigit(b) { advance() }
        let textual = slice(start)
        guard month.count == 2, day.count == 2, textual.utf8.count == 10 else {
            report(.invalidDate, "`\(textual)` is not a date", from: start,
                   help: "dates are written YYYY-MM-DD, as in `2024-03-13`")
            return Token(.invalid, span(from: start))
        }
        guard let m = month.value, let d = day.value, let date = CivilDate(year: year, month: m, day: d) else {
            let detail = CivilDate.whyNotADate(year: year, month: month.value ?? 0, day: day.value ?? 0)
            report(.invalidDate, "`\(textual)` is not a date that exists", from: start,
                   help: detail ?? "dates are written YYYY-MM-DD, as in `2024-03-13`")
            return Token(.invalid, span(from: start))
        }
        return Token(.date(date), span(from: start))
    }

    private func slice(_ start: Mark) -> String {
        String(decoding: bytes[start.offset..<index], as: UTF8.self)
    }

    // MARK: Text

    /// `"…"` with escapes `\"`, `\\`, `\n`, `\t`, `\{`, `\}`, `\u{…}` and interpolations `{expr}`.
    /// Text ends at its line: an unterminated one is reported there, not at the end of the file.
    private mutating func text(start: Mark) -> Token {
        advance() // opening quote
        var parts: [TextPart] = []
        var literal: [UInt8] = []
        var ok = true
        func flush() {
            if !literal.isEmpty {
                parts.append(.literal(String(decoding: literal, as: UTF8.self)))
                literal.removeAll()
            }
        }
        while true {
            guard let byte = peek(), byte != UInt8(ascii: "\n") else {
                report(.unterminatedText, "text is not closed before the end of the line", from: start,
                       help: "add `\"` at the end of the text; write a line break inside text as `\\n`")
                return Token(.invalid, span(from: start))
            }
            if byte == UInt8(ascii: "\"") {
                advance()
                break
            }
            if byte == UInt8(ascii: "\\") {
                let escapeStart = mark
                advance()
                guard let escaped = peek(), escaped != UInt8(ascii: "\n") else { continue }
                advance()
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"): literal.append(escaped)
                case UInt8(ascii: "n"): literal.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): literal.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "u"):
                    if let scalar = unicodeEscape() {
                        literal.append(contentsOf: Array(String(Character(scalar)).utf8))
                    } else {
                        ok = false
                        report(.invalidEscape, "`\(slice(escapeStart))` is not a Unicode scalar", from: escapeStart,
                               help: "write `\\u{` with 1 to 8 hex digits and `}`, as in `\\u{2019}`")
                    }
                default:
                    ok = false
                    report(.invalidEscape, "unknown escape `\(slice(escapeStart))` in text", from: escapeStart,
                           help: "text knows `\\\"`, `\\\\`, `\\n`, `\\t`, `\\{`, `\\}` and `\\u{…}`")
                }
                continue
            }
            if byte == UInt8(ascii: "{") {
                flush()
                let braceStart = mark
                advance()
                guard interpolationDepth < Lexer.maxInterpolationDepth else {
                    report(.nestingTooDeep, "text interpolations are nested too deeply", from: braceStart,
                           help: "compute the inner text with a `let` clause and interpolate its name")
                    skipLine()
                    abandonedLine = interpolationDepth > 0
                    return Token(.invalid, span(from: start))
                }
                interpolationDepth += 1
                let inner = tokens(untilClosingBrace: true)
                interpolationDepth -= 1
                if abandonedLine {
                    if interpolationDepth == 0 { abandonedLine = false }
                    skipLine()
                    return Token(.invalid, span(from: start))
                }
                guard peek() == UInt8(ascii: "}") else {
                    report(.unterminatedInterpolation, "`{` in text is not closed by `}`", from: braceStart,
                           help: "close the interpolation with `}`, or write a literal brace as `\\{`")
                    skipLine()
                    return Token(.invalid, span(from: start))
                }
                advance()
                parts.append(.interpolation(inner))
                continue
            }
            literal.append(byte)
            advance()
        }
        flush()
        return Token(ok ? .text(parts) : .invalid, span(from: start))
    }

    private mutating func skipLine() {
        while let b = peek(), b != UInt8(ascii: "\n") { advance() }
    }

    /// After `\u`: `{` hex digits `}`.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard peek() == UInt8(ascii: "{") else { return nil }
        advance()
        var value: UInt32 = 0
        var count = 0
        while let b = peek(), let digit = hexValue(b) {
            if count < 8 { value = value &* 16 &+ digit }
            count += 1
            advance()
        }
        guard peek() == UInt8(ascii: "}") else { return nil }
        advance()
        guard (1...8).contains(count) else { return nil }
        return Unicode.Scalar(value)
    }

    private func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    // MARK: Punctuation

    private func punctuationStart(_ b: UInt8) -> Bool {
        "{}()[],:.|?+-*/%=<>!".utf8.contains(b)
    }

    private mutating func punctuation(_ byte: UInt8) -> Punctuation? {
        let next = peek(1)
        let two: Punctuation? = switch (byte, next) {
        case (UInt8(ascii: "-"), UInt8(ascii: ">")): .arrow
        case (UInt8(ascii: "="), UInt8(ascii: "=")): .equal
        case (UInt8(ascii: "?"), UInt8(ascii: "?")): .coalesce
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): .notEqual
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): .lessEqual
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): .greaterEqual
        default: nil
        }
        if let two {
            advance()
            advance()
            return two
        }
        let one: Punctuation? = switch byte {
        case UInt8(ascii: "{"): .leftBrace
        case UInt8(ascii: "}"): .rightBrace
        case UInt8(ascii: "("): .leftParen
        case UInt8(ascii: ")"): .rightParen
        case UInt8(ascii: "["): .leftBracket
        case UInt8(ascii: "]"): .rightBracket
        case UInt8(ascii: ","): .comma
        case UInt8(ascii: ":"): .colon
        case UInt8(ascii: "."): .dot
        case UInt8(ascii: "|"): .pipe
        case UInt8(ascii: "?"): .question
        case UInt8(ascii: "+"): .plus
        case UInt8(ascii: "-"): .minus
        case UInt8(ascii: "*"): .star
        case UInt8(ascii: "/"): .slash
        case UInt8(ascii: "%"): .percent
        case UInt8(ascii: "<"): .less
        case UInt8(ascii: ">"): .greater
        case UInt8(ascii: "="): .assign
        default: nil
        }
        if one != nil { advance() }
        return one
    }

    private func isNameStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_")
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}

