@testable import Charter
import Testing

/// The types of `if`, `%`, the number functions, `min`/`max` of several values and `is given`,
/// and where a test that a value is given lets it be used without `??`.
extension TypeCheckerTests {
    @Test(arguments: [
        ("require (if cr.fixes_defect then 1 else \"one\") == 1", "T002", 12, "require (if cr.fixes_defect then 1 else 2) == 1"),
        ("require (if cr.id then 1 else 2) == 1", "T001", 15, "require (if cr.id == \"\" then 1 else 2) == 1"),
        ("require (if cr.fixes_defect then cr.target_release else \"x\") + \"y\" != \"\"", "T004", 11,
         "require (if cr.fixes_defect then cr.target_release else \"x\") != \"\""),
        ("require floor(cr.raised - cr.raised) > 1", "T008", 11, "require floor(count(cr.items) / 2) > 1"),
        ("require round(count(cr.items), 2) > 1", "T008", 11, "require round(count(cr.items) / 2) > 1"),
        ("require abs(cr.raised) > 1", "T008", 11, "require abs(cr.raised - cr.raised) > 1 day"),
        ("require cr.id % 2 == 0", "T002", 11, "require count(cr.items) % 2 == 0"),
        ("require min(cr.raised, 1) <= cr.raised", "T002", 26, "require min(cr.raised, 2024-01-01) <= cr.raised"),
        ("require min(1 month, 30 days) < 2 months", "T002", 15, "require min(1 month, 2 months) < 2 months"),
        ("require max(count(cr.items)) > 0", "T005", 15, "require max(count(cr.items), 1) > 0"),
        ("require cr.id is given", "T002", 11, "require cr.target_release is given"),
        ("require cr.target_release == \"\" or cr.target_release + \"x\" != \"\"", "T004", 38,
         "require cr.target_release is given and cr.target_release + \"x\" != \"\""),
        ("require cr.target_release is given or cr.target_release + \"x\" != \"\"", "T004", 41,
         "require cr.target_release is not given or cr.target_release + \"x\" != \"\""),
        ("require (if cr.target_release is given then \"\" else cr.target_release + \"x\") == \"\"", "T004", 55,
         "require (if cr.target_release is not given then \"\" else cr.target_release + \"x\") == \"\""),
        ("require cr.target_release is given\n  require cr.target_release + \"x\" != \"\"", "T004", 11,
         "when cr.target_release is given\n  require cr.target_release + \"x\" != \"\""),
        ("require all i in [cr.target_release] where i is given or i + \"x\" != \"\": true", "T004", 60,
         "require all i in [cr.target_release] where i is given: i + \"x\" != \"\""),
        ("require cr.target_release == \"v1\" or cr.target_release + \"x\" != \"\"", "T004", 40,
         "require cr.target_release == \"v1\" and cr.target_release + \"x\" != \"\""),
    ])
    func expressionFormMistakeAndCorrection(wrong: String, code: String, column: Int, right: String) {
        let found = typeErrors(wrong)
        #expect(found.map(\.code.id) == [code], "\(found.map(\.message))")
        #expect(found.first?.span?.column == column, "\(found.first?.span?.column ?? 0)")
        #expect(found.first?.help?.isEmpty == false)
        #expect(typeErrors(right).isEmpty, "\(typeErrors(right).map(\.message))")
    }

    /// A narrowing holds for the name it tested, not for another that shadows it.
    @Test func aShadowingNameIsNotNarrowed() {
        let found = typeErrors("when cr.target_release is given\n  require let cr = cr in cr.target_release + \"x\" != \"\"")
        #expect(found.map(\.code.id) == ["T004"])
        let shadowed = typeErrors("require all t in [cr.target_release] where t is given: let t = cr.target_release in t + \"x\" != \"\"")
        #expect(shadowed.map(\.code.id) == ["T004"])
    }
}
