@testable import Charter
import Foundation
import Testing

/// `def` functions: their types, from declarations or from the first call; their evaluation in
/// a frame of their own on the caller's budget; and the diagnostics of their misuse.
@Suite struct FunctionTests {
    static let schema = EvaluationTests.schema + """
        def doubled(n: number) = n * 2
        def larger(a, b) = if_larger(a, b)
        def if_larger(a: number, b: number) = max([a, b])
        def named(i) = i.name
        def big(items, least: number) = [i.name for i in items where i.size >= least]
        def nothing() = 0
        def late(x: sample) = x.d > 2024-03-01 and "a" in x.names and "z" not in x.names and x.xs[1] + 1 > 3
        def whole(x: sample) = same(x, x)
        def same(a: sample, b: sample) = a == b and a.id == b.id
        def ok_item(i) = i.ok and i.size > 4
        def chained(x: sample) = late(x) and not ok_item(x.items[2])

        """

    func show(_ expression: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let rules = CompiledRulebook(Self.schema + """
            rule probe {
              for sample s
              let shown = \(expression)
              require false
              else "{shown}"
            }
            """, sourceLocation: sourceLocation)
        let verdict = try rules.verdict("probe", on: EvaluationTests.sample, sourceLocation: sourceLocation)
        return verdict.outcome == .error ? "error: \(verdict.message ?? "")" : verdict.message ?? ""
    }

    @Test(arguments: [
        ("doubled(21)", "42"),
        ("doubled(doubled(s.xs[1]))", "12"),
        ("larger(s.xs[2], 7)", "7"),
        ("named(s.items[3])", "gamma"),
        ("[named(i) for i in s.items where i.ok]", "[alpha, delta]"),
        ("big(s.items, 10)", "[beta, delta]"),
        ("nothing() + 1", "1"),
        ("doubled(s.n ?? 5)", "10"),
        ("doubled(1/0)", "error: division by zero"),
        ("late(s)", "true"),
        ("whole(s)", "true"),
        ("[ok_item(i) for i in s.items]", "[true, false, false, true, false]"),
        ("chained(s)", "true"),
        ("if late(s) and chained(s) then 1 else 2", "1"),
        ("if ok_item(s.items[2]) then 1 else 2", "2"),
        ("count(i in s.items where ok_item(i))", "2"),
    ])
    func callsEvaluate(expression: String, expected: String) throws {
        #expect(try show(expression) == expected)
    }

    func diagnostics(_ source: String) -> [Diagnostic] {
        let result = parse(EvaluationTests.schema + source)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.message))")
        return TypeChecker.check(result.rulebook)
    }

    @Test(arguments: [
        ("def f(x) = f(x)", ["N016"]),
        ("def f(x) = g(x) + 1\ndef g(x) = h(x)\ndef h(x) = f(x)", ["N016"]),
        ("def f(x) = [f(y) for y in x]", ["N016"]),
        ("def quorate(x) = x", ["N017"]),
        ("def sort(x) = x", ["N017"]),
        ("def seats() = 1", ["N017"]),
        ("def f(x) = 1\ndef f(y) = 2", ["N001"]),
        ("def f(x, x) = 1", ["N001"]),
        ("def f(x: number) = x\nrule r {\n  for sample s\n  require f(s.id) > 0\n}", ["T008"]),
        ("def f(x: number) = x\nrule r {\n  for sample s\n  require f() > 0\n}", ["T008"]),
        ("def f(x) = x\nrule r {\n  for sample s\n  require f(1) > 0 and f(\"a\") > 0\n}", ["T008"]),
        ("def f(x) = x.nmae\nrule r {\n  for sample s\n  require f(s.items[1]) != \"\"\n}", ["T003"]),
        ("def f(x) = x + 1\nrule r {\n  for sample s\n  require f(s.n) > 0\n}", ["T004"]),
        ("def f(x: number?) = (x ?? 0) + 1\nrule r {\n  for sample s\n  require f(s.n) > 0 and f(1) > 0\n}", []),
        ("def f(x) = today", ["N014"]),
        ("def f(xs) = [x.name for x in xs]\nrule r {\n  for sample s\n  require f([]) == f(s.items)\n}", ["T008"]),
        ("def f(xs: list of text) = xs\nrule r {\n  for sample s\n  require f([]) == f(s.names)\n}", []),
        ("def f(x) = s.id", ["N014"]),
    ])
    func misuseIsReported(source: String, codes: [String]) {
        #expect(diagnostics(source).map(\.code.id) == codes, "\(diagnostics(source).map(\.message))")
    }

    @Test func recursionIsReportedAtTheCallThatClosesTheLoop() throws {
        let found = diagnostics("def ping(n: number) = pong(n)\ndef pong(n: number) = ping(n)")
        let first = try #require(found.first)
        #expect(found.count == 1)
        #expect(first.message == "function `ping` calls itself through `pong`")
        #expect(first.span?.column == 23)
    }

    /// One evaluator, record after record: each call of a function uses the same frame of the
    /// function's, and what one call or record left there does not reach the next.
    @Test func callsGiveEachRecordItsOwnResult() throws {
        let compiled = CompiledRulebook(Self.schema + """
            rule r {
              for sample s
              require late(s) and whole(s)
              else "{s.id}: {[ok_item(i) for i in s.items]} {chained(s)}"
            }
            """)
        let early = EvaluationTests.sample.replacingOccurrences(of: "2024-03-28", with: "2024-01-02")
            .replacingOccurrences(of: "\"S1\"", with: "\"S2\"")
        let evaluator = compiled.program.evaluator()
        var outcomes: [String] = []
        for json in [EvaluationTests.sample, early, EvaluationTests.sample, early] {
            let verdict = evaluator.evaluate(try compiled.record(json))[0]
            outcomes.append(verdict.outcome == .pass ? "pass" : verdict.message ?? "")
        }
        #expect(outcomes == ["pass", "S2: [true, false, false, true, false] false", "pass", "S2: [true, false, false, true, false] false"])
    }

    /// Calls that double at each of 24 levels: the functions compile once each, and their 2^24
    /// calls meet the budget rather than running for minutes.
    @Test func callsCountAgainstTheBudget() throws {
        var source = EvaluationTests.schema + "def f0(x: number) = x + 1\n"
        for level in 1...24 { source += "def f\(level)(x: number) = f\(level - 1)(x) + f\(level - 1)(x)\n" }
        source += "rule deep {\n  for sample s\n  require f24(1) > 0\n}\nrule shallow {\n  for sample s\n  require f3(1) == 16\n}\n"
        let compiled = CompiledRulebook(source)
        let program = Program(compiled.program.checked, limits: EvaluationLimits(steps: 100_000))
        #expect(program.unresolved.isEmpty)
        let record = try compiled.record(EvaluationTests.sample)
        let verdicts = program.evaluate(record)
        #expect(verdicts.map(\.outcome) == [.error, .pass])
        #expect(verdicts.first?.failures.first?.code == .budgetExceeded)
    }
}

extension FunctionTests {
    /// A chain of calls as deep as the limit checks; one deeper is N018, reported once, at the
    /// function the chain starts from, and a chain of thousands is checked without recursion.
    @Test(arguments: [TypeChecker.callDepthLimit, TypeChecker.callDepthLimit + 1, 5_000])
    func chainsOfCallsAreBounded(length: Int) throws {
        var source = "def f1(x: number) = x + 1\n"
        for level in stride(from: 2, through: length, by: 1) { source += "def f\(level)(x: number) = f\(level - 1)(x) * 1\n" }
        source += "rule r {\n  for sample s\n  require f\(length)(1) > 0\n}\n"
        let found = diagnostics(source)
        if length <= TypeChecker.callDepthLimit {
            #expect(found.isEmpty, "\(found.map(\.message))")
        } else {
            #expect(found.map(\.code.id) == ["N018"])
            #expect(found.first?.message == "calls from `f\(length)` go \(length) functions deep, more than \(TypeChecker.callDepthLimit)")
        }
    }
}
