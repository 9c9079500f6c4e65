@testable import Charter
import Testing

/// Evaluation of rules through the public API: a rulebook parsed and checked, compiled into a
/// `Program`, records loaded with `RecordFiles`, verdicts from `Program.evaluate`.
@Suite struct EvaluationTests {
    static let schema = """
        charter "Test Programme" {
          calendar england_and_wales
        }
        record sample {
          id: text
          d: date
          start: time
          finish: time
          gap: duration
          n: number?
          note: text?
          due: date?
          xs: list of number
          names: list of text
          gaps: list of duration
          dates: list of date
          empty: list of number
          items: list of { name: text, size: number, ok: bool }
        }

        """

    /// `empty` is left out: a list the record does not give is an empty list.
    static let sample = """
        {"type": "sample", "id": "S1", "d": "2024-03-28", "start": "10:00", "finish": "11:30", "gap": "15m",
         "xs": [3, 1, 2], "names": ["a", "b"], "gaps": ["15m", "1h", "2h30m"],
         "dates": ["2024-03-13", "2024-01-10", "2024-02-14"],
         "items": [{"name": "alpha", "size": 5, "ok": true}, {"name": "beta", "size": 12, "ok": false},
                   {"name": "gamma", "size": 1, "ok": false}, {"name": "delta", "size": 20, "ok": true},
                   {"name": "epsilon", "size": 7, "ok": false}]}
        """

    /// How `expression` reads in a message, evaluated on the sample record: the `else` message of
    /// a rule that always fails and interpolates it. An evaluation error reads `error: …`.
    func show(_ expression: String, asOf: CivilDate? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let rules = CompiledRulebook(Self.schema + """
            rule probe {
              for sample s
              let shown = \(expression)
              require false
              else "{shown}"
            }
            """, sourceLocation: sourceLocation)
        let verdict = try rules.verdict("probe", on: Self.sample, asOf: asOf, sourceLocation: sourceLocation)
        switch verdict.outcome {
        case .fail:
            #expect(verdict.failures.count == 1, sourceLocation: sourceLocation)
            return verdict.message ?? ""
        case .error: return "error: \(verdict.message ?? "")"
        default:
            Issue.record("a rule that requires false gave \(verdict.outcome)", sourceLocation: sourceLocation)
            return ""
        }
    }

    /// Whether `condition` holds on the sample record: true (pass), false (fail), or nil when it
    /// cannot be evaluated.
    func holds(_ condition: String, asOf: CivilDate? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool? {
        let rules = CompiledRulebook(Self.schema + """
            rule probe {
              for sample s
              require \(condition)
            }
            """, sourceLocation: sourceLocation)
        let verdict = try rules.verdict("probe", on: Self.sample, asOf: asOf, sourceLocation: sourceLocation)
        switch verdict.outcome {
        case .pass: return true
        case .fail:
            #expect(verdict.messages == ["`\(condition)` does not hold"], sourceLocation: sourceLocation)
            return false
        case .error: return nil
        case .notApplicable:
            Issue.record("a rule with no `when` was not applicable", sourceLocation: sourceLocation)
            return nil
        }
    }

    // MARK: - Outcomes

    static let outcomeRules = schema + """
        rule freeze "Change Freeze" {
          for sample s
          when s.d >= 2024-01-01
          require all i in s.items where i.size >= 10: i.ok
          else "{s.id}: '{i.name}' is not ok"
        }
        rule smallest {
          for sample s
          require min(s.empty) > 0
          else "never shown"
        }
        rule late {
          for sample s
          require today <= s.d + 10 days
          else "{s.id} is late: today is {today}"
        }
        """

    @Test func aRulePassesWhenEveryRequirementHolds() throws {
        let rules = CompiledRulebook(Self.schema + """
            rule sizes {
              for sample s
              require count(s.items) == 5
              require sum(s.xs) == 6 else "never shown"
            }
            """)
        let verdict = try rules.verdict("sizes", on: Self.sample)
        #expect(verdict.outcome == .pass)
        #expect(verdict.failures.isEmpty)
        #expect(verdict.message == nil)
    }

    @Test func aFailingRuleInterpolatesItsMessage() throws {
        let rules = CompiledRulebook(Self.outcomeRules)
        let verdict = try rules.verdict("freeze", on: Self.sample)
        #expect(verdict.outcome == .fail)
        #expect(verdict.messages == ["S1: 'beta' is not ok"])
        // The failure points at the `require` condition (line 23 of the test file, after the schema).
        let span = try #require(verdict.failures.first?.span)
        #expect(rules.location(span) == "test.charter:23:11")
    }

    @Test func aRuleWhoseWhenIsFalseIsNotApplicable() throws {
        let rules = CompiledRulebook(Self.outcomeRules)
        let early = Self.sample.replacingOccurrences(of: "\"d\": \"2024-03-28\"", with: "\"d\": \"2023-12-31\"")
        let verdict = try rules.verdict("freeze", on: early)
        #expect(verdict.outcome == .notApplicable)
        #expect(verdict.failures.isEmpty)
    }

    @Test func theMinimumOfAnEmptyListIsAnError() throws {
        let rules = CompiledRulebook(Self.outcomeRules)
        let verdict = try rules.verdict("smallest", on: Self.sample)
        #expect(verdict.outcome == .error)
        #expect(verdict.messages == ["`min` of an empty list has no value"])
        let span = try #require(verdict.failures.first?.span)
        #expect(rules.location(span) == "test.charter:28:11")
    }

    @Test func readingTodayNeedsADate() throws {
        let rules = CompiledRulebook(Self.outcomeRules)
        // `sample` has no `date` field, so without --as-of there is no today.
        let none = try rules.verdict("late", on: Self.sample)
        #expect(none.outcome == .error)
        #expect(none.messages == ["this reads `today`, which has no date here: give one with --as-of (a record's own `date` stands in for it where there is one)"])
        #expect(try rules.verdict("late", on: Self.sample, asOf: day("2024-04-07")).outcome == .pass)
        let late = try rules.verdict("late", on: Self.sample, asOf: day("2024-04-08"))
        #expect(late.outcome == .fail)
        #expect(late.messages == ["S1 is late: today is 2024-04-08"])
    }

    @Test func aMeetingsTodayIsItsOwnDateUnlessAsOfIsGiven() throws {
        let rules = CompiledRulebook("""
            group DAG "Design Advisory Group" {}
            rule today_is {
              for meeting m
              require false
              else "{today}"
            }
            """)
        let meeting = #"{"type": "meeting", "group": "DAG", "date": "2024-03-13"}"#
        #expect(try rules.verdict("today_is", on: meeting).messages == ["2024-03-13"])
        #expect(try rules.verdict("today_is", on: meeting, asOf: day("2024-04-10")).messages == ["2024-04-10"])
        let record = try rules.record(meeting)
        #expect(rules.program.today(for: record, asOf: nil) == day("2024-03-13"))
    }

    @Test func everyWhenMustHoldWhereverItStands() throws {
        let rules = CompiledRulebook(Self.schema + """
            rule late_when {
              for sample s
              require s.id == "nobody" else "fails first"
              when s.id == "nobody"
            }
            rule guarded {
              for sample s
              when count(s.empty) > 0
              require min(s.empty) > 0
            }
            rule two_failures {
              for sample s
              require s.id == "x" else "first"
              require count(s.xs) == 3 else "never shown"
              require s.id == "y" else "second"
            }
            rule fail_then_error {
              for sample s
              require s.id == "x" else "first"
              require max(s.empty) > 0 else "never shown"
            }
            """)
        let verdicts = Dictionary(uniqueKeysWithValues: rules.program.evaluate(try rules.record(Self.sample)).map { ($0.rule, $0) })
        #expect(verdicts["late_when"]?.outcome == .notApplicable)
        #expect(verdicts["late_when"]?.failures.isEmpty == true)
        // A false `when` stops evaluation before a requirement that would be an error.
        #expect(verdicts["guarded"]?.outcome == .notApplicable)
        #expect(verdicts["two_failures"]?.outcome == .fail)
        #expect(verdicts["two_failures"]?.messages == ["first", "second"])
        #expect(verdicts["fail_then_error"]?.outcome == .error)
        #expect(verdicts["fail_then_error"]?.messages == ["`max` of an empty list has no value"])
        // Rules come back in rulebook order.
        #expect(rules.program.evaluate(try rules.record(Self.sample)).map(\.rule) == ["late_when", "guarded", "two_failures", "fail_then_error"])
    }

    @Test func checkReportsEachRecordWithItsOutcomeAndPlace() throws {
        let rules = CompiledRulebook(Self.outcomeRules)
        let early = Self.sample.replacingOccurrences(of: "\"d\": \"2024-03-28\"", with: "\"d\": \"2023-12-31\"")
            .replacingOccurrences(of: "\"S1\"", with: "\"S0\"")
        let fine = Self.sample.replacingOccurrences(of: "\"ok\": false", with: "\"ok\": true")
            .replacingOccurrences(of: "\"S1\"", with: "\"S2\"")
        let (records, errors) = rules.load("[\(Self.sample), \(early), \(fine), \(Self.sample)]", path: "samples.json")
        #expect(errors.isEmpty)
        // One evaluator serves every record: nothing of one record's evaluation leaks into the next.
        let reports = rules.program.check(records, asOf: day("2024-04-01"), only: ["freeze", "late"])
        #expect(reports.map(\.id) == ["S1", "S0", "S2", "S1"])
        #expect(reports.map(\.type) == ["sample", "sample", "sample", "sample"])
        #expect(reports.map(\.place) == ["$[0]", "$[1]", "$[2]", "$[3]"])
        #expect(reports.map(\.file) == ["samples.json", "samples.json", "samples.json", "samples.json"])
        #expect(reports.map(\.asOf) == Array(repeating: day("2024-04-01"), count: 4))
        #expect(reports.map(\.outcome) == [.fail, .fail, .pass, .fail])
        #expect(reports.map { $0.verdicts.map(\.rule) } == Array(repeating: ["freeze", "late"], count: 4))
        #expect(reports[0].verdicts.map(\.messages) == [["S1: 'beta' is not ok"], []])
        // S0 is dated 2023-12-31: `freeze` does not apply, and 2024-04-01 is past its 10 days.
        #expect(reports[1].verdicts.map(\.outcome) == [.notApplicable, .fail])
        #expect(reports[1].verdicts.map(\.messages) == [[], ["S0 is late: today is 2024-04-01"]])
        #expect(reports[2].verdicts.map(\.outcome) == [.pass, .pass])
        #expect(reports[3].verdicts.map(\.messages) == reports[0].verdicts.map(\.messages))
        #expect(CheckSummary(reports) == {
            var summary = CheckSummary([])
            (summary.records, summary.passed, summary.failed) = (4, 1, 3)
            return summary
        }())

        // Without --as-of, `late` cannot be evaluated and the record's outcome is an error.
        let unevaluated = rules.program.check(records)
        #expect(unevaluated.map(\.outcome) == [.error, .error, .error, .error])
        #expect(unevaluated.map(\.asOf) == [nil, nil, nil, nil])
        let summary = CheckSummary(unevaluated)
        #expect((summary.records, summary.errors, summary.passed, summary.failed) == (4, 4, 0, 0))
        // No rule of the record's type applies: not applicable.
        let none = rules.program.check(records, only: ["freeze"])
        #expect(none.map(\.outcome) == [.fail, .notApplicable, .pass, .fail])
        #expect(CheckSummary(none).notApplicable == 1)
    }

    @Test func aRequirementWithoutElseQuotesItsCondition() throws {
        let rules = CompiledRulebook(Self.schema + """
            rule small {
              for sample s
              require sum(s.xs) < 5
            }
            rule each {
              for sample s
              require all x in s.xs: x < 2
            }
            """)
        #expect(try rules.verdict("small", on: Self.sample).messages == ["`sum(s.xs) < 5` does not hold"])
        #expect(try rules.verdict("each", on: Self.sample).messages == [
            "`all x in s.xs: x < 2` does not hold for x = 3",
            "`all x in s.xs: x < 2` does not hold for x = 2",
        ])
    }

    // MARK: - Counterexamples

    @Test func aFailingRequireAllNamesEachFailingElementOnly() throws {
        let rules = CompiledRulebook(Self.schema + """
            rule items_ok {
              for sample s
              require all i in s.items where i.size > 2: i.ok
              else "{s.id}: item '{i.name}' (size {i.size}) is not ok"
            }
            """)
        let verdict = try rules.verdict("items_ok", on: Self.sample)
        #expect(verdict.outcome == .fail)
        // beta and epsilon fail; gamma also is not ok but is filtered out (size 1); alpha and
        // delta pass.
        #expect(verdict.messages == [
            "S1: item 'beta' (size 12) is not ok",
            "S1: item 'epsilon' (size 7) is not ok",
        ])
        #expect(Set(verdict.failures.map(\.span)).count == 1, "every counterexample points at the one requirement")
    }

    @Test func aRequireAllWithAllElementsFilteredOutPasses() throws {
        let rules = CompiledRulebook(Self.schema + """
            rule huge_ok {
              for sample s
              require all i in s.items where i.size > 100: i.ok
              else "{i.name}"
            }
            rule empty_ok {
              for sample s
              require all x in s.empty: x > 0
              else "{x}"
            }
            """)
        #expect(try rules.verdict("huge_ok", on: Self.sample).outcome == .pass)
        #expect(try rules.verdict("empty_ok", on: Self.sample).outcome == .pass)
    }

    @Test func aNestedRequireAllReportsTheOuterElement() throws {
        let rules = CompiledRulebook(Self.schema + """
            rule distinct {
              for sample s
              require all i in s.items: all j in s.items where j.name != i.name: j.size != i.size + 7
              else "{i.name}"
            }
            """)
        // alpha (5) has beta (12) = 5 + 7; no other item has a partner 7 larger.
        #expect(try rules.verdict("distinct", on: Self.sample).messages == ["alpha"])
    }

    @Test func aRequireAnyFailsOnceWithItsMessage() throws {
        let rules = CompiledRulebook(Self.schema + """
            rule some_big {
              for sample s
              require any i in s.items: i.size > 50
              else "{s.id}: no item is bigger than 50"
            }
            """)
        #expect(try rules.verdict("some_big", on: Self.sample).messages == ["S1: no item is bigger than 50"])
    }

    // MARK: - Numbers

    @Test(arguments: [
        ("1/3 + 2/3", "1"),
        ("1/3", "1/3"),
        ("2/6", "1/3"),
        ("0.1 + 0.2", "0.3"),
        ("-1/2", "-0.5"),
        ("1/8", "0.125"),
        ("50% of 10", "5"),
        ("12.5% of 8", "1"),
        ("75%", "0.75"),
        ("2/3 of 300", "200"),
        ("1/2 of 3 + 5", "4"),
        ("2 * 3 + 4", "10"),
        ("2 * (3 + 4)", "14"),
        ("10 - 4 - 3", "3"),
        ("sum(s.xs) / 4", "1.5"),
        ("sum(s.xs) / 5", "1.2"),
        ("s.n ?? 7", "7"),
        ("(s.n ?? 7) * 2", "14"),
    ])
    func exactArithmetic(expression: String, expected: String) throws {
        #expect(try show(expression) == expected)
    }

    @Test(arguments: [
        ("1/3 + 2/3 == 1", true),
        ("0.1 + 0.2 == 0.3", true),
        ("75% == 3/4", true),
        ("1/3 < 0.3334", true),
        ("1/3 > 0.3333", true),
        ("2/3 of 9 == 6", true),
        ("50% of 10 == 5", true),
        ("12.5% of 8 == 1", true),
        ("-1 < 0", true),
        ("3 >= 3", true),
        ("3 > 3", false),
        ("1 != 1", false),
    ])
    func exactComparisons(condition: String, expected: Bool) throws {
        #expect(try holds(condition) == expected)
    }

    /// A number whose denominator has no prime factors but 2 and 5 reads as a decimal, however
    /// it was reduced; one that has none (a third) reads as a fraction.
    @Test func decimalsReadAsTheyAreWritten() throws {
        #expect(try show("0.17") == "0.17")
        #expect(try show("0.3") == "0.3")
        #expect(try show("1.07") == "1.07")
        let shown = try ["0.75", "0.125", "0.5", "0.68", "1.2", "75%", "1/3", "-1/8"].map { try show($0) }
        #expect(shown == ["0.75", "0.125", "0.5", "0.68", "1.2", "0.75", "1/3", "-0.125"])
    }

    @Test func divisionByZeroIsAnError() throws {
        #expect(try show("sum(s.xs) / (2 - 2)") == "error: division by zero")
        #expect(try holds("1 / (count(s.empty)) > 0") == nil)
    }

    @Test func numbersTooLargeForExactArithmeticAreAnError() throws {
        #expect(try show("9000000000000000000 * 10") == "error: 9000000000000000000 * 10 is outside the range of Charter's exact numbers, ±9223372036854775807")
        // In a comparison, whose operands are computed as numbers without a value around them.
        #expect(try show("if s.xs[1] + 9223372036854775807 > 0 then 1 else 2") == "error: 3 + 9223372036854775807 is outside the range of Charter's exact numbers, ±9223372036854775807")
        #expect(try show("if 2 <= (s.n ?? 1) * 9223372036854775807 * 2 then 1 else 2") == "error: 9223372036854775807 * 2 is outside the range of Charter's exact numbers, ±9223372036854775807")
        #expect(try show("if s.xs[1] / (s.xs[2] - 1) < 0 then 1 else 2") == "error: division by zero")
    }

    // MARK: - Durations and times

    @Test(arguments: [
        ("s.finish - s.start", "1 hour 30 minutes"),
        ("s.gap", "15 minutes"),
        ("1h", "1 hour"),
        ("2h30m", "2 hours 30 minutes"),
        ("1m", "1 minute"),
        ("61 minutes", "1 hour 1 minute"),
        ("s.gap + 1h", "1 hour 15 minutes"),
        ("2 * s.gap", "30 minutes"),
        ("1h / 4", "15 minutes"),
        ("50% of 1h", "30 minutes"),
        ("1 day", "1 day"),
        ("2 weeks", "14 days"),
        ("1 day + 1h", "25 hours"),
        ("10 working days", "10 working days"),
        ("1 working day", "1 working day"),
        ("1 month", "1 month"),
        ("2 years", "24 months"),
        ("s.start + 90 minutes", "11:30"),
        ("s.finish - 2h", "09:30"),
        ("2024-03-13 - 2024-03-01", "12 days"),
    ])
    func durationsAndTimes(expression: String, expected: String) throws {
        #expect(try show(expression) == expected)
    }

    @Test(arguments: [
        ("s.finish - s.start == 90 minutes", true),
        ("s.finish - s.start == 1h30m", true),
        ("s.finish - s.start > 1h", true),
        ("15m < 1h", true),
        ("s.gap < 1h", true),
        ("s.gap == 15 minutes", true),
        ("1h == 60m", true),
        ("1 day == 1440 minutes", true),
        ("1 day > 23h", true),
        ("1 day < 25h", true),
        ("1 week == 7 days", true),
        ("2024-03-13 - 2024-03-01 == 12 days", true),
        ("s.start < s.finish", true),
        ("s.start + s.gap == 10:15", true),
        ("1 month == 1 month", true),
    ])
    func durationComparisons(condition: String, expected: Bool) throws {
        #expect(try holds(condition) == expected)
    }

    @Test func durationsWithoutAFixedLengthDoNotCompareWithMinutes() throws {
        // Literals of both kinds are a type error (T002); a field's unit is known only at run time.
        #expect(try holds("1 month > s.gap") == nil)
        #expect(try show("1 month + s.gap") == "error: cannot combine 1 month with 15 minutes: the units differ")
        #expect(try show("s.finish + 1 working day") == "error: a time of day moves by minutes or hours, not 1 working day")
        #expect(try show("s.finish + 1 day") == "error: 11:30 moved by 1 day is not a time of the same day")
        #expect(try show("s.finish + 13h") == "error: 11:30 moved by 13 hours is not a time of the same day")
        #expect(try show("s.gap / 2") == "error: 0.5 × 15 is not a whole number of units")
    }

    // MARK: - Dates

    @Test(arguments: [
        // Maundy Thursday 2024: Good Friday (29 Mar) and Easter Monday (1 Apr) are bank holidays.
        ("2024-03-28 + 1 working day", "2024-04-02"),
        ("s.d + 1 working day", "2024-04-02"),
        ("2024-03-28 + 2 working days", "2024-04-03"),
        ("2024-04-02 - 1 working day", "2024-03-28"),
        ("2024-03-29 + 0 working days", "2024-04-02"),
        ("2024-03-13 + 10 working days", "2024-03-27"),
        ("2024-03-13 + 20 working days", "2024-04-12"),
        ("2024-01-31 + 1 month", "2024-02-29"),
        ("2023-01-31 + 1 month", "2023-02-28"),
        ("2024-03-31 - 1 month", "2024-02-29"),
        ("2024-02-29 + 1 year", "2025-02-28"),
        ("2024-12-31 + 1 day", "2025-01-01"),
        ("2024-03-01 - 1 day", "2024-02-29"),
        ("2024-03-13 + 2 weeks", "2024-03-27"),
        ("2024-03-13 + 1440 minutes", "2024-03-14"),
    ])
    func dateArithmetic(expression: String, expected: String) throws {
        #expect(try show(expression) == expected)
    }

    @Test func aDateMovesByWholeDaysOnly() throws {
        #expect(try show("s.d + 1h") == "error: cannot move the date 2024-03-28 by 1 hour: a date moves by whole days")
    }

    @Test func theCharterCalendarAndHolidaysDecideWorkingDays() throws {
        // Scotland has no Easter Monday holiday; a charter holiday is a day off too.
        let rules = CompiledRulebook("""
            charter "Scottish Programme" {
              calendar scotland
              holiday 2024-04-03 "Programme day off"
            }
            record sample { d: date }
            rule next_day {
              for sample s
              require false
              else "{s.d + 1 working day} {s.d + 2 working days}"
            }
            """)
        let verdict = try rules.verdict("next_day", on: #"{"type": "sample", "d": "2024-03-28"}"#)
        #expect(verdict.messages == ["2024-04-01 2024-04-02"])
        let after = try rules.verdict("next_day", on: #"{"type": "sample", "d": "2024-04-02"}"#)
        #expect(after.messages == ["2024-04-04 2024-04-05"])
    }

    // MARK: - Optionals, membership, let

    @Test(arguments: [
        ("s.n == 3", false),
        ("s.n != 3", true),
        ("s.note == \"x\"", false),
        ("s.note != \"x\"", true),
        ("s.due == 2024-01-01", false),
        ("s.due == s.due", false),
        ("(s.n ?? 0) == 0", true),
        ("(s.note ?? \"\") == \"\"", true),
        ("(s.due ?? 1900-01-01) < s.d", true),
        ("2 in s.xs", true),
        ("5 in s.xs", false),
        ("5 not in s.xs", true),
        ("2 not in s.xs", false),
        ("\"a\" in s.names", true),
        ("\"c\" in s.names", false),
        ("s.id in [\"S1\", \"S2\"]", true),
        ("1h in s.gaps", true),
        ("60m in s.gaps", true),
        ("2024-01-10 in s.dates", true),
        ("(s.n ?? 3) in s.xs", true),
        ("s.start in [10:00, 11:00]", true),
        ("1/2 + 1/2 in [1, 2]", true),
        ("s.xs == [3, 1, 2]", true),
        ("s.xs == [1, 2, 3]", false),
        ("s.gaps == [15m, 60m, 150m]", true),
    ])
    func optionalsAndMembership(condition: String, expected: Bool) throws {
        #expect(try holds(condition) == expected)
    }

    @Test func coalesceKeepsAGivenValue() throws {
        let rules = CompiledRulebook(Self.schema + """
            rule given {
              for sample s
              require false
              else "{s.n ?? 0} {s.note ?? "none"} {s.due ?? 1900-01-01}"
            }
            """)
        let given = Self.sample.replacingOccurrences(of: "\"id\": \"S1\",", with: "\"id\": \"S1\", \"n\": 4, \"note\": \"hi\", \"due\": \"2024-05-01\",")
        #expect(try rules.verdict("given", on: given).messages == ["4 hi 2024-05-01"])
        #expect(try rules.verdict("given", on: Self.sample).messages == ["0 none 1900-01-01"])
        let null = Self.sample.replacingOccurrences(of: "\"id\": \"S1\",", with: "\"id\": \"S1\", \"n\": null,")
        #expect(try rules.verdict("given", on: null).messages == ["0 none 1900-01-01"])
    }

    @Test func letNamesAValueForTheClausesAfterIt() throws {
        let rules = CompiledRulebook(Self.schema + """
            rule lets {
              for sample s
              let total = sum(s.xs)
              let bigger = total + 1
              when total > 0
              require bigger == 7 and (let twice = total * 2 in twice == 12) else "never shown"
              require let half = total / 2 in half > 3
              else "half of {total} is {let half = total / 2 in half}"
            }
            """)
        let verdict = try rules.verdict("lets", on: Self.sample)
        #expect(verdict.outcome == .fail)
        #expect(verdict.messages == ["half of 6 is 3"])
    }

    // MARK: - Aggregates

    @Test(arguments: [
        ("count(s.xs)", "3"),
        ("count(s.empty)", "0"),
        ("count(i in s.items where i.ok)", "2"),
        ("count(i in s.items where i.size > 100)", "0"),
        // The condition after `:` filters as `where` does; both together must hold.
        ("count(i in s.items: i.ok)", "2"),
        ("count(x in s.xs: x > 1)", "2"),
        ("count(i in s.items where i.size > 4: i.ok)", "2"),
        ("count(i in s.items where i.size > 6: not i.ok)", "2"),
        ("count(x in s.empty: x > 1)", "0"),
        ("count(x in s.xs)", "3"),
        ("sum(s.xs)", "6"),
        ("sum(s.empty)", "0"),
        ("sum(i in s.items: i.size)", "45"),
        ("sum(i in s.items where i.ok: i.size)", "25"),
        ("sum(i in s.items where i.size > 100: i.size)", "0"),
        ("sum(x in s.xs: x / 4)", "1.5"),
        ("sum(s.gaps)", "3 hours 45 minutes"),
        ("sum(g in s.gaps where g > 1h: g)", "2 hours 30 minutes"),
        ("sum(g in s.gaps where g > 3h: g)", "0 minutes"),
        ("min(s.xs)", "1"),
        ("max(s.xs)", "3"),
        ("min(i in s.items: i.size)", "1"),
        ("max(i in s.items where not i.ok: i.size)", "12"),
        ("min(s.dates)", "2024-01-10"),
        ("max(s.dates)", "2024-03-13"),
        ("min(s.gaps)", "15 minutes"),
        ("max(g in s.gaps: g)", "2 hours 30 minutes"),
        ("min(i in s.items where i.size > 100: i.size)", "error: `min` of an empty list has no value"),
        ("max(s.empty)", "error: `max` of an empty list has no value"),
    ])
    func aggregates(expression: String, expected: String) throws {
        #expect(try show(expression) == expected)
    }

    @Test func aListLeftOutOfARecordIsEmpty() throws {
        let rules = CompiledRulebook(Self.schema)
        let record = try rules.record(Self.sample)
        let shape = rules.program.shapes[record.shape.index]
        let slot = try #require(shape.slots["empty"])
        #expect(record.fields[slot] == .list([]))
        let missing = #"{"type": "sample", "id": "S2", "d": "2024-03-28", "start": "10:00", "finish": "11:30", "gap": "15m"}"#
        let bare = try rules.record(missing)
        for name in ["xs", "names", "gaps", "dates", "empty", "items"] {
            #expect(bare.fields[try #require(shape.slots[name])] == .list([]), "\(name)")
        }
        for name in ["n", "note", "due"] {
            #expect(bare.fields[try #require(shape.slots[name])] == .absent, "\(name)")
        }
    }

    // MARK: - Text

    @Test(arguments: [
        ("s.id", "S1"),
        ("s.id + \"-x\"", "S1-x"),
        ("count(s.xs)", "3"),
        ("1/3", "1/3"),
        ("0.17", "0.17"),
        ("17%", "0.17"),
        ("s.d", "2024-03-28"),
        ("s.start", "10:00"),
        ("9:05", "09:05"),
        ("s.finish - s.start", "1 hour 30 minutes"),
        ("2h", "2 hours"),
        ("s.gap", "15 minutes"),
        ("3 days", "3 days"),
        ("10 working days", "10 working days"),
        ("1 month", "1 month"),
        ("s.d > 2024-01-01", "true"),
        ("5 in s.xs", "false"),
        ("s.xs", "[3, 1, 2]"),
        ("s.names", "[a, b]"),
        ("s.empty", "[]"),
        ("s.n", "(none)"),
        ("\"{s.id}/{count(s.names)}\"", "S1/2"),
    ])
    func interpolationOfEachKindOfValue(expression: String, expected: String) throws {
        #expect(try show(expression) == expected)
    }

    @Test func escapesInMessages() throws {
        let rules = CompiledRulebook(Self.schema + #"""
            rule quoted {
              for sample s
              require false
              else "\"{s.id}\" \{literal\} {s.id != "S2"}\t\u{2019}"
            }
            """#)
        #expect(try rules.verdict("quoted", on: Self.sample).messages == ["\"S1\" {literal} true\t\u{2019}"])
    }
}
