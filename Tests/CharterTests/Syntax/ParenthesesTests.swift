@testable import Charter
import Foundation
import Testing

/// Parentheses are a node of the syntax tree (`.grouped`), whose span covers them both, for a
/// formatter to keep them; every stage after the parser treats the node as the expression
/// inside it, so parentheses change no type, value, check or trace.
@Suite struct ParenthesesTests {
    static func condition(_ text: String) throws -> (Expr, SourceFile) {
        let parsed = parse("rule r { for t x require \(text) }")
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics.map(\.message))")
        guard case .rule(let rule) = try #require(parsed.rulebook.declarations.first),
              case .require(let condition, _) = try #require(rule.clauses.first),
              let file = parsed.files.files.first else { throw Unexpected() }
        return (condition, file)
    }

    struct Unexpected: Error {}

    @Test func aGroupedExpressionIsANodeThatSpansItsParentheses() throws {
        let (expr, file) = try Self.condition("(x.a + x.b) * 2 == ((x.c))")
        guard case .binary(.equal, let product, let right) = expr.kind,
              case .binary(.multiply, let group, _) = product.kind,
              case .grouped(let sum) = group.kind, case .grouped(let inner) = right.kind,
              case .grouped(let c) = inner.kind else {
            Issue.record("\(expr.kind)")
            return
        }
        #expect(file.spelling(of: group.span) == "(x.a + x.b)")
        #expect(file.spelling(of: sum.span) == "x.a + x.b")
        #expect(file.spelling(of: right.span) == "((x.c))")
        #expect(file.spelling(of: inner.span) == "(x.c)")
        #expect(right.ungrouped === c.ungrouped)
        #expect(right.children.map { $0 === inner } == [true])
    }

    @Test func aComparisonInParenthesesMayBeComparedAgain() {
        #expect(codes("rule r { for t x require (x.a < x.b) == x.c }") == [])
        #expect(codes("rule r { for t x require x.a < x.b == x.c }") == ["P012"])
    }

    @Test func aNegatedNumberInParenthesesIsStillANumberSpelledAsWritten() throws {
        let (expr, file) = try Self.condition("x.a > -(5)")
        guard case .binary(.greater, _, let number) = expr.kind, case .number(let value, _) = number.kind else {
            Issue.record("\(expr.kind)")
            return
        }
        #expect(value.description == "-5")
        #expect(file.spelling(of: number.span) == "-(5)")
    }

    /// The checks that read an expression's form read through parentheses.
    @Test(arguments: [
        ("group G { level 1  seat a 2  quorum (3) }", ["G006"]),
        ("group G { level 1  seat a 2  quorum (150%) of seats }", ["G007"]),
        ("group G { level 1  seat a 2  quorum (1) }", []),
        ("group G { level 1  seat a 2  meets monthly on day 1 at 10:00 for (2h30m) }", []),
        ("role A \"A\" { boss (somebody) }", ["N014"]),
        ("record c { id: text }\nprocess p { for c  step a by PMO lasts (10 working days) -> done  end done }", []),
        ("record c { id: text }\nprocess p { for c  step a by PMO lasts -(2 days) -> done  end done }", ["G017"]),
    ])
    func checksOfAFormSeeThroughParentheses(_ source: String, _ expected: [String]) {
        let parsed = parse("level 1 \"L\"\nconstituency a \"A\"\nrole PMO \"PMO\"\n" + source)
        let found = parsed.diagnostics.hasErrors ? parsed.diagnostics : Checker.check(parsed.rulebook)
        #expect(found.filter { $0.severity == .error }.map(\.code.id) == expected, "\(found.map(\.message))")
    }

    let rules = CompiledRulebook("""
        record sheet {
          id: text
          a: number
          b: number
          items: list of { number: number }
        }
        rule grouped_sum {
          for sheet s
          require (s.a + s.b) * 2 == 6
        }
        rule plain_sum {
          for sheet s
          require s.a * 2 + s.b * 2 == 6
        }
        rule small_items {
          for sheet s
          require (all item in s.items: item.number < 3)
          else "item {item.number} is too big"
        }
        rule literal {
          for sheet s
          require ((s.a)) == (1)
        }
        """)

    static func sheet(a: Int, b: Int, items: [Int] = []) -> String {
        #"{"type": "sheet", "id": "S", "a": \#(a), "b": \#(b), "items": [\#(items.map { #"{"number": \#($0)}"# }.joined(separator: ", "))]}"#
    }

    @Test func parenthesesChangeNoValueAndNoType() throws {
        for (a, b) in [(1, 2), (2, 2), (-1, 4)] {
            let grouped = try rules.verdict("grouped_sum", on: Self.sheet(a: a, b: b))
            let plain = try rules.verdict("plain_sum", on: Self.sheet(a: a, b: b))
            #expect(grouped.outcome == plain.outcome)
        }
        let parsed = parse("record t { a: number }\nrule r { for t x require ((x.a) + 1) > 0 }")
        let checked = try #require(Checker.checked(parsed.rulebook, files: parsed.files).checked)
        guard case .rule(let rule) = parsed.rulebook.declarations[1], case .require(let condition, _) = rule.clauses[0],
              case .binary(_, let left, _) = condition.kind else { throw Unexpected() }
        #expect(checked.type(of: left) == .number)
        #expect(checked.type(of: left.ungrouped) == .number)
    }

    @Test func aRequireAllInParenthesesStillGivesAMessagePerCounterexample() throws {
        let verdict = try rules.verdict("small_items", on: Self.sheet(a: 1, b: 1, items: [1, 5, 7]))
        #expect(verdict.outcome == .fail)
        #expect(verdict.failures.map(\.message) == ["item 5 is too big", "item 7 is too big"])
    }

    /// `explain` shows a parenthesised expression once, quoted with its parentheses as written,
    /// and its operands beneath it: not a level for the parentheses and another for the inside.
    @Test func explainShowsTheGroupOnceQuotedAsWritten() throws {
        let record = try rules.record(Self.sheet(a: 1, b: 2))
        let explainer = try #require(rules.program.explainer(rule: "grouped_sum", rulebook: rules.rulebook,
                                                                   files: rules.files))
        let explanation = explainer.explain(record)
        #expect(explanation.clauses.map(ExplanationTests.outline) == [
            "✓ require (s.a + s.b) * 2 == 6 [(s.a + s.b) * 2 = 6 [(s.a + s.b) = 3 [s.a = 1; s.b = 2]]]",
        ])
        let literal = try #require(rules.program.explainer(rule: "literal", rulebook: rules.rulebook, files: rules.files))
        // `(1)` is a literal, left out as literals are; `((s.a))` is one node.
        #expect(literal.explain(record).clauses.map(ExplanationTests.outline) == ["✓ require ((s.a)) == (1) [((s.a)) = 1]"])
    }

    @Test func theReplEvaluatesParenthesesAsTheExpressionInside() throws {
        try ReplSessionTests.session { session, _ in
            #expect(session.handle("(1 + 2) * 3") == "9  : number\n")
            #expect(session.handle("((count(cr in change_requests)))") == "2  : number\n")
            #expect(session.handle("(1 < 2) == true") == "true  : bool\n")
        }
    }

    /// A redefinition replaces a declaration by its kind and name and is judged by what it
    /// changes in verdicts: restating `cr.fixes_defect` as `(cr.fixes_defect)` is a redefinition
    /// that changes no verdict, as the two mean the same.
    @Test func restatingARuleWithParenthesesChangesNoVerdict() throws {
        try ReplSessionTests.session { session, _ in
            let out = session.handle("""
                rule freeze "Change Freeze" {
                  for change_request cr
                  require (cr.fixes_defect)
                  else "{cr.id} does not fix a defect"
                }
                """)
            #expect(out.hasPrefix("redefined rule freeze\n"), "\(out)")
            #expect(out.hasSuffix("no outcome, route or deadline changes\n"), "\(out)")
        }
    }
}
