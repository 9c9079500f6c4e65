import Foundation

/// Runs test files: loads each one's rulebook (once however many files share it) and record
/// files, checks the records, and compares every verdict a test names with what it expects.
public struct TestRunner: Sendable {
    /// The rules for a test file that names none (`--rules`, else `rules/`).
    public let defaultRules: [String]
    public let limits: EvaluationLimits

    public init(defaultRules: [String], limits: EvaluationLimits = .standard) {
        self.defaultRules = defaultRules
        self.limits = limits
    }

    /// Diagnostics that stopped a run, with the files they quote (rule files, test files and
    /// record files are numbered apart, so each group renders with its own).
    public struct Problem: Sendable {
        public let diagnostics: [Diagnostic]
        public let files: SourceFiles
    }

    /// Everything that kept a run from giving results.
    public struct Problems: Error, Sendable {
        public let problems: [Problem]
    }

    /// The test files at or under `paths` (a folder gives its `*.test.json`, in sorted order),
    /// and the paths that are neither.
    public static func testFiles(at paths: [String]) -> (files: [String], problems: [String]) {
        var files: [String] = [], problems: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append("\(path): no such file or directory")
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            var found: [String] = []
            if let enumerator = FileManager.default.enumerator(atPath: path) {
                while let relative = enumerator.nextObject() as? String {
                    if relative.hasSuffix(TestFile.suffix) { found.append(TestPaths.join(path, relative)) }
                }
            }
            if found.isEmpty { problems.append("\(path): no `*\(TestFile.suffix)` files in this directory") }
            files += found.sorted()
        }
        return (files, problems)
    }

    /// The results of the test files at `paths`, or every problem that kept them from running.
    public func run(files paths: [String]) -> Result<TestReport, Problems> {
        run(files: paths, reading: Self.readTestFile)
    }

    /// The results of the test files at `paths`, each read by `reading` (tests give the text
    /// of a file that is not on disk).
    func run(files paths: [String], reading: (String) -> Result<TestFile, TestFileFaults>) -> Result<TestReport, Problems> {
        var problems: [Problem] = []
        var rulebooks: [[String]: RulebookUnderTest] = [:]
        var order: [[String]] = []
        var suites: [TestSuiteResult] = []
        for path in paths {
            let testFile: TestFile
            switch reading(path) {
            case .success(let file): testFile = file
            case .failure(let faults):
                problems.append(Self.problem(faults.errors))
                continue
            }
            let rulePaths = testFile.rules ?? defaultRules
            if rulebooks[rulePaths] == nil {
                var loaded = RulebookLoader().load(paths: rulePaths)
                let checked = loaded.check()
                let errors = loaded.diagnostics.filter { $0.severity == .error }.sortedBySource()
                guard let checked, loaded.unreadable.isEmpty else {
                    let unreadable = loaded.unreadable.map { Diagnostic(.error, .commandFailed, $0, at: nil) }
                    problems.append(Problem(diagnostics: unreadable + errors, files: loaded.files))
                    continue
                }
                rulebooks[rulePaths] = RulebookUnderTest(paths: rulePaths, checked: checked)
                order.append(rulePaths)
            }
            guard let rulebook = rulebooks[rulePaths] else { continue }
            var errors: [RecordFileError] = []
            var suite = TestSuiteResult(file: path, tests: [])
            for test in testFile.tests {
                if let result = run(test, in: testFile, rulebook: rulebook, errors: &errors) { suite.tests.append(result) }
            }
            if !errors.isEmpty {
                problems.append(Self.problem(errors))
                continue
            }
            suites.append(suite)
        }
        guard problems.isEmpty else { return .failure(Problems(problems: problems)) }
        return .success(TestReport(suites: suites, coverage: order.compactMap { rulebooks[$0]?.coverage() }))
    }

    static func readTestFile(_ path: String) -> Result<TestFile, TestFileFaults> {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(TestFileFaults(errors: [RecordFileError(.malformedTestFile, file: path, place: nil, message: "the test file cannot be read")]))
        }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: RulebookLoader.maxFileBytes + 1), data.count <= RulebookLoader.maxFileBytes else {
            return .failure(TestFileFaults(errors: [RecordFileError(.malformedTestFile, file: path, place: nil,
                                                                    message: "the test file cannot be read, or is over \(RulebookLoader.maxFileBytes) bytes")]))
        }
        return TestFileReader.read([UInt8](data), path: path)
    }

    static func problem(_ errors: [RecordFileError]) -> Problem {
        var files = SourceFiles()
        return Problem(diagnostics: errors.diagnostics(into: &files), files: files)
    }

    /// One test's results, or nil after adding to `errors` why it cannot run.
    func run(_ test: TestCase, in file: TestFile, rulebook: RulebookUnderTest, errors: inout [RecordFileError]) -> TestResult? {
        let fault = { (code: DiagnosticCode, place: TestPlace, message: String) in
            RecordFileError(code, file: file.path, place: place.path, message: message, line: place.line, column: place.column)
        }
        let before = errors.count
        for record in test.records where !FileManager.default.fileExists(atPath: record.value) {
            errors.append(fault(.testRecordFileMissing, record.place, "there is no record file `\(record.value)`"))
        }
        guard errors.count == before else { return nil }
        let program = Program(rulebook.checked, limits: limits)
        let loader = RecordFiles(shapes: program.shapes, byName: program.shapeByName)
        let (records, recordErrors) = loader.load(paths: test.records.map(\.value))
        guard recordErrors.isEmpty else {
            errors += recordErrors
            return nil
        }
        program.provide(records.map(\.value))
        let reports = program.check(records, asOf: test.asOf)
        var byName: [String: [Int]] = [:]
        for (index, report) in reports.enumerated() { byName[report.id, default: []].append(index) }
        let processes = program.processes().values.sorted { $0.name < $1.name }
        let ruleByName = Dictionary(program.rules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        var results: [ExpectationResult] = []
        for expectation in test.expectations {
            guard let indices = byName[expectation.record], let index = indices.first, indices.count == 1 else {
                let count = byName[expectation.record]?.count ?? 0
                let hint = count > 1 ? "; its files hold \(count) records of that name"
                    : Suggest.didYouMean(expectation.record, among: reports.map(\.id)).map { "; \($0)" } ?? ""
                errors.append(fault(.testUnknownRecord, expectation.place,
                                    "the records of test `\(test.name)` have \(count > 1 ? "more than one" : "no") record `\(expectation.record)`\(hint)"))
                continue
            }
            let report = reports[index]
            rulebook.observeProcesses(processes, on: records[index].value, program: program, asOf: test.asOf)
            switch expectation.kind {
            case .record(let outcome):
                for verdict in report.verdicts { rulebook.observe(verdict, on: records[index].value) }
                results.append(ExpectationResult.compare(record: report, expected: outcome, place: expectation.place))
            case .rules(let ruleExpectations):
                for ruleExpectation in ruleExpectations {
                    guard let rule = ruleByName[ruleExpectation.rule] else {
                        let hint = Suggest.didYouMean(ruleExpectation.rule, among: program.rules.map(\.name)).map { "; \($0)" } ?? ""
                        errors.append(fault(.testUnknownRule, ruleExpectation.place, "there is no rule `\(ruleExpectation.rule)` in the rules\(hint)"))
                        continue
                    }
                    guard let verdict = report.verdicts.first(where: { $0.rule == rule.name }) else {
                        errors.append(fault(.testUnknownRule, ruleExpectation.place,
                                            "rule `\(rule.name)` is for `\(rule.shape.name ?? "other")` records, and `\(report.id)` is a `\(report.type)`"))
                        continue
                    }
                    rulebook.observe(verdict, on: records[index].value)
                    results.append(ExpectationResult.compare(verdict: verdict, record: report.id, expected: ruleExpectation))
                }
            }
        }
        guard errors.count == before else { return nil }
        return TestResult(name: test.name, place: test.place, expectations: results)
    }
}

/// A rulebook that tests run against, with what they have made its rules do so far.
final class RulebookUnderTest {
    // The test files of one run that name the same rules share it, and their coverage adds up.
    let paths: [String]
    let checked: CheckedRulebook
    /// Rules by name, each with its `require` clauses (the offset of the condition in its file).
    private var rules: [(name: String, span: SourceSpan, requires: [SourceSpan])] = []
    private var ruleIndex: [String: Int] = [:]
    private var exercised: Set<String> = []
    private var held: Set<SourceSpan> = []
    private var failed: Set<SourceSpan> = []
    /// The transitions (`process: step -> target`) and ends (`process: end`) that the
    /// histories of tested records take.
    private var taken: Set<String> = []

    init(paths: [String], checked: CheckedRulebook) {
        self.paths = paths
        self.checked = checked
        for declaration in checked.rulebook.declarations {
            guard case .rule(let rule) = declaration else { continue }
            let requires = rule.clauses.compactMap { clause -> SourceSpan? in
                if case .require(let condition, _) = clause { return condition.span }
                return nil
            }
            if ruleIndex[rule.name.text] == nil { ruleIndex[rule.name.text] = rules.count }
            rules.append((rule.name.text, rule.span, requires))
        }
    }

    /// Counts what `verdict` shows of its rule: applied at all, and each `require` held or failed.
    /// A rule evaluates every `require` once its `when`s hold, so a failure names the ones that
    /// failed and the others held; an error says nothing of the clauses.
    func observe(_ verdict: RuleVerdict, on record: RecordValue) {
        guard verdict.outcome == .pass || verdict.outcome == .fail,
              let index = ruleIndex[verdict.rule], rules.indices.contains(index) else { return }
        let rule = rules[index]
        exercised.insert(rule.name)
        let failing = Set(verdict.failures.filter { $0.code == nil }.map(\.span))
        for clause in rule.requires {
            if failing.contains(clause) { failed.insert(clause) } else { held.insert(clause) }
        }
    }

    /// Counts the transitions and ends the history of `record` takes in each process for its
    /// type, walked as `status` walks it; a step left by an event the process does not allow
    /// counts for nothing.
    func observeProcesses(_ processes: [ProcessModel], on record: RecordValue, program: Program, asOf: CivilDate?) {
        for process in processes where process.shape == nil || process.shape == record.shape {
            let run = process.run(of: record, program: program, asOf: asOf)
            for visit in run.visits where visit.violations.isEmpty && !visit.skipped {
                if let next = visit.next { taken.insert("\(process.name): \(visit.step) -> \(next)") }
            }
            if case .ended(let end, _) = run.position { taken.insert("\(process.name): \(end)") }
        }
    }

    func coverage() -> TestCoverage {
        var transitions: [String] = [], ends: [String] = []
        for process in Program(checked).processes().values.sorted(by: { $0.name < $1.name }) {
            for step in process.steps {
                for target in Set(step.transitions.map(\.target)).sorted() {
                    let name = "\(process.name): \(step.name) -> \(target)"
                    if !taken.contains(name) { transitions.append(name) }
                }
            }
            ends += process.ends.map { "\(process.name): \($0)" }.filter { !taken.contains($0) }
        }
        let location = { (span: SourceSpan) in "\(self.checked.files[span.file]?.path ?? "?"):\(span.line):\(span.column)" }
        var requires: [TestCoverage.Requirement] = []
        for rule in rules {
            for clause in rule.requires {
                requires.append(.init(rule: rule.name, at: location(clause), held: held.contains(clause), failed: failed.contains(clause)))
            }
        }
        return TestCoverage(rules: paths, ruleNames: rules.map(\.name), unexercised: rules.map(\.name).filter { !exercised.contains($0) },
                            requirements: requires, untakenTransitions: transitions, unreachedEnds: ends)
    }
}
