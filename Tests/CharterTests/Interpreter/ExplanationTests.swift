@testable import Charter
import Foundation
import Testing

/// `rulecheck explain`: the evaluation trace of a rule on a record (the value of each
/// sub-expression, the elements that decided a quantifier, the arithmetic of an aggregate)
/// and the counterfactual, one change to the record that would turn the verdict.
@Suite struct ExplanationTests {
    static let source = """
        record sheet {
          id: text
          a: number
          b: number
          flag: bool
          other: bool
          total: number
          rows: list of { party: text  v: number }
          items: list of { number: number  title: text }
        }

        rule arithmetic {
          for sheet s
          require s.a + s.b * 2 == 10
        }
        rule small_items {
          for sheet s
          require all item in s.items: item.number < 3
          else "item {item.number} '{item.title}' is too big"
        }
        rule some_big {
          for sheet s
          require any item in s.items: item.number > 3
        }
        rule tally {
          for sheet s
          require sum(r in s.rows: r.v) == s.total
          else "the rows give {sum(r in s.rows: r.v)}, the total says {s.total}"
        }
        rule only_flagged {
          for sheet s
          when s.flag
          require s.a > 100
        }
        rule either {
          for sheet s
          require s.flag or s.other
          else "{s.id} has neither"
        }
        rule both_numbers {
          for sheet s
          require s.a == 1 and s.b == 2
        }
        rule at_least {
          for sheet s
          let wanted = 10
          require s.a >= wanted
        }
        rule spread_out {
          for sheet s
          require s.a
            # a comment inside the condition
            + s.b == 3
        }
        rule counted {
          for sheet s
          require count(item in s.items where item.number > 1) == 0
        }
        """

    let rules = CompiledRulebook(Self.source)

    /// A sheet with the given fields; `items` are numbers (titled "item N"), `rows` values.
    static func sheet(a: Int = 1, b: Int = 2, flag: Bool = false, other: Bool = false, total: Int = 0,
                      rows: [Int] = [], items: [Int] = []) -> String {
        let rowText = rows.enumerated().map { #"{"party": "party \#($0.offset)", "v": \#($0.element)}"# }
        let itemText = items.map { #"{"number": \#($0), "title": "item \#($0)"}"# }
        return """
            {"type": "sheet", "id": "S1", "a": \(a), "b": \(b), "flag": \(flag), "other": \(other), "total": \(total),
             "rows": [\(rowText.joined(separator: ", "))], "items": [\(itemText.joined(separator: ", "))]}
            """
    }

    func explain(_ rule: String, _ json: String, in rulebook: CompiledRulebook? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> Explanation {
        let rulebook = rulebook ?? rules
        let record = try rulebook.record(json, sourceLocation: sourceLocation)
        let explainer = try #require(rulebook.program.explainer(rule: rule, rulebook: rulebook.rulebook, files: rulebook.files),
                                     sourceLocation: sourceLocation)
        #expect(explainer.applies(to: record), sourceLocation: sourceLocation)
        return explainer.explain(record)
    }

    /// A node as `expr = value` (or `✓ expr` / `✗ expr`) with its children, for comparing shapes.
    static func outline(_ node: TraceNode) -> String {
        let head = node.kind == .note ? node.expr : node.holds.map { ($0 ? "✓ " : "✗ ") + node.expr } ?? "\(node.expr) = \(node.value)"
        guard !node.children.isEmpty else { return head }
        return head + " [" + node.children.map(outline).joined(separator: "; ") + "]"
    }

    // MARK: - Traces

    @Test func arithmeticShowsTheValueOfEachOperandAndLeavesOutLiterals() throws {
        let explanation = try explain("arithmetic", Self.sheet(a: 1, b: 3))
        #expect(explanation.outcome == .fail)
        #expect(explanation.clauses.map(Self.outline) == [
            "✗ require s.a + s.b * 2 == 10 [s.a + s.b * 2 = 7 [s.a = 1; s.b * 2 = 6 [s.b = 3]]]",
        ])
        #expect(explanation.clauses.first?.kind == .clause)
        #expect(explanation.clauses.first?.message == "`s.a + s.b * 2 == 10` does not hold")
    }

    @Test func aConditionThatIsAFieldIsOneNodeNotTwo() throws {
        // `s.flag` is compiled as a condition that reads a value of the same text: one node.
        let explanation = try explain("either", Self.sheet(flag: false, other: true))
        #expect(explanation.outcome == .pass)
        #expect(explanation.clauses.map(Self.outline) == ["✓ require s.flag or s.other [✗ s.flag; ✓ s.other]"])
    }

    @Test func aFailingAllShowsExactlyItsCounterexamplesWithTheirMessages() throws {
        let explanation = try explain("small_items", Self.sheet(items: [1, 5, 2, 3, 0]))
        #expect(explanation.outcome == .fail)
        let clause = try #require(explanation.clauses.first)
        #expect(clause.expr == "require all item in s.items: item.number < 3")
        #expect(clause.holds == false)
        let elements = clause.children.filter { $0.kind == .element }
        #expect(elements.map(\.expr) == [#"item = 5 "item 5""#, #"item = 3 "item 3""#])
        #expect(elements.map(\.message) == ["item 5 'item 5' is too big", "item 3 'item 3' is too big"])
        #expect(elements.first.map(Self.outline) == #"✗ item = 5 "item 5" [✗ item.number < 3 [item.number = 5]]"#)
        #expect(clause.children.filter { $0.kind == .note }.map(\.expr) == ["3 other items passed"])
    }

    @Test func aFailingAllShowsTenCounterexamplesAndCountsTheRest() throws {
        let explanation = try explain("small_items", Self.sheet(items: Array(3...17)))
        let clause = try #require(explanation.clauses.first)
        #expect(clause.children.filter { $0.kind == .element }.count == Tracer.elementLimit)
        #expect(clause.children.filter { $0.kind == .note }.map(\.expr) == ["… and 5 more"])
    }

    @Test func aPassingAnyShowsItsWitness() throws {
        let explanation = try explain("some_big", Self.sheet(items: [1, 2, 7, 9]))
        #expect(explanation.outcome == .pass)
        #expect(explanation.clauses.map(Self.outline) == [
            #"✓ require any item in s.items: item.number > 3 [✓ item = 7 "item 7" [✓ item.number > 3 [item.number = 7]]; 2 other items checked before it did not hold]"#,
        ])
    }

    @Test func aSumShowsItsArithmeticWithTheMiddleElided() throws {
        let explanation = try explain("tally", Self.sheet(total: 55, rows: Array(1...10)))
        #expect(explanation.outcome == .pass)
        let sum = try #require(explanation.clauses.first?.children.first)
        #expect(sum.expr == "sum(r in s.rows: r.v)")
        #expect(sum.value == "55")
        #expect(sum.working == "1 + 2 + 3 + 4 + … + 8 + 9 + 10")
        #expect(sum.note == "10 rows")
        #expect(sum.line == "· sum(r in s.rows: r.v) = 1 + 2 + 3 + 4 + … + 8 + 9 + 10 = 55 (10 rows)")
        let short = try explain("tally", Self.sheet(total: 6, rows: [0, 6, 0]))
        #expect(short.clauses.first?.children.first?.line == "· sum(r in s.rows: r.v) = 0 + 6 + 0 = 6")
    }

    @Test func aCountWithWhereNamesWhatItCounted() throws {
        let explanation = try explain("counted", Self.sheet(items: [1, 2, 3]))
        let count = try #require(explanation.clauses.first?.children.first)
        #expect(count.line == #"· count(item in s.items where item.number > 1) = 2 (of 3 items: 2 "item 2", 3 "item 3")"#)
    }

    @Test func aWhenThatDoesNotHoldEndsTheTrace() throws {
        let explanation = try explain("only_flagged", Self.sheet(a: 1, flag: false))
        #expect(explanation.outcome == .notApplicable)
        #expect(explanation.clauses.map(Self.outline) == ["✗ when s.flag"])
        #expect(explanation.counterfactual == nil)
        let applies = try explain("only_flagged", Self.sheet(a: 1, flag: true))
        #expect(applies.clauses.map(Self.outline) == ["✓ when s.flag", "✗ require s.a > 100 [s.a = 1]"])
    }

    @Test func aLetShowsItsValue() throws {
        let explanation = try explain("at_least", Self.sheet(a: 12))
        #expect(explanation.clauses.map(Self.outline) == ["let wanted = 10", "✓ require s.a >= wanted [s.a = 12; wanted = 10]"])
    }

    @Test func anExpressionOverSeveralLinesIsQuotedWholeWithoutItsComments() throws {
        let explanation = try explain("spread_out", Self.sheet(a: 1, b: 2))
        #expect(explanation.clauses.first?.expr == "require s.a + s.b == 3")
        #expect(explanation.clauses.first?.children.first?.expr == "s.a + s.b")
    }

    @Test func theTextTreeMarksWhatHeldAndWhatDidNot() throws {
        let explanation = try explain("small_items", Self.sheet(items: [4, 1]))
        #expect(explanation.text(indent: 0) == """
            ✗ require all item in s.items: item.number < 3
              ✗ item = 4 "item 4"
                ✗ item.number < 3
                  · item.number = 4
                message: item 4 'item 4' is too big
              1 other item passed

            """)
    }

    @Test func theJSONTreeIsNestedExprValueChildren() throws {
        let explanation = try explain("arithmetic", Self.sheet(a: 4, b: 3))
        let rendered = JSON.object(explanation.jsonMembers()).rendered(pretty: false)
        #expect(rendered.hasPrefix(#"{"outcome":"pass","trace":[{"kind":"clause","expr":"require s.a + s.b * 2 == 10","value":"true","holds":true,"children":[{"kind":"expression","expr":"s.a + s.b * 2","value":"10","children":[{"kind":"expression","expr":"s.a","value":"4","children":[]}"#))
        #expect(rendered.hasSuffix(#""counterfactual":null}"#))
    }

    // MARK: - Counterfactuals

    @Test func aFailingRulePassesIfABoolFieldWereFlipped() throws {
        let explanation = try explain("either", Self.sheet(flag: false, other: false))
        #expect(explanation.outcome == .fail)
        #expect(explanation.counterfactual == Counterfactual(change: .flag("s.flag", to: true), outcome: .pass))
        #expect(explanation.counterfactual?.text == "passes if `s.flag` were true")
    }

    @Test func aPassingRuleFailsIfABoolFieldWereFlipped() throws {
        let explanation = try explain("either", Self.sheet(flag: false, other: true))
        #expect(explanation.counterfactual?.text == "fails if `s.other` were false")
    }

    @Test func aFailingRulePassesWithTheSmallestChangeToANumber() throws {
        let tally = try explain("tally", Self.sheet(total: 15, rows: [5, 7]))
        #expect(tally.outcome == .fail)
        #expect(tally.counterfactual == Counterfactual(change: .number("s.total", from: "15", to: "12"), outcome: .pass))
        #expect(tally.counterfactual?.text == "passes if `s.total` were 12 (not 15)")
        // The search goes outward from the value: 7 needs +3 to reach 10, not any larger change.
        let atLeast = try explain("at_least", Self.sheet(a: 7))
        #expect(atLeast.counterfactual?.text == "passes if `s.a` were 10 (not 7)")
    }

    @Test func noCounterfactualWhenNoSingleChangeTurnsTheVerdict() throws {
        // Both numbers are wrong: changing either alone still fails.
        let explanation = try explain("both_numbers", Self.sheet(a: 5, b: 7))
        #expect(explanation.outcome == .fail)
        #expect(explanation.counterfactual == nil)
        #expect(!explanation.text().contains("counterfactual"))
        // A pass that no flip of a bool field turns.
        #expect(try explain("arithmetic", Self.sheet(a: 4, b: 3)).counterfactual == nil)
    }

    static let governance = """
        level 1 "Board"
        constituency supplier "Supplier"
        constituency consumer "Consumer"
        constituency network "Network"
        group Board "Programme Board" {
          level 1
          decides
          seat supplier 2 nominated
          seat consumer
          seat network
          quorum 3
        }
        rule quorum_met {
          for meeting m
          require quorate(m)
          else "{m.group} {m.date}: {attending(m)} seats present, not quorate"
        }
        rule quorate_with_decisions {
          for meeting m
          require quorate(m) and count(m.decisions) > 0
        }
        """

    static func meeting(present: [String], decisions: Int = 0) -> String {
        let people = present.map { #"{"constituency": "\#($0)", "present": true}"# }
        let items = (0..<decisions).map { #"{"number": \#($0 + 1), "title": "decision \#($0 + 1)"}"# }
        return """
            {"type": "meeting", "group": "Board", "date": "2024-03-13",
             "attendees": [\(people.joined(separator: ", "))], "decisions": [\(items.joined(separator: ", "))]}
            """
    }

    @Test func aMeetingThatIsNotQuorateSaysHowManyMoreSeatsItNeeds() throws {
        let board = CompiledRulebook(Self.governance)
        let one = try explain("quorum_met", Self.meeting(present: ["supplier", "supplier"]), in: board)
        #expect(one.outcome == .fail)
        #expect(one.counterfactual?.text == "passes if quorate with 1 more attending seat")
        #expect(one.clauses.first.map(Self.outline) == "✗ require quorate(m)")
        #expect(one.clauses.first?.note == "2 of 4 filled seats attending; quorate from 3")
        // A third supplier fills no seat, so one more seat is still needed.
        let three = try explain("quorum_met", Self.meeting(present: ["supplier", "supplier", "supplier"]), in: board)
        #expect(three.counterfactual == Counterfactual(change: .attendingSeats(1), outcome: .pass))
        // Two network attendees fill its one seat: two more are needed.
        let network = try explain("quorum_met", Self.meeting(present: ["network", "network"]), in: board)
        #expect(network.counterfactual?.text == "passes if quorate with 2 more attending seats")
        // Quorate is not enough when the rule also needs a decision: no counterfactual.
        let also = try explain("quorate_with_decisions", Self.meeting(present: ["supplier"]), in: board)
        #expect(also.outcome == .fail)
        #expect(also.counterfactual == nil)
    }

    // MARK: - Tracing costs the normal evaluation nothing

    @Test func rulesCompiledForEvaluationRecordNothing() throws {
        let record = try rules.record(Self.sheet(a: 1, b: 3, items: [1, 5]))
        let tracer = Tracer(files: rules.files, shapes: rules.program.shapes)
        for rule in rules.program.rules {
            let frame = Frame(size: rule.frameSize, context: rules.program.context)
            frame.tracer = tracer
            _ = rule.evaluate(record, today: nil, frame: frame)
        }
        #expect(tracer.end().isEmpty)
    }

    // MARK: - The examples

    /// Every rule of `rules/` on every example record: the explanation's verdict is `check`'s,
    /// a failure shows a clause that did not hold, and a pass shows none.
    @Test func explanationsOfTheExamplesAgreeWithCheck() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var loaded = RulebookLoader().load(paths: [root.appendingPathComponent("rules").path])
        #expect(loaded.unreadable.isEmpty)
        let checked = loaded.check()
        let program = Program(try #require(checked))
        let examples = root.appendingPathComponent("examples")
        let paths = ["dag_2024-03-13.json", "cr043_impact_assessment.json"].map { examples.appendingPathComponent($0).path }
            + (39...46).map { examples.appendingPathComponent("change_requests/CR0\($0).json").path }
        let files = RecordFiles(shapes: program.shapes, byName: program.shapeByName)
        let (records, errors) = files.load(paths: paths)
        #expect(errors.isEmpty)
        #expect(records.count == 10)
        var explained = 0
        for rule in program.rules {
            let explainer = try #require(program.explainer(rule: rule.name, rulebook: loaded.rulebook, files: loaded.files))
            for record in records.map(\.value) where explainer.applies(to: record) {
                let verdict = program.evaluate(record).first { $0.rule == rule.name }
                let explanation = explainer.explain(record)
                #expect(explanation.outcome == verdict?.outcome, "\(rule.name) on \(program.identify(record) ?? "?")")
                let failed = explanation.clauses.contains { $0.holds == false && $0.expr.hasPrefix("require") }
                #expect(failed == (explanation.outcome == .fail), "\(rule.name) on \(program.identify(record) ?? "?")")
                explained += 1
            }
        }
        #expect(explained == 29)
    }
}
