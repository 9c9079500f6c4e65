@testable import Charter
import Testing

/// `if … then … else`, `%`, the number functions, `min`/`max` of several values, `is given`
/// and the comparison of absent values, evaluated on `EvaluationTests.sample` (whose `n`,
/// `note` and `due` are absent).
extension EvaluationTests {
    @Test(arguments: [
        ("if s.xs == [] then 1 else 2", "2"),
        ("if count(s.items) > 3 then \"many\" else \"few\"", "many"),
        // Only the branch taken is evaluated.
        ("if true then 1 else 1 / 0", "1"),
        ("if false then 1 / 0 else 2", "2"),
        ("if s.n is given then s.n else 0", "0"),
        ("if s.note is not given then \"none\" else s.note", "none"),
        ("if false then 1 else if true then 2 else 3", "2"),
        ("(if true then 1 else 2) + 3", "4"),
        ("if false then 1 else 2 + 3", "5"),
    ])
    func conditionalsChooseABranch(expression: String, expected: String) throws {
        #expect(try show(expression) == expected)
    }

    @Test(arguments: [
        ("7 % 3", "1"), ("-7 % 3", "2"), ("7 % -3", "-2"), ("7.5 % 2", "1.5"), ("2024 % 2", "0"),
        ("count(s.items) % 2", "1"), ("9223372036854775807 % 10", "7"),
        ("floor(7 / 2)", "3"), ("ceil(7 / 2)", "4"), ("round(5 / 2)", "3"), ("round(-5 / 2)", "-3"),
        ("round(12 / 5)", "2"), ("floor(-1 / 3)", "-1"), ("ceil(-1 / 3)", "0"), ("abs(-3 / 4)", "0.75"),
        ("abs(s.start - s.finish)", "1 hour 30 minutes"), ("ceil(1/2 of count(s.items))", "3"),
        ("min(3, 1, 2)", "1"), ("max(3, 1, 2)", "3"), ("min(s.d, 2024-01-01)", "2024-01-01"),
        ("max(s.gap, 1h)", "1 hour"), ("min(i in s.items: i.size)", "1"),
    ])
    func numbers(expression: String, expected: String) throws {
        #expect(try show(expression) == expected)
    }

    @Test func arithmeticThatCannotBeDoneIsAnErrorOutcome() throws {
        #expect(try show("7 % 0") == "error: division by zero")
        #expect(try show("count(s.items) % (count(s.items) - 5)") == "error: division by zero")
        // The quotient, 2 × 9223372036854775807, is past the range.
        #expect(try show("9223372036854775807 % (1 / 2)").hasPrefix("error: "))
        #expect(try show("floor(s.n ?? 1 / 0)") == "error: division by zero")
        #expect(try show("abs(s.gap / 0)") == "error: division by zero")
    }

    /// An absent value equals nothing, itself included.
    @Test func absentValuesCompare() throws {
        #expect(try holds("s.n == 1") == false)
        #expect(try holds("s.n != 1") == true)
        #expect(try holds("s.n == s.n") == false)
        #expect(try holds("s.n != s.n") == true)
        #expect(try holds("s.note == \"\"") == false)
        #expect(try holds("s.note != \"\"") == true)
        #expect(try holds("s.n is given") == false)
        #expect(try holds("s.n is not given") == true)
        // Inside a list, an absent element matches an absent one.
        #expect(try holds("[s.n, s.n] == [s.n, s.n]") == true)
        #expect(try holds("not (s.due is given)") == true)
    }

    /// Narrowed values are read only where the test has shown them given.
    @Test func narrowedValuesAreReadOnlyOnceGiven() throws {
        #expect(try holds("s.n is given and s.n > 1") == false)
        #expect(try holds("s.n is not given or s.n > 1") == true)
        #expect(try show("if s.due is given then s.due else s.d") == "2024-03-28")
    }

    @Test func aWhenThatShowsAValueGivenLetsTheRuleReadIt() throws {
        let rules = CompiledRulebook(Self.schema + """
            rule numbered {
              for sample s
              when s.n is given
              require s.n > 2
              else "{s.n + 1}"
            }
            """)
        #expect(try rules.verdict("numbered", on: Self.sample).outcome == .notApplicable)
        let given = Self.sample.replacingOccurrences(of: "\"id\": \"S1\"", with: "\"id\": \"S1\", \"n\": 2")
        let verdict = try rules.verdict("numbered", on: given)
        #expect(verdict.outcome == .fail)
        #expect(verdict.message == "3")
    }

    @Test func aWhereThatShowsAValueGivenLetsTheBodyReadIt() throws {
        let rules = CompiledRulebook("""
            record sample {
              items: list of { size: number? }
            }
            rule sized {
              for sample s
              require all i in s.items where i.size is given: i.size > 1
              require count(i in s.items where i.size is given: i.size > 6) == 1
              require sum(i in s.items where i.size is not given or i.size < 0: 1) == 2
              else "{sum(i in s.items where i.size is given: i.size)}"
            }
            """)
        let record = #"{"type": "sample", "items": [{"size": 5}, {}, {"size": 10}, {"size": null}]}"#
        let verdict = try rules.verdict("sized", on: record)
        #expect(verdict.outcome == .pass, "\(verdict.messages)")
    }
}
