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
        // An interpolation closed on a later line balances (the lexer then reports L011 and L003).
        #expect(InputBalance.state(of: "\"a {1 +\n 1} b\"") == .complete)
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
}
