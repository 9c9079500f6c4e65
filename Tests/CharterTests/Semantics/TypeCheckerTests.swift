@testable import Charter
import Testing

/// Each type check flags the mistake at its place, and passes the corrected rule.
@Suite struct TypeCheckerTests {
    static let records = """
        record change_request {
          id: text
          raised: date
          fixes_defect: bool
          critical_to: list of text
          target_release: text?
          items: list of { number: number, starts: time, ends: time, duration: duration }
        }

        """

    func typeErrors(_ rule: String) -> [Diagnostic] {
        let result = parse(Self.records + "rule r {\n  for change_request cr\n  \(rule)\n}\n")
        #expect(!result.diagnostics.hasErrors)
        return TypeChecker.check(result.rulebook)
    }

    @Test(arguments: [
        ("require cr.id", "T001", 11, "require cr.raised > 2024-01-01"),
        ("require cr.raised >= 5", "T002", 11, "require cr.raised >= 2023-11-01"),
        ("require cr.fixes_defct", "T003", 14, "require cr.fixes_defect"),
        ("require cr.target_release != \"\" and cr.target_release + \"x\" != \"\"", "T004", 39,
         "require (cr.target_release ?? \"\") + \"x\" != \"\""),
        ("require any c in cr.id: c == \"x\"", "T005", 20, "require any c in cr.critical_to: c == \"M10\""),
        ("require cr.id in [\"CR043\", 44]", "T006", 30, "require cr.id in [\"CR043\", \"CR044\"]"),
        ("require critical", "N014", 11, "let critical = \"M10\" in cr.critical_to\n  require critical"),
        ("require length(cr.id) > 3", "N015", 11, "require cr.id != \"\""),
        ("require all i in cr.items: i.ends - i.starts == i.number", "T002", 30,
         "require all i in cr.items: i.ends - i.starts == i.duration"),
        ("require cr.raised + 10 working days > 12:00", "T002", 11, "require cr.raised + 10 working days > cr.raised"),
        ("require cr.raised - cr.raised <= 1 month", "T002", 11, "require cr.raised <= cr.raised + 1 month"),
        ("require 1 month > 4 weeks", "T002", 11, "require 1 month > 2 months"),
        ("require 1 month + 2 days > 3 days", "T002", 11, "require 1 month + 2 months > 3 months"),
        ("require count(c in cr.critical_to: c) > 0", "T001", 38, "require count(c in cr.critical_to: c == \"M10\") > 0"),
    ])
    func mistakeAndCorrection(wrong: String, code: String, column: Int, right: String) {
        let found = typeErrors(wrong)
        #expect(found.map(\.code.id) == [code], "\(found.map(\.message))")
        #expect(found.first?.span?.line == 11)
        #expect(found.first?.span?.column == column)
        #expect(found.first?.help?.isEmpty == false)
        #expect(typeErrors(right).isEmpty, "\(typeErrors(right).map(\.message))")
    }

    @Test func theFailingElementIsNamedInTheMessage() {
        #expect(typeErrors("require all i in cr.items: i.number > 0\n  else \"item {i.number} is not numbered\"").isEmpty)
        #expect(typeErrors("require any i in cr.items: i.number > 0\n  else \"item {i.number}\"").map(\.code.id) == ["N014"])
    }

    @Test func aMistakeIsReportedOnceNotAtEveryUse() {
        let found = typeErrors("require all i in cr.itemz: i.number > 0 and i.starts < i.ends\n  else \"{i.number}\"")
        #expect(found.map(\.code.id) == ["T003"])
    }
}
