@testable import Charter
import Testing

/// The reader of `*.test.json` files: what it takes, where it places each fault, and how paths
/// are joined; and the comparison of expected and actual messages.
@Suite struct TestFileReaderTests {
    static func read(_ text: String, path: String = "rules/tests/a.test.json") -> Result<TestFile, TestFileFaults> {
        TestFileReader.read(Array(text.utf8), path: path)
    }

    @Test func readsRulesTestsRecordsAndBothFormsOfExpectation() throws {
        let text = """
            {
              "rules": [".."],
              "tests": [
                {
                  "name": "two CRs",
                  "records": ["../../examples/change_requests/CR041.json"],
                  "as_of": "2024-03-13",
                  "expect": {
                    "CR039": "pass",
                    "CR041": {
                      "change_freeze": { "outcome": "fail", "messages": ["m1", "m2"], "notes": [] },
                      "freeze_form": "not_applicable"
                    }
                  }
                }
              ]
            }
            """
        let file = try Self.read(text).get()
        #expect(file.rules == ["rules"])
        let test = try #require(file.tests.first)
        #expect(test.name == "two CRs")
        #expect(test.records.map(\.value) == ["examples/change_requests/CR041.json"])
        #expect(test.records.first?.place == TestPlace(path: "$.tests[0].records[0]", line: 6, column: 19))
        #expect(test.asOf == CivilDate(iso: "2024-03-13"))
        #expect(test.expectations.map(\.record) == ["CR039", "CR041"])
        guard case .record(.pass) = test.expectations[0].kind else {
            Issue.record("CR039 should expect the record to pass")
            return
        }
        guard case .rules(let rules) = test.expectations[1].kind else {
            Issue.record("CR041 should expect per rule")
            return
        }
        #expect(rules.map(\.rule) == ["change_freeze", "freeze_form"])
        #expect(rules[0].outcome == .fail && rules[0].messages == ["m1", "m2"] && rules[0].notes == [])
        #expect(rules[1].outcome == .notApplicable && rules[1].messages == nil)
        #expect(rules[0].place.path == "$.tests[0].expect[\"CR041\"].change_freeze")
        #expect(rules[0].place.line == 11)
    }

    @Test func aFileWithoutRulesLeavesThemToTheCommand() throws {
        let file = try Self.read(#"{"tests": []}"#).get()
        #expect(file.rules == nil)
        #expect(file.tests.isEmpty)
    }

    @Test func reportsEveryFaultWithItsPathAndLine() {
        let text = """
            {
              "rule": ["."],
              "tests": [
                { "records": "x.json", "expect": { "R1": "passed", "R2": 3, "R3": { "r": { "messages": [] } } } }
              ]
            }
            """
        guard case .failure(let faults) = Self.read(text) else {
            Issue.record("the file should not read")
            return
        }
        let found = faults.errors.map { "\($0.code.id) \($0.place ?? "-") line \($0.line ?? 0)" }
        #expect(found == [
            "X002 $.rule line 2",
            "X002 $.tests[0] line 4",
            "X002 $.tests[0].records line 4",
            "X002 $.tests[0].expect[\"R1\"] line 4",
            "X002 $.tests[0].expect[\"R2\"] line 4",
            "X002 $.tests[0].expect[\"R3\"].r line 4",
        ])
        #expect(faults.errors.first?.message.contains("did you mean `rules`?") == true)
        #expect(faults.errors.contains { $0.message.contains("`passed` is not an outcome") && $0.message.contains("did you mean `pass`?") })
    }

    @Test func malformedJSONIsOneFaultAtItsPlace() {
        guard case .failure(let faults) = Self.read("{\n  \"tests\": [\n}") else {
            Issue.record("the file should not read")
            return
        }
        #expect(faults.errors.count == 1)
        #expect(faults.errors.first?.code == .malformedTestFile)
        #expect(faults.errors.first?.line == 3)
    }

    @Test func anImpossibleDateIsAFault() {
        guard case .failure(let faults) = Self.read(#"{"tests": [{"name": "n", "records": [], "as_of": "2024-02-30", "expect": {}}]}"#) else {
            Issue.record("the file should not read")
            return
        }
        #expect(faults.errors.map(\.place) == ["$.tests[0].as_of"])
    }

    @Test(arguments: [
        (".", "a.json", "a.json"),
        ("rules/tests", "..", "rules"),
        ("rules/tests", "../../examples/x.json", "examples/x.json"),
        ("rules", "../../x.json", "../x.json"),
        ("/abs/rules/tests", "../../examples", "/abs/examples"),
        ("rules/tests", "/elsewhere/./y.json", "/elsewhere/y.json"),
        ("a", "./b/../c", "a/c"),
    ])
    func joinsPathsWithoutTouchingTheDisk(folder: String, relative: String, joined: String) {
        #expect(TestPaths.join(folder, relative) == joined)
    }

    @Test func foldersOfPaths() {
        #expect(TestPaths.folder(of: "rules/tests/a.test.json") == "rules/tests")
        #expect(TestPaths.folder(of: "a.test.json") == ".")
        #expect(TestPaths.folder(of: "/a.test.json") == "/")
    }

    @Test func listDifferencesNameWhatIsMissingAndWhatIsExtra() {
        #expect(ExpectationResult.listDifferences("messages", expected: ["a", "b"], actual: ["a", "b"]).isEmpty)
        #expect(ExpectationResult.listDifferences("messages", expected: ["a", "b", "b"], actual: ["b", "c"])
                == ["messages:", "  - expected \"a\"", "  - expected \"b\"", "  + got      \"c\""])
        #expect(ExpectationResult.listDifferences("notes", expected: ["a", "b"], actual: ["b", "a"])
                == ["notes: the same, in another order"])
    }
}

/// Grammar.md's test file example, run as if it stood in `rules/tests/`: it reads, and every
/// expectation in it holds on the MHHS rulebook and the seed's records.
@Suite struct GrammarTestFileExampleTests {
    @Test func theExampleRunsAndPasses() throws {
        let grammar = try GrammarDocumentTests.grammar()
        let section = try #require(grammar.range(of: "## Tests\n"))
        let open = try #require(grammar.range(of: "```json\n", range: section.upperBound..<grammar.endIndex))
        let close = try #require(grammar.range(of: "\n```", range: open.upperBound..<grammar.endIndex))
        let example = String(grammar[open.upperBound..<close.lowerBound])
        let path = GrammarDocumentTests.repository.appendingPathComponent("rules/tests/grammar_example.test.json").path
        let runner = TestRunner(defaultRules: [])
        let result = runner.run(files: [path]) { TestFileReader.read(Array(example.utf8), path: $0) }
        guard case .success(let report) = result else {
            Issue.record("the example does not run: \(result)")
            return
        }
        #expect(report.expectations == 3)
        #expect(report.failedExpectations == 0, "\(report.text())")
    }
}
