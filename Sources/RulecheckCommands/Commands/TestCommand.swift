import Charter

/// `rulecheck test [PATH...]`: runs the test files (`*.test.json`) kept beside the rules, and
/// says which expectations failed and what the tests leave unexercised.
enum TestCommand {
    static let help = """
        usage: rulecheck test [--rules PATH]... [--format text|json|junit] [--budget STEPS] [PATH...]

        Runs every test file (`NAME.test.json`) at or under each PATH (default: rules/). A test
        names record files and the outcome each rule is expected to give on each record (pass,
        fail, not_applicable or error), or the outcome of a record as a whole, optionally with
        the failure messages and notes expected. Each failing expectation is printed with what
        was expected and what came; then the coverage: the rules no test exercises and the
        `require` clauses that fail, or hold, in no test, and the process transitions and
        ends no tested record's history takes. Grammar.md ("Tests") has the format.

        options:
          --rules PATH                 the rules for test files that name none (repeatable;
                                       default rules/)
          --format text|json|junit     text for people (default), json for scripts, JUnit XML
                                       for CI systems
          --budget STEPS               the most evaluation steps one rule may take on one record

        exit status: 0 every expectation held, 1 an expectation failed, 2 usage error, or test
        files, rules or record files that cannot be used (a test naming a rule, record or
        record file that does not exist)

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let format: String
        let limits: EvaluationLimits
        do {
            parsed = try Arguments(arguments, options: ["rules", "format", "budget"], flags: ["help"])
            if parsed.flag("help") {
                io.write(help)
                return Driver.ExitStatus.success
            }
            format = try parsed.choice("format", among: ["text", "json", "junit"], default: "text")
            limits = try CommandSupport.limits(parsed)
        } catch {
            return Driver.usageError("\(error)", command: "test", io: io)
        }
        let (files, missing) = TestRunner.testFiles(at: parsed.positionals.isEmpty ? ["rules"] : parsed.positionals)
        guard missing.isEmpty else {
            for problem in missing { io.writeError("rulecheck test: \(problem)\n") }
            io.reportForJSON(missing.map { JSONOutcomeIO.diagnostic(.noTestFiles, $0) })
            return Driver.ExitStatus.unusable
        }
        let rules = parsed.values("rules")
        switch TestRunner(defaultRules: rules.isEmpty ? ["rules"] : rules, limits: limits).run(files: files) {
        case .failure(let failure):
            let problems = failure.problems
            for problem in problems {
                io.writeError(DiagnosticRenderer(files: problem.files).render(problem.diagnostics))
                io.reportForJSON(DiagnosticJSON(problem.diagnostics, files: problem.files).json().elements)
            }
            let count = problems.reduce(0) { $0 + $1.diagnostics.filter { $0.severity == .error }.count }
            io.writeError("rulecheck test: no results: \(count == 1 ? "an error" : "\(count) errors") in the tests, rules or records\n")
            return Driver.ExitStatus.unusable
        case .success(let report):
            switch format {
            case "json": io.write(report.json().rendered() + "\n")
            case "junit": io.write(report.junit())
            default: io.write(report.text())
            }
            return report.failedExpectations > 0 ? Driver.ExitStatus.failure : Driver.ExitStatus.success
        }
    }
}
