@testable import Charter
import Testing

/// Conditions fused into one program of steps (`ExpressionCompiler.fusedCondition`) against
/// the same rules compiled to the general nodes alone: the same outcome, the same error at
/// the same place, the same steps spent, on records that take every way out of the fused
/// program (an absent value, a fraction, an overflow, the budget).
@Suite struct FusedConditionTests {
    static let changeRequests = """
        record change_request {
          fixes_defect: bool
          critical_to: list of text
          cost_impact_gbp: number
          affects: list of text
          ia_yes: number
          ia_no: number
          ia_abstain: number
          note: text?
          decided: date?
        }
        def admits(cr: change_request) =
          (cr.fixes_defect or "M10" in cr.critical_to) and cr.raised >= 2023-10-01
            and not (cr.cost_impact_gbp > 1000000 and "PSG" not in cr.affects)
        rule admissible {
          for change_request cr
          require admits(cr)
          else "{cr.id} is not admissible"
        }
        rule recommended {
          for change_request cr
          require admits(cr) and cr.ia_yes > cr.ia_no and cr.ia_yes + cr.ia_no + cr.ia_abstain >= 5
          else "{cr.id}: {cr.ia_yes} for"
        }
        rule noted {
          for change_request cr
          when cr.note is given or cr.decided is not given
          require (cr.note == "urgent" or "urgent" != cr.note) and cr.ia_yes * cr.ia_no - 3 != cr.ia_abstain
            and cr.raised < 2024-06-01
        }
        rule described {
          for change_request cr
          require cr.ia_yes > cr.ia_no and cr.fixes_defect
          else "{cr.id} raised {cr.raised}, {(cr.critical_to)}, £{cr.cost_impact_gbp}, {cr.note}, {cr.decided}, {cr.fixes_defect}: {cr.ia_yes - cr.ia_no} more for"
        }
        rule edge {
          for change_request cr
          require cr.ia_yes + 9223372036854775000 > cr.ia_no - 9223372036854775000 or cr.fixes_defect
            or cr.ia_yes * 10 == cr.cost_impact_gbp
        }
        """

    /// A change request with `fields` in place of the defaults (JSON values as written).
    static func record(_ fields: [String: String]) -> String {
        var values: [String: String] = [
            "type": "\"change_request\"", "id": "\"CR1\"", "title": "\"t\"", "raiser": "\"r\"", "raised": "\"2024-01-10\"",
            "status": "\"Raised\"", "fixes_defect": "true", "critical_to": "[\"M5\"]", "cost_impact_gbp": "10",
            "affects": "[]", "ia_yes": "4", "ia_no": "1", "ia_abstain": "0",
        ]
        for (key, value) in fields { values[key] = value }
        return "{" + values.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }

    static let records: [[String: String]] = [
        [:],
        ["fixes_defect": "false"],
        ["fixes_defect": "false", "critical_to": "[\"M8\", \"M10\"]"],
        ["raised": "\"2023-09-30\""],
        ["raised": "\"2023-10-01\""],
        ["cost_impact_gbp": "1000001"],
        ["cost_impact_gbp": "1000001", "affects": "[\"DAG\", \"PSG\"]"],
        ["cost_impact_gbp": "1000000.5"],
        ["cost_impact_gbp": "2000000.25", "affects": "[\"PSG\"]"],
        ["ia_yes": "1", "ia_no": "1", "ia_abstain": "3"],
        ["ia_yes": "999999999999999999", "ia_no": "999999999999999999"],
        ["ia_yes": "999999999999999999", "ia_no": "-999999999999999999", "ia_abstain": "-1"],
        ["ia_yes": "-999999999999999999", "ia_no": "-3"],
        ["ia_yes": "999999999999999999", "ia_no": "10", "ia_abstain": "-999999999999999999"],
        ["ia_yes": "2.5", "ia_no": "0.5", "ia_abstain": "2"],
        ["note": "\"urgent\""],
        ["note": "\"later\"", "decided": "\"2024-01-11\""],
        ["note": "\"later\"", "decided": "\"2024-01-10\""],
        ["decided": "\"2025-01-01\"", "critical_to": "[\"M10\", \"M11\", \"M14\", \"M5\", \"M8\"]", "fixes_defect": "false"],
    ]

    /// Every rule's verdict on every record, compiled with and without fusion, under `limits`.
    func compare(_ source: String, records: [String], limits: EvaluationLimits = .standard,
                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let compiled = CompiledRulebook(source, sourceLocation: sourceLocation)
        let program = Program(compiled.program.checked, limits: limits)
        let checked = program.checked
        var general: [CompiledRule] = []
        for (index, declaration) in checked.rulebook.declarations.enumerated() {
            guard case .rule(let rule) = declaration else { continue }
            general.append(try #require(CompiledRule(rule, at: index, checked: checked, fusing: false), sourceLocation: sourceLocation))
        }
        #expect(general.count == program.rules.count, sourceLocation: sourceLocation)
        let evaluator = program.evaluator()
        for json in records {
            let record = try compiled.record(json, sourceLocation: sourceLocation)
            for (index, (fused, plain)) in zip(program.rules, general).enumerated() {
                let expected = plain.evaluate(record, today: nil, context: program.context)
                let verdict = fused.evaluate(record, today: nil, context: program.context)
                let outcome = evaluator.outcome(rule: index, on: record)
                let shown = "\(fused.name) on \(json)"
                #expect(verdict.outcome == expected.outcome, "\(shown)", sourceLocation: sourceLocation)
                #expect(outcome == expected.outcome, "\(shown): the outcome alone", sourceLocation: sourceLocation)
                // The outcome alone, which a rule of one fused requirement gives without setting
                // up its frame, spends the steps the general nodes spend.
                let (fusedFrame, plainFrame) = (Frame(size: fused.frameSize, context: program.context),
                                                Frame(size: plain.frameSize, context: program.context))
                #expect(fused.outcome(record, today: nil, frame: fusedFrame) == plain.outcome(record, today: nil, frame: plainFrame),
                        "\(shown): the outcome in a frame of its own", sourceLocation: sourceLocation)
                #expect(fusedFrame.steps == plainFrame.steps, "\(shown): the steps spent", sourceLocation: sourceLocation)
                #expect(verdict.failures.map(\.message) == expected.failures.map(\.message), "\(shown)", sourceLocation: sourceLocation)
                #expect(verdict.notes == expected.notes, "\(shown): the notes", sourceLocation: sourceLocation)
                #expect(verdict.failures.map(\.code) == expected.failures.map(\.code), "\(shown)", sourceLocation: sourceLocation)
                #expect(verdict.failures.map(\.span.offset) == expected.failures.map(\.span.offset), "\(shown)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func fusedRulesGiveWhatTheGeneralNodesGive() throws {
        try compare(Self.changeRequests, records: Self.records.map(Self.record))
    }

    /// A budget that runs out inside a membership test: the fused program hands over, and the
    /// error is the general node's, at its place, at the same step.
    @Test func theBudgetRunsOutWhereItWouldUnfused() throws {
        for steps in [1, 2, 3, 4, 5, 6, 7, 9, 12] {
            try compare(Self.changeRequests, records: Self.records.map(Self.record), limits: EvaluationLimits(steps: steps))
        }
    }

    @Test func overflowInAFusedSumIsTheGeneralError() throws {
        let compiled = CompiledRulebook(Self.changeRequests)
        let verdict = try compiled.verdict("noted", on: Self.record(["ia_yes": "999999999999999999", "ia_no": "999999999999999999"]))
        #expect(verdict.outcome == .error)
        #expect(verdict.failures.first?.code == .outOfRange)
    }

    /// The conditions of the bench's rules are fused, the call of `admits` into each; a
    /// condition with a part that is not (a quantifier) is left to the general nodes.
    @Test func whichConditionsFuse() throws {
        let compiled = CompiledRulebook(Self.changeRequests + """

            rule quantified {
              for change_request cr
              require cr.fixes_defect and all g in cr.affects: g != "PSG"
            }
            """)
        let checked = compiled.program.checked
        var fused: [String: Bool] = [:]
        for (index, declaration) in checked.rulebook.declarations.enumerated() {
            guard case .rule(let rule) = declaration, let layout = checked.frameLayout(ofDeclarationAt: index) else { continue }
            for clause in rule.clauses {
                guard case .require(let condition, _) = clause else { continue }
                var compiler = ExpressionCompiler(checked, frame: layout)
                compiler.subjectSlot = CompiledRule.recordSlot
                fused[rule.name.text] = compiler.fusedCondition(condition) != nil
            }
        }
        #expect(fused == ["admissible": true, "recommended": true, "noted": true, "described": true, "edge": true, "quantified": false])
    }

    /// The calls a program starts with are counted once when it is made; the branches after
    /// them move with the steps, and a program with a branch to one of them keeps them.
    @Test func leadingStepsAreCountedOnce() {
        func test(_ kind: FusedOp.Kind, slot: Int = 0, to target: Int) -> FusedOp {
            var op = FusedOp(kind, slot: slot)
            op.target = target
            return op
        }
        let ops = [FusedOp(.step), FusedOp(.step), test(.boolField, to: FusedOp.falseExit), test(.constant, to: 4),
                   test(.boolField, slot: 1, to: FusedOp.falseExit)]
        let (kept, leading) = FusedCondition.withoutLeadingSteps(ops)
        #expect(leading == 2)
        #expect(kept.map(\.kind) == [.boolField, .constant, .boolField])
        #expect(kept.map(\.target) == [FusedOp.falseExit, 2, FusedOp.falseExit])
        let intoTheCalls = [FusedOp(.step), FusedOp(.step), test(.boolField, to: 1)]
        let (unchanged, none) = FusedCondition.withoutLeadingSteps(intoTheCalls)
        #expect(none == 0)
        #expect(unchanged.map(\.target) == [0, 0, 1])
    }
}
