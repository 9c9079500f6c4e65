@testable import Charter
import Testing

/// One run reports every layer of mistakes: a file that does not parse does not hide the
/// other files' declaration and type errors, and a declaration error does not hide the type
/// errors of the other declarations. And the parser's hints for `=` and misspelt units.
@Suite struct CheckEveryStageTests {
    /// The codes and files of what loading and checking `files` (path, text) reports.
    func reported(_ files: [(String, String)]) -> [String] {
        var result = RulebookLoader.Result()
        for (path, text) in files { RulebookLoader().load(text: text, path: path, into: &result) }
        let checked = result.check()
        #expect(checked == nil || !result.diagnostics.hasErrors)
        return result.diagnostics.sortedBySource().map { "\($0.span.flatMap { result.files[$0.file]?.path } ?? "-") \($0.code.id)" }
    }

    static let typeError = """
        rule raised { for change_request cr require cr.raised > 5 }
        """

    @Test func aFileThatDoesNotParseDoesNotHideTheOthersErrors() {
        let found = reported([
            ("a.charter", "rule broken { for change_request cr require cr.title = \"\" }\n"),
            ("b.charter", Self.typeError + "\nlevel 2\ngroup G { level 2 level 2 decides }\n"),
        ])
        #expect(found == ["a.charter P002", "b.charter T002", "b.charter G030"])
    }

    @Test func theBrokenFileDoesNotEchoItsOwnMistakesAsNamesOrTypes() {
        // The rule loses its `require`, and the group its level; neither is reported again.
        let found = reported([
            ("a.charter", "rule partial { for change_request cr require }\ngroup G { level }\n"),
            ("b.charter", "process p { for change_request cr step s by G check partial -> done end done }\n"),
        ])
        #expect(found.allSatisfy { $0.hasPrefix("a.charter P") }, "\(found)")
        #expect(!found.isEmpty)
    }

    @Test func whatABrokenFileMayDeclareIsNotReportedMissing() {
        // The record loses `amount` to the mistake before it; the rule that reads it is not
        // told that `amount` is not declared, nor is `Board`, whose header is broken.
        let found = reported([
            ("a.charter", "record expense {\n  id: text\n  approved: bool =\n  amount: number\n}\ngroup { level 2 }\n"),
            ("b.charter", "rule small { for expense e require e.amount < 100 and e.id > 3 }\n"
                + "process p { for expense e step s by Board -> done end done }\n"),
        ])
        #expect(found.filter { $0.hasPrefix("b.charter") } == ["b.charter T002"], "\(found)")
    }

    @Test func aDeclarationErrorDoesNotHideTheTypeErrorsOfOtherDeclarations() {
        let found = reported([("a.charter", """
            rule misnamed { for chnge_request cr require cr.raised > 5 }
            \(Self.typeError)
            group G { non_governance decides decides quorum "all" }
            """)])
        // The type error inside the group with a declaration error is left for the next run:
        // that declaration's own mistakes may be what makes it.
        #expect(found == ["a.charter N013", "a.charter T002", "a.charter G030"])
    }

    @Test func aCleanRulebookIsChecked() {
        var result = RulebookLoader.Result()
        RulebookLoader().load(text: "rule r { for change_request cr require cr.title != \"\" }\n", path: "r.charter", into: &result)
        #expect(result.check() != nil)
        #expect(result.diagnostics.isEmpty)
    }

    // MARK: - Hints

    @Test func anEqualsSignInAConditionIsReadAsEqualsEqualsWithAHint() {
        let result = parse("rule r {\n  for change_request cr\n  require cr.title = \"x\" and cr.id == \"y\"\n}\n")
        #expect(result.diagnostics.map(\.code.id) == ["P002"])
        #expect(result.diagnostics.first?.span?.column == 20)
        #expect(result.diagnostics.first?.help?.contains("`==`") == true)
        // The rest of the condition is still read: one diagnostic, and the rule has its clause.
        guard case .rule(let rule)? = result.rulebook.declarations.first else {
            Issue.record("no rule")
            return
        }
        #expect(rule.clauses.count == 1)
    }

    @Test(arguments: [
        ("13 monts", "months"), ("1 monht", "month"), ("2 dyas", "days"), ("3 hors", "hours"), ("1 wek", "week"),
        ("2 yaers", "years"), ("90 minuts", "minutes"),
    ])
    func aMisspeltUnitSuggestsTheUnit(written: String, unit: String) {
        let result = parse("rule r {\n  for change_request cr\n  require cr.raised + \(written) > cr.raised\n}\n")
        #expect(result.diagnostics.map(\.code.id) == ["P013"], "\(result.diagnostics.map(\.message))")
        #expect(result.diagnostics.first?.help?.hasPrefix("did you mean `\(unit)`?") == true, "\(result.diagnostics.first?.help ?? "")")
    }

    @Test func aClauseWordAfterANumberIsNotTakenForAUnit() {
        let result = parse("group G { level 2 non_governance quorum 3 seat supplier }\nconstituency supplier\nlevel 2\n")
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.message))")
    }
}
