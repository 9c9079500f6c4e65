@testable import Charter
import Testing

@Suite struct ParserTests {
    @Test func aRuleParsesIntoClausesInOrder() throws {
        let result = parse("""
            rule freeze "Change Freeze" {
              for change_request cr
              when cr.raised >= 2023-11-01
              let critical = "M10" in cr.critical_to
              require cr.fixes_defect or critical else "CR {cr.id} is not allowed"
            }
            """)
        #expect(result.diagnostics.isEmpty)
        guard case .rule(let rule) = try #require(result.rulebook.declarations.first) else {
            Issue.record("not a rule")
            return
        }
        #expect(rule.name.text == "freeze")
        #expect(rule.title?.value == "Change Freeze")
        #expect(rule.subject?.type.text == "change_request")
        #expect(rule.subject?.variable?.text == "cr")
        #expect(rule.clauses.count == 3)
        guard case .require(let condition, let message?) = rule.clauses[2] else {
            Issue.record("no require with message")
            return
        }
        guard case .binary(.or, _, _) = condition.kind else {
            Issue.record("condition is not `or`")
            return
        }
        guard case .text(let parts) = message.kind else {
            Issue.record("message is not text")
            return
        }
        #expect(parts.count == 3)
    }

    /// Renders an expression fully parenthesised, to check precedence.
    func shape(_ expr: Expr) -> String {
        switch expr.kind {
        case .binary(let op, let l, let r): "(\(shape(l)) \(op.rawValue) \(shape(r)))"
        case .unary(let op, let e): "(\(op.rawValue) \(shape(e)))"
        case .name(let n): n
        case .number(let v, _): v.description
        case .field(let b, let f): "\(shape(b)).\(f.text)"
        case .duration(let n, let u): "\(n) \(u.rawValue)"
        case .quantifier(let q, let b, let body): "\(q.rawValue) \(b.variable.text) in \(shape(b.source)): \(shape(body))"
        case .aggregate(let a, _, let v): "\(a.rawValue)(\(shape(v)))"
        case .bind(let n, let v, let b): "let \(n.text) = \(shape(v)) in \(shape(b))"
        case .grouped(let inner): shape(inner)
        default: "?"
        }
    }

    func expression(_ text: String) throws -> Expr {
        let result = parse("rule r { for t x require \(text) }")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        guard case .rule(let rule) = try #require(result.rulebook.declarations.first),
              case .require(let condition, _) = try #require(rule.clauses.first) else {
            throw ParserTestError.unexpectedShape
        }
        return condition
    }

    enum ParserTestError: Error { case unexpectedShape }

    @Test(arguments: [
        ("a or b and c", "(a or (b and c))"),
        ("not a and b", "((not a) and b)"),
        ("not a == b", "(not (a == b))"),
        ("a + b * c - d", "((a + (b * c)) - d)"),
        ("yes > 1/2 of yes + no", "(yes > ((1 / 2) of (yes + no)))"),
        ("yes >= 2/3 of 75% of seats", "(yes >= ((2 / 3) of (0.75 of seats)))"),
        ("x.a ?? 0 == 1", "((x.a ?? 0) == 1)"),
        ("a not in b or c in d", "((a not in b) or (c in d))"),
        ("-a * b", "((- a) * b)"),
        ("d + 10 working days > e", "((d + 10 working days) > e)"),
        ("all i in x.items: i.n > 0 or i.m", "all i in x.items: ((i.n > 0) or i.m)"),
        ("count(i in x.items where i.open) == 0", "(count(i) == 0)"),
        ("let n = a in b in n", "let n = a in (b in n)"),
    ])
    func precedence(source: String, expected: String) throws {
        #expect(shape(try expression(source)) == expected)
    }

    @Test func groupClausesAndCadence() throws {
        let result = parse("""
            group DAG "Design Advisory Group" {
              level 3
              reports_to PSG
              advises
              chair SRO
              attendance nominated
              meets monthly on second wednesday at 10:00 until 12:30 from 2024-01-10 {
                except 2024-08-14 cancelled "summer"
                except 2024-12-11 moved to 2024-12-04 at 14:00
                extra 2024-03-11
              }
              seat large_supplier 2 nominated "two seats"
              seat consumer by_exception
              quorum 50% of filled_seats
              threshold special = yes >= 2/3 of seats
            }
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        guard case .group(let group) = try #require(result.rulebook.declarations.first) else {
            Issue.record("not a group")
            return
        }
        #expect(group.clauses.count == 10)
        guard case .advises(nil, _) = group.clauses[2] else {
            Issue.record("`advises` on its own line took the next clause as its argument")
            return
        }
        guard case .meets(let cadence) = group.clauses[5] else {
            Issue.record("no cadence")
            return
        }
        #expect(cadence.frequency == .monthly(interval: 1))
        #expect(cadence.day == .nthWeekday(ordinal: 2, .wednesday))
        #expect(cadence.lengthMinutes == 150)
        #expect(cadence.exceptions.count == 3)
        guard case .seat(let seat) = group.clauses[6] else {
            Issue.record("no seat")
            return
        }
        #expect(seat.count == 2)
        #expect(seat.state?.text == "nominated")
        #expect(seat.note?.value == "two seats")
    }

    @Test func everyErrorInAFileIsReported() {
        let found = codes("""
            group A {
              repots_to B
              attendance closed
            }
            rule r { for t x require (a }
            level "x"
            role rule
            """)
        #expect(found == ["P007", "P013", "P021", "P020", "P005"])
    }

    @Test func anUnclosedBlockPointsBackAtItsBrace() throws {
        let diagnostics = parse("group A {\n  level 2\nrule r { for t x require true }\n").diagnostics
        let unclosed = try #require(diagnostics.first)
        #expect(unclosed.code.id == "P003")
        #expect(unclosed.span?.line == 3)
        #expect(unclosed.notes.first?.span?.line == 1)
        #expect(unclosed.notes.first?.span?.column == 9)
    }
}
