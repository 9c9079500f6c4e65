@testable import Charter
import Testing

/// The evaluation budget: work that grows past it ends with the outcome `error` naming the
/// rule and the budget, the count starts again for each record, and evaluation can be
/// interrupted from outside.
@Suite struct EvaluationBudgetTests {
    static let rules = """
        record bag {
          id: text
          xs: list of number
        }
        rule pairs "Every pair sums to at least zero" {
          for bag b
          require all x in b.xs: all y in b.xs: x + y >= 0
        }
        rule total "The total is small" {
          for bag b
          require sum(b.xs) < 1000000000
        }
        """

    static func bag(_ count: Int) -> String {
        #"{"type": "bag", "id": "B", "xs": [\#((0..<count).map(String.init).joined(separator: ", "))]}"#
    }

    func program(limits: EvaluationLimits) -> (Program, RecordValue) {
        let compiled = CompiledRulebook(Self.rules)
        let program = Program(compiled.program.checked, limits: limits)
        let files = RecordFiles(shapes: program.shapes, byName: program.shapeByName, dateFormat: .iso, typeName: nil)
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        files.load(bytes: Array(Self.bag(300).utf8), path: "bag.json", into: &records, errors: &errors)
        #expect(errors.isEmpty)
        return (program, records[0].value)
    }

    @Test func workPastTheBudgetIsAnErrorNamingTheRuleAndTheBudget() throws {
        // 300 elements: 300 + 300 × 300 = 90,300 steps for `pairs`, 300 for `total`.
        let (program, record) = program(limits: EvaluationLimits(steps: 50_000))
        let verdicts = program.evaluate(record)
        let pairs = try #require(verdicts.first { $0.rule == "pairs" })
        #expect(pairs.outcome == .error)
        #expect(pairs.messages == ["rule `pairs`: evaluation took more than the budget of 50,000 steps on this record; raise it with `--budget` if this much work is meant"])
        #expect(verdicts.first { $0.rule == "total" }?.outcome == .pass)
    }

    @Test func aBudgetThatSufficesChangesNothing() {
        let (program, record) = program(limits: EvaluationLimits(steps: 90_300))
        #expect(program.evaluate(record).map(\.outcome) == [.pass, .pass])
        let evaluator = program.evaluator()
        // The count starts again for each record: the same record twice in one evaluator.
        #expect(evaluator.evaluate(record).map(\.outcome) == [.pass, .pass])
        #expect(evaluator.evaluate(record).map(\.outcome) == [.pass, .pass])
        #expect(evaluator.outcome(rule: 0, on: record) == .pass)
    }

    @Test func oneStepFewerIsOverTheBudget() {
        let (program, record) = program(limits: EvaluationLimits(steps: 90_299))
        #expect(program.evaluate(record).map(\.outcome) == [.error, .pass])
    }

    @Test func interruptionStopsEvaluationWithAnError() throws {
        let (program, record) = program(limits: EvaluationLimits(interrupted: { true }))
        let pairs = try #require(program.evaluate(record).first)
        #expect(pairs.outcome == .error)
        #expect(pairs.messages == ["evaluation was interrupted"])
    }

    @Test func explainKeepsToTheBudgetToo() throws {
        let (program, record) = program(limits: EvaluationLimits(steps: 50_000))
        let compiled = CompiledRulebook(Self.rules)
        let explainer = try #require(program.explainer(rule: "pairs", rulebook: compiled.rulebook, files: compiled.files))
        let explanation = explainer.explain(record)
        #expect(explanation.outcome == .error)
    }

    @Test func lintWarnsOfQuantifiersNestedThreeDeep() {
        let source = Self.rules + """

            rule triples {
              for bag b
              require all x in b.xs: all y in b.xs: any z in b.xs: x + y == z
            }
            rule literal_lists {
              for bag b
              require all x in [1, 2]: all y in [3, 4]: all z in b.xs: x + y + z > 0
            }
            """
        let warnings = Checker.check(parse(source).rulebook).filter { $0.code == .deepQuantifiers }
        #expect(warnings.count == 1)
        #expect(warnings.first?.span?.line == 15)
        #expect(warnings.first?.severity == .warning)
    }
}
