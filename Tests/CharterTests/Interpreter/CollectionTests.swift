@testable import Charter
import Testing

/// The list forms and functions on the sample record of `EvaluationTests`: `distinct`, `first`,
/// `xs[i]`, `[v for x in xs]`, `sort`, `select` and a field of a list of records; their edge
/// cases at run time (outcome `error`, never a trap) and at lint (located diagnostics).
@Suite struct CollectionTests {
    let evaluation = EvaluationTests()

    @Test(arguments: [
        ("count(distinct([1, 1, 2]))", "2"),
        ("distinct([3, 1, 3, 2, 1])", "[3, 1, 2]"),
        ("distinct(s.items.ok)", "[true, false]"),
        ("distinct([s.names[2], s.names[1], s.names[2]])", "[b, a]"),
        ("distinct([60 minutes, 1 hour, 1 day, 1440 minutes, 1 working day])", "[1 hour, 1 day, 1 working day]"),
        ("distinct(s.empty)", "[]"),
        ("first(s.xs, 2)", "[3, 1]"),
        ("first(s.xs, 0)", "[]"),
        ("first(s.xs, 10)", "[3, 1, 2]"),
        ("s.xs[1]", "3"),
        ("s.xs[3]", "2"),
        ("s.items[2].name", "beta"),
        ("[i.name for i in s.items where i.ok]", "[alpha, delta]"),
        ("[x * 2 for x in s.xs]", "[6, 2, 4]"),
        ("[x for x in s.empty]", "[]"),
        ("sort(s.xs)", "[1, 2, 3]"),
        ("sort(s.xs descending)", "[3, 2, 1]"),
        ("sort(s.dates)", "[2024-01-10, 2024-02-14, 2024-03-13]"),
        ("sort(s.gaps descending)", "[2 hours 30 minutes, 1 hour, 15 minutes]"),
        ("sort([\"b\", \"a\", \"B\"])", "[B, a, b]"),
        ("sort(i in s.items by i.size).name", "[gamma, alpha, epsilon, beta, delta]"),
        ("sort(i in s.items where not i.ok by i.size descending).name", "[beta, epsilon, gamma]"),
        ("s.items.size", "[5, 12, 1, 20, 7]"),
        ("sum(s.items.size)", "45"),
        ("select(x in s.xs as kept: true)", "[3, 1, 2]"),
        ("select(x in s.xs up to 2 as kept: true)", "[3, 1]"),
        ("select(x in s.xs up to 0 as kept: true)", "[]"),
        ("select(i in s.items up to 3 as kept: sum(kept.size) + i.size <= 20).name", "[alpha, beta, gamma]"),
        ("select(i in s.items where i.size > 1 as kept: count(k in kept where k.ok == i.ok) < 1).name", "[alpha, beta]"),
    ])
    func listFormsEvaluate(expression: String, expected: String) throws {
        #expect(try evaluation.show(expression) == expected)
    }

    @Test func equalKeysKeepTheirOrder() throws {
        #expect(try evaluation.show("sort(i in s.items by i.size / i.size).name") == "[alpha, beta, gamma, delta, epsilon]")
        #expect(try evaluation.show("sort(i in s.items by 1 descending).name") == "[alpha, beta, gamma, delta, epsilon]")
        #expect(try evaluation.show("sort(i in s.items by i.name).name") == "[alpha, beta, delta, epsilon, gamma]")
    }

    @Test(arguments: [
        ("s.xs[4]", "error: position 4 is outside the list: the list has 3 elements, at positions 1 to 3"),
        ("s.empty[1]", "error: position 1 is outside the list: the list is empty"),
        ("s.xs[s.xs[2] - 1]", "error: position 0 is outside the list: the list has 3 elements, at positions 1 to 3"),
        ("s.xs[s.xs[1] / 2]", "error: position 1.5 is not a whole number: positions count 1, 2, 3, …"),
        ("first(s.xs, 0 - s.xs[1])", "error: cannot take -3 elements of a list: the number must be whole and 0 or more"),
        ("select(x in s.xs up to s.xs[2] / 2 as kept: true)", "error: cannot take 0.5 elements of a list: the number must be whole and 0 or more"),
        ("s.xs[s.n ?? 9223372036854775807]", "error: position 9223372036854775807 is outside the list: the list has 3 elements, at positions 1 to 3"),
        ("sort([s.gap, 1 month])", "error: cannot compare 1 month with 15 minutes: the units differ"),
    ])
    func badPositionsAndCountsAreErrors(expression: String, expected: String) throws {
        #expect(try evaluation.show(expression) == expected)
    }

    @Test func anErrorCarriesItsCode() throws {
        let rules = CompiledRulebook(EvaluationTests.schema + """
            rule probe {
              for sample s
              require s.xs[4] > 0
            }
            """)
        let verdict = try rules.verdict("probe", on: EvaluationTests.sample)
        #expect(verdict.outcome == .error)
        #expect(verdict.failures.first?.code == .outsideList)
    }

    // MARK: - The evaluation budget

    static let rules = """
        record bag {
          id: text
          xs: list of number
        }
        rule sorted "The sorted list starts with its least" {
          for bag b
          require count(b.xs) == 0 or sort(b.xs)[1] == min(b.xs)
        }
        rule seated "Selection walks the list once per element" {
          for bag b
          require count(select(x in b.xs as kept: all k in kept: k != x)) == count(distinct(b.xs))
        }
        """

    func outcomes(_ count: Int, steps: Int) throws -> [RuleVerdict.Outcome] {
        let compiled = CompiledRulebook(Self.rules)
        let program = Program(compiled.program.checked, limits: EvaluationLimits(steps: steps))
        let files = RecordFiles(shapes: program.shapes, byName: program.shapeByName, dateFormat: .iso, typeName: nil)
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        let json = #"{"type": "bag", "id": "B", "xs": [\#((0..<count).map { String($0 % 7) }.joined(separator: ", "))]}"#
        files.load(bytes: Array(json.utf8), path: "bag.json", into: &records, errors: &errors)
        #expect(errors.isEmpty)
        let record = try #require(records.first).value
        return program.evaluate(record).map(\.outcome)
    }

    @Test func sortingAndSelectingCountAgainstTheBudget() throws {
        // 1,000 elements, 0 to 6 over and over. `sorted`: 1,000 steps for `count`, 1,000 for
        // sort's walk and 1,000 × 10 for its comparisons, 1 for the position, 1,000 for `min`:
        // 13,001. `seated`: 1,000 for the walk, 0 + 1 + … + 6 and then 993 × 7 for `all` over
        // the kept elements, 1,000 for `distinct`, 7 for each `count`: 8,986.
        #expect(try outcomes(1_000, steps: 13_001) == [.pass, .pass])
        #expect(try outcomes(1_000, steps: 13_000) == [.error, .pass])
        #expect(try outcomes(1_000, steps: 8_986) == [.error, .pass])
        #expect(try outcomes(1_000, steps: 8_985) == [.error, .error])
    }

    // MARK: - Lint

    func typeErrors(_ clause: String) -> [Diagnostic] {
        let result = parse(EvaluationTests.schema + "rule r {\n  for sample s\n  \(clause)\n}\n")
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.message))")
        return TypeChecker.check(result.rulebook)
    }

    @Test(arguments: [
        ("require s.xs[0] > 0", "T012", 16, "require s.xs[1] > 0"),
        ("require s.xs[1.5] > 0", "T012", 16, "require s.xs[2] > 0"),
        ("require s.xs[\"1\"] > 0", "T002", 16, "require s.xs[count(s.xs)] > 0"),
        ("require s.id[1] == \"S\"", "T005", 11, "require s.names[1] == \"S\""),
        ("require count(first(s.xs, -1)) == 0", "T012", 29, "require count(first(s.xs, 0)) == 0"),
        ("require count(first(s.xs)) == 0", "T008", 17, "require count(first(s.xs, 1)) == 0"),
        ("require count(distinct(s.items)) > 0", "T002", 26, "require count(distinct(s.items.name)) > 0"),
        ("require count(distinct([s.note])) > 0", "T004", 26, "require count(distinct([s.note ?? \"none\"])) > 0"),
        ("require count(distinct(s.id)) > 0", "T005", 26, "require count(distinct(s.names)) > 0"),
        ("require count(sort(s.items)) > 0", "T002", 22, "require count(sort(i in s.items by i.size)) > 0"),
        ("require count(sort(i in s.items by i.ok)) > 0", "T002", 38, "require count(sort(i in s.items by i.name)) > 0"),
        ("require count(select(x in s.xs up to -1 as k: true)) == 0", "T012", 40, "require count(select(x in s.xs up to 1 as k: true)) == 1"),
        ("require count(select(x in s.xs as k: x)) == 0", "T001", 40, "require count(select(x in s.xs as k: x not in k)) == 3"),
        ("require s.items.nmae == []", "T003", 19, "require s.items.name == []"),
        ("require [i.nmae for i in s.items] == []", "T003", 14, "require [i.name for i in s.items] == []"),
    ])
    func mistakeAndCorrection(wrong: String, code: String, column: Int, right: String) {
        let found = typeErrors(wrong)
        #expect(found.map(\.code.id) == [code], "\(found.map(\.message))")
        #expect(found.first?.span?.line == 22)
        #expect(found.first?.span?.column == column, "\(found.map(\.message))")
        #expect(found.first?.help?.isEmpty == false)
        #expect(typeErrors(right).isEmpty, "\(typeErrors(right).map(\.message))")
    }

    @Test func theKeptListIsSeenOnlyInsideTheSelection() {
        #expect(typeErrors("require count(select(x in s.xs as kept: true)) == count(kept)").map(\.code.id) == ["N014"])
        #expect(typeErrors("require count(select(x in s.xs as kept: count(kept) < 2)) == 2").isEmpty)
    }

    @Test func anIndexIsWrittenAgainstItsList() {
        // Apart, `[1]` is a list of its own and the clause does not parse.
        let parsed = parse(EvaluationTests.schema + "rule r {\n  for sample s\n  require s.xs [1] > 0\n}\n")
        #expect(parsed.diagnostics.hasErrors)
    }

    @Test func theFormatterKeepsAnIndexAgainstItsList() throws {
        let source = "rule r {\n  for sample s\n  require sort(x in s.xs by x descending)[1] == [y for y in s.xs where y > 0][1]\n}\n"
        guard case .formatted(let text) = SourceFormatter.format(text: source) else {
            Issue.record("does not format")
            return
        }
        #expect(text == source)
    }
}
