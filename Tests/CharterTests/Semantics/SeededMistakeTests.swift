@testable import Charter
import Foundation
import Testing

/// Mistakes a governance lead could make, seeded one at a time into a copy of the MHHS
/// rulebook under `rules/`: each is caught with the right code, in the file it was made in.
@Suite struct SeededMistakeTests {
    static let rules = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("rules")

    struct Mistake: Sendable, CustomTestStringConvertible {
        let file: String
        let original: String
        let replacement: String
        let code: String
        var testDescription: String { "\(code): \(replacement)" }
    }

    static let mistakes: [Mistake] = [
        Mistake(file: "groups.charter", original: "  level 4\n  reports_to SITAG\n  advises SITAG",
                replacement: "  level 2\n  reports_to SITAG\n  advises SITAG", code: "G002"),
        Mistake(file: "groups.charter", original: "seat large_supplier", replacement: "seat large_suplier", code: "N007"),
        Mistake(file: "groups.charter", original: "meets monthly on third wednesday from 2024-02-21",
                replacement: "meets weekly on third wednesday from 2024-02-21", code: "G010"),
        Mistake(file: "groups.charter", original: "group SITWG", replacement: "group SITAG", code: "N001"),
        Mistake(file: "change_control.charter", original: "decides check change_freeze, freeze_form",
                replacement: "decides check change_freze, freeze_form", code: "N011"),
        Mistake(file: "change_control.charter", original: "lasts 10 working days -> ia_review",
                replacement: "lasts 0 working days -> ia_review", code: "G017"),
        Mistake(file: "change_control.charter", original: "appeal SRO to IPA", replacement: "appeal SRO to SRO", code: "G020"),
        Mistake(file: "change_control.charter", original: "by PMO -> board_assessment",
                replacement: "by PMO -> board_asessment", code: "N012"),
        Mistake(file: "programme.charter", original: "calendar england_and_wales", replacement: "calendar england", code: "N010"),
        Mistake(file: "change_control.charter", original: "require cr.fixes_defect or cr.critical_to_m10",
                replacement: "require cr.fixes_defct or cr.critical_to_m10", code: "T003"),
        Mistake(file: "meetings.charter", original: "require all item in m.agenda: item.ends - item.starts == item.duration",
                replacement: "require all item in m.agenda: item.ends - item.starts == item.number", code: "T002"),
    ]

    @Test func theRulebookIsClean() {
        let loaded = RulebookLoader().load(paths: [Self.rules.path])
        let found = loaded.diagnostics + Checker.check(loaded.rulebook)
        #expect(found.isEmpty, "\(DiagnosticRenderer(files: loaded.files).render(found))")
    }

    @Test(arguments: mistakes)
    func mistakeIsCaught(_ mistake: Mistake) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.rules.path).filter { $0.hasSuffix(".charter") }.sorted()
        var result = RulebookLoader.Result()
        var seeded = false
        for name in names {
            var text = try String(contentsOf: Self.rules.appendingPathComponent(name), encoding: .utf8)
            if name == mistake.file {
                let changed = text.replacingOccurrences(of: mistake.original, with: mistake.replacement)
                seeded = changed != text
                text = changed
            }
            RulebookLoader().load(text: text, path: name, into: &result)
        }
        #expect(seeded, "`\(mistake.original)` is no longer in rules/\(mistake.file)")
        #expect(!result.diagnostics.hasErrors)
        let found = Checker.check(result.rulebook)
        let match = found.first { $0.code.id == mistake.code }
        #expect(match != nil, "\(found.map { "\($0.code.id) \($0.message)" })")
        if let span = match?.span { #expect(result.files[span.file]?.path == mistake.file) }
    }
}
