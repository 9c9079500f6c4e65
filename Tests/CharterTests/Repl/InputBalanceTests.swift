@testable import Charter
import Testing

/// `InputBalance.state(of:)`: whether the REPL has a complete input or must read more lines.
@Suite("InputBalance")
struct InputBalanceTests {
    @Test(arguments: [
        "",
        "count(cr in change_requests)",
        "rule r { for change_request cr require cr.fixes_defect }",
        "[1, 2, 3]",
        "f(g([1, (2)]))",
        "rule r {\n  for change_request cr\n  require cr.fixes_defect\n}",
    ])
    func balancedBracketsAreComplete(_ text: String) {
        #expect(InputBalance.state(of: text) == .complete)
    }

    @Test(arguments: [
        "rule r {",
        "rule r {\n  for change_request cr",
        "process p { step a by PMO -> b {",
        "count(cr in change_requests",
        "f(g(1)",
        "[1, 2",
        "[(1, 2]",
        "rule r { require [1, (2",
    ])
    func anUnclosedBracketIsOpen(_ text: String) {
        #expect(InputBalance.state(of: text) == .open)
    }

    @Test(arguments: ["}", "1)", "1 + 2)", "]", "rule r { } }", "(1))"])
    func aClosingBracketWithoutOpenerIsOverclosed(_ text: String) {
        #expect(InputBalance.state(of: text) == .overclosed)
    }

    @Test func overclosedWinsEvenWhenBracketsOpenAfterwards() {
        #expect(InputBalance.state(of: ") (") == .overclosed)
    }

    // MARK: Text

    @Test(arguments: [
        #""a ( b [ c""#,
        #""}""#,
        #""a ) b""#,
        #""\{ a literal brace \}""#,
        #""she said \"hi\" ( and left""#,
        #""a \\""#,
    ])
    func bracketsInsideTextAreNotCounted(_ text: String) {
        #expect(InputBalance.state(of: text) == .complete)
    }

    @Test(arguments: [
        #""{x} items""#,
        #""item {i.number} '{i.title}'""#,
        #""{a.status != "OPEN"}""#,
        #""{count(a in m.actions where a.status != "CLOSED")} open""#,
        #""{ "{1}" }""#,
    ])
    func interpolationsAreBalancedExpressions(_ text: String) {
        #expect(InputBalance.state(of: text) == .complete)
    }

    @Test(arguments: [
        #"rule r { require x else "{x"#,
        #"rule r { require x else "{f(x"#,
        "rule r { require x else \"{x}\"",
        #"rule r { require x else "{x} and"#,
    ])
    func anOpenInterpolationOrBlockAroundTextIsOpen(_ text: String) {
        #expect(InputBalance.state(of: text) == .open)
    }

    @Test func aClosingBraceInsideAnInterpolationReturnsToTheText() {
        // After `}` the text goes on, so the `(` is text, not a bracket.
        #expect(InputBalance.state(of: #""{x} ( ""#) == .complete)
    }

    @Test func anEscapedQuoteDoesNotEndTheText() {
        #expect(InputBalance.state(of: #""a \" ( b""#) == .complete)
        // Were the escaped quote to end the text, the `}` after it would be one too many.
        #expect(InputBalance.state(of: #""a \" }""#) == .complete)
    }

    @Test func aQuoteInsideACommentDoesNotOpenText() {
        #expect(InputBalance.state(of: "1 + 1 # the \"total\n") == .complete)
    }

    @Test func textEndsAtItsLine() {
        // The lexer ends a text literal at the end of its line (L003), so a line with an
        // unclosed quote is complete input that reports L003, not a reason to read more.
        #expect(InputBalance.state(of: "\"abc") == .complete)
        #expect(InputBalance.state(of: "\"abc\n1 + 1") == .complete)
        // An interpolation does not go on to the next line either: the text and its `{` end
        // with the first line (L011), so the `}` on the next is one too many.
        #expect(InputBalance.state(of: "\"a {1 +\n 1} b\"") == .overclosed)
    }

    // MARK: Comments

    @Test(arguments: [
        "1 + 1 # {",
        "# (",
        "rule r { # }\n}",
        "count(x in xs) # ]]]",
        "[1, # ]\n2]",
    ])
    func bracketsInCommentsAreNotCounted(_ text: String) {
        #expect(InputBalance.state(of: text) == .complete)
    }

    @Test func aCommentEndsAtItsLine() {
        #expect(InputBalance.state(of: "rule r { # note\n") == .open)
        #expect(InputBalance.state(of: "# note\n)") == .overclosed)
    }

    @Test func aHashInsideTextIsNotAComment() {
        #expect(InputBalance.state(of: ##""# {x}""##) == .complete)
        #expect(InputBalance.state(of: ##"f("#", 1"##) == .open)
    }

    // MARK: The lexer's view

    /// What makes it safe to hand a complete input over: the lexer reads it alone exactly as
    /// it reads it at the start of a longer text. Generated inputs mix brackets, texts with and
    /// without interpolations, unclosed quotes, comments and line breaks; for each one that is
    /// not open, the tokens of `input + "\n" + more` are the tokens of `input` and then those of
    /// `more`, so nothing the input started runs on into the next line.
    @Test func aCompleteInputIsLexedAloneAsInAnyLongerText() {
        let pieces = ["rule r {", "}", "(", ")", "[", "]", "1", " + ", "\"t\"", "\"{x}\"", "\"{", "\"a", "# c {", "\n",
                      "x", ",", "\"(\"", "\\", "\"{1 +", "2)"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        // A token's kind with the places of the tokens inside an interpolation left out, which
        // move with the text around them.
        func shape(_ kind: TokenKind) -> String {
            guard case .text(let parts) = kind else { return "\(kind)" }
            return "text(" + parts.map { part in
                switch part {
                case .literal(let text): "\(text.debugDescription)"
                case .interpolation(let tokens): "{" + tokens.map { shape($0.kind) }.joined(separator: " ") + "}"
                }
            }.joined(separator: ", ") + ")"
        }
        func kinds(_ text: String) -> [String] {
            var files = SourceFiles()
            return Lexer.tokenize(files.add(path: "<input>", text: text)).tokens.map(\.kind).filter { $0 != .endOfInput }.map(shape)
        }
        var checked = 0
        for _ in 0..<3_000 {
            let input = (0...next(8)).map { _ in pieces[next(pieces.count)] }.joined()
            guard InputBalance.state(of: input) != .open else { continue }
            let more = "count(x in [1, 2]) + \"{y}\""
            #expect(kinds(input + "\n" + more) == kinds(input) + kinds(more), "\(input.debugDescription)")
            checked += 1
        }
        #expect(checked > 500)
    }
}
