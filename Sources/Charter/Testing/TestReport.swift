/// The results of `rulecheck test`: per test file, per test, per expectation, and what the tests
/// leave unexercised in each rulebook.
public struct TestReport: Sendable {
    public let suites: [TestSuiteResult]
    public let coverage: [TestCoverage]

    public var failedExpectations: Int { suites.reduce(0) { $0 + $1.tests.reduce(0) { $0 + $1.failed } } }
    public var expectations: Int { suites.reduce(0) { $0 + $1.tests.reduce(0) { $0 + $1.expectations.count } } }
    public var tests: Int { suites.reduce(0) { $0 + $1.tests.count } }
    public var failedTests: Int { suites.reduce(0) { $0 + $1.tests.filter { $0.failed > 0 }.count } }
}

/// The tests of one test file.
public struct TestSuiteResult: Sendable {
    public let file: String
    public internal(set) var tests: [TestResult]
}

/// One test's expectations, compared.
public struct TestResult: Sendable {
    public let name: String
    public let place: TestPlace
    public let expectations: [ExpectationResult]
    public var failed: Int { expectations.filter { !$0.passed }.count }
}

/// One expectation and what came.
public struct ExpectationResult: Sendable {
    public let record: String
    /// The rule; nil for the outcome of the record as a whole.
    public let rule: String?
    public let expected: RuleVerdict.Outcome
    public let actual: RuleVerdict.Outcome
    public let place: TestPlace
    /// How what came differs from what was expected, a line each; empty when it passed.
    public let differences: [String]
    public var passed: Bool { differences.isEmpty }

    static func compare(verdict: RuleVerdict, record: String, expected: RuleExpectation) -> ExpectationResult {
        var differences: [String] = []
        if verdict.outcome != expected.outcome {
            differences.append("outcome: expected \(expected.outcome.rawValue), got \(verdict.outcome.rawValue)")
        }
        if let messages = expected.messages {
            differences += listDifferences("messages", expected: messages, actual: verdict.failures.map(\.message))
        } else if verdict.outcome != expected.outcome {
            differences += verdict.failures.map { "  got: \(quoted($0.message))" }
        }
        if let notes = expected.notes {
            differences += listDifferences("notes", expected: notes, actual: verdict.notes)
        }
        return ExpectationResult(record: record, rule: verdict.rule, expected: expected.outcome, actual: verdict.outcome,
                                 place: expected.place, differences: differences)
    }

    static func compare(record report: RecordReport, expected: RuleVerdict.Outcome, place: TestPlace) -> ExpectationResult {
        var differences: [String] = []
        if report.outcome != expected {
            differences.append("outcome: expected \(expected.rawValue), got \(report.outcome.rawValue)")
            for verdict in report.verdicts where verdict.outcome != expected {
                differences.append("  \(verdict.rule): \(verdict.outcome.rawValue)")
                differences += verdict.failures.map { "    \(quoted($0.message))" }
            }
        }
        return ExpectationResult(record: report.id, rule: nil, expected: expected, actual: report.outcome, place: place,
                                 differences: differences)
    }

    /// The lines of two lists that differ, in the order of each: `-` what was expected and did
    /// not come, `+` what came and was not expected. Each value is matched once, so the work is
    /// linear in the lists.
    static func listDifferences(_ what: String, expected: [String], actual: [String]) -> [String] {
        guard expected != actual else { return [] }
        var unmatched: [String: Int] = [:]
        for text in actual { unmatched[text, default: 0] += 1 }
        var lines: [String] = []
        var missing: [String] = []
        for text in expected {
            if let count = unmatched[text], count > 0 { unmatched[text] = count - 1 } else { missing.append(text) }
        }
        var extra: [String] = []
        var expectedLeft: [String: Int] = [:]
        for text in expected { expectedLeft[text, default: 0] += 1 }
        for text in actual {
            if let count = expectedLeft[text], count > 0 { expectedLeft[text] = count - 1 } else { extra.append(text) }
        }
        lines.append(missing.isEmpty && extra.isEmpty ? "\(what): the same, in another order" : "\(what):")
        lines += missing.map { "  - expected \(quoted($0))" }
        lines += extra.map { "  + got      \(quoted($0))" }
        return lines
    }

    static func quoted(_ text: String) -> String {
        var out = ""
        JSON.writeString(text, into: &out)
        return out
    }
}

/// What the tests of one rulebook leave unexercised. A rule is exercised when a test checks its
/// verdict on a record it applies to (pass or fail); a `require` clause holds or fails in a test
/// when it does so on such a record. A requirement that fails in no test is one the tests do not
/// show catching anything. A transition or end is taken when the history of a tested record
/// takes it, walked as `status` walks it.
public struct TestCoverage: Sendable {
    public struct Requirement: Sendable {
        public let rule: String
        public let at: String
        public let held: Bool
        public let failed: Bool
    }
    /// The rule paths of the rulebook.
    public let rules: [String]
    public let ruleNames: [String]
    public let unexercised: [String]
    public let requirements: [Requirement]
    /// The transitions (`process: step -> target`) that no tested record's history takes.
    public let untakenTransitions: [String]
    /// The ends (`process: end`) that no tested record's history reaches.
    public let unreachedEnds: [String]
}

// MARK: - Text

extension TestReport {
    /// Each test with its failing expectations and what came, the totals, and the coverage.
    public func text() -> String {
        var out = ""
        for suite in suites {
            for test in suite.tests {
                let count = "\(test.expectations.count) expectation\(test.expectations.count == 1 ? "" : "s")"
                out += "\(test.failed > 0 ? "FAIL" : "PASS")  \(suite.file): \(test.name)  (\(count)\(test.failed > 0 ? ", \(test.failed) failed" : ""))\n"
                for result in test.expectations where !result.passed {
                    out += "  \(result.record)\(result.rule.map { " / \($0)" } ?? "")  at \(suite.file):\(result.place.line):\(result.place.column) \(result.place.path)\n"
                    for line in result.differences { out += "    \(line)\n" }
                }
            }
        }
        out += "\(tests) test\(tests == 1 ? "" : "s"): \(tests - failedTests) passed, \(failedTests) failed; "
        out += "\(expectations) expectation\(expectations == 1 ? "" : "s"): \(expectations - failedExpectations) passed, \(failedExpectations) failed\n"
        for rulebook in coverage {
            let exercised = rulebook.ruleNames.count - rulebook.unexercised.count
            // The clauses of a rule no test exercises are neither: the rule's line says so once.
            let unexercised = Set(rulebook.unexercised)
            let neverFailing = rulebook.requirements.filter { !$0.failed && !unexercised.contains($0.rule) }
            let neverHolding = rulebook.requirements.filter { !$0.held && !unexercised.contains($0.rule) }
            out += "coverage of \(rulebook.rules.joined(separator: ", ")): \(exercised) of \(rulebook.ruleNames.count) rules exercised, "
            out += "\(rulebook.requirements.filter(\.failed).count) of \(rulebook.requirements.count) require clauses seen failing\n"
            if !rulebook.unexercised.isEmpty { out += "  rules no test exercises: \(rulebook.unexercised.joined(separator: ", "))\n" }
            if !neverFailing.isEmpty {
                out += "  require clauses that fail in no test:\n"
                for requirement in neverFailing { out += "    \(requirement.at)  (\(requirement.rule))\n" }
            }
            if !neverHolding.isEmpty {
                out += "  require clauses that hold in no test:\n"
                for requirement in neverHolding { out += "    \(requirement.at)  (\(requirement.rule))\n" }
            }
            if !rulebook.untakenTransitions.isEmpty {
                out += "  transitions no tested record's history takes:\n"
                for transition in rulebook.untakenTransitions { out += "    \(transition)\n" }
            }
            if !rulebook.unreachedEnds.isEmpty {
                out += "  ends no tested record's history reaches: \(rulebook.unreachedEnds.joined(separator: ", "))\n"
            }
        }
        return out
    }
}

// MARK: - JSON

extension TestReport {
    public func json() -> JSON {
        .object([
            ("tests", .array(suites.flatMap { suite in
                suite.tests.map { test in
                    .object([
                        ("file", .string(suite.file)),
                        ("name", .string(test.name)),
                        ("outcome", .string(test.failed > 0 ? "fail" : "pass")),
                        ("expectations", .array(test.expectations.map { result in
                            .object([
                                ("record", .string(result.record)),
                                ("rule", .optional(result.rule)),
                                ("at", .string("\(suite.file):\(result.place.line):\(result.place.column)")),
                                ("path", .string(result.place.path)),
                                ("outcome", .string(result.passed ? "pass" : "fail")),
                                ("expected", .string(result.expected.rawValue)),
                                ("actual", .string(result.actual.rawValue)),
                                ("differences", .array(result.differences.map(JSON.string))),
                            ])
                        })),
                    ])
                }
            })),
            ("summary", .object([
                ("tests", .integer(tests)),
                ("tests_failed", .integer(failedTests)),
                ("expectations", .integer(expectations)),
                ("expectations_failed", .integer(failedExpectations)),
            ])),
            ("coverage", .array(coverage.map { rulebook in
                .object([
                    ("rules", .array(rulebook.rules.map(JSON.string))),
                    ("rule_count", .integer(rulebook.ruleNames.count)),
                    ("rules_not_exercised", .array(rulebook.unexercised.map(JSON.string))),
                    ("require_clauses", .array(rulebook.requirements.map { requirement in
                        .object([("rule", .string(requirement.rule)), ("at", .string(requirement.at)),
                                 ("held", .bool(requirement.held)), ("failed", .bool(requirement.failed))])
                    })),
                    ("transitions_not_taken", .array(rulebook.untakenTransitions.map(JSON.string))),
                    ("ends_not_reached", .array(rulebook.unreachedEnds.map(JSON.string))),
                ])
            })),
        ])
    }
}

// MARK: - JUnit XML

extension TestReport {
    /// JUnit XML as CI systems read it: a `testsuite` per test, a `testcase` per expectation,
    /// with a `failure` giving what was expected and what came.
    public func junit() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"rulecheck test\" tests=\"\(expectations)\" failures=\"\(failedExpectations)\" errors=\"0\">\n"
        for suite in suites {
            for test in suite.tests {
                let name = Markup.xml("\(suite.file): \(test.name)")
                out += "  <testsuite name=\"\(name)\" tests=\"\(test.expectations.count)\" failures=\"\(test.failed)\" errors=\"0\" skipped=\"0\">\n"
                for result in test.expectations {
                    let caseName = Markup.xml(result.record + (result.rule.map { " / \($0)" } ?? ""))
                    let classname = Markup.xml(suite.file)
                    guard !result.passed else {
                        out += "    <testcase classname=\"\(classname)\" name=\"\(caseName)\"/>\n"
                        continue
                    }
                    let message = Markup.xml(result.differences.first ?? "")
                    out += "    <testcase classname=\"\(classname)\" name=\"\(caseName)\">\n"
                    out += "      <failure message=\"\(message)\" type=\"expectation\">"
                    out += ([ "at \(suite.file):\(result.place.line):\(result.place.column) \(result.place.path)"] + result.differences)
                        .map(Markup.xml).joined(separator: "\n")
                    out += "</failure>\n    </testcase>\n"
                }
                out += "  </testsuite>\n"
            }
        }
        out += "</testsuites>\n"
        return out
    }
}
