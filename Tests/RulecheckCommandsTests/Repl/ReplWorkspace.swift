import Foundation

/// A temporary directory with `rules/` (a small change-control rulebook plus a second rule) and
/// `crs.json` (CR1 fixes a defect, CR2 does not), for running `rulecheck repl` on: the same
/// rules and records as `ReplSessionTests.Workspace` in CharterTests, which this target cannot
/// reach. The session reads the record files again after each change, so the directory must
/// outlive it; `remove()` at the end.
final class ReplWorkspace {
    let root: URL
    var rules: String { root.appendingPathComponent("rules").path }
    var records: String { root.appendingPathComponent("crs.json").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("repl-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try Self.rulebook.write(toFile: rules + "/rules.charter", atomically: true, encoding: .utf8)
        let crs = "[" + Self.changeRequest("CR1", fixesDefect: true) + ", " + Self.changeRequest("CR2", fixesDefect: false) + "]"
        try crs.write(toFile: records, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// A redefinition of `freeze` that lets CR2 pass, as typed at the prompt.
    static let relaxedFreeze = """
        rule freeze "Freeze (relaxed)" {
          for change_request cr
          require cr.fixes_defect or cr.id == "CR2"
        }
        """

    /// A freeze rule checked at a deciding step, a step with a working-day limit, and a decision
    /// with an appeal route, on the England and Wales calendar; and a rule that every title is
    /// written.
    static let rulebook = """
        charter "Test programme" { calendar england_and_wales }
        role PMO "Programme Management Office"
        role Board "Change Board"
        role SRO "Senior Responsible Owner"
        role IPA "Independent Programme Assurer"
        role Raiser "Change Raiser"
        record change_request { fixes_defect: bool }

        rule freeze "Change Freeze" {
          for change_request cr
          require cr.fixes_defect
          else "{cr.id} does not fix a defect"
        }

        process cc "Change control" {
          for change_request cr
          step raise "Raise the change" by Raiser -> assess
          step assess "The Board decides whether to assess" by Board decides check freeze -> review | rejected
          step review "Impact Assessment" by PMO lasts 10 working days -> decision
          step decision "The SRO decides" by SRO decides -> approved | rejected
          end approved, rejected
          appeal SRO to IPA within 20 working days
        }
        rule titled { for change_request cr require cr.title != "" }

        """

    /// A change request with no history.
    static func changeRequest(_ id: String, fixesDefect: Bool) -> String {
        """
        {
          "type": "change_request", "id": "\(id)", "title": "A change", "raiser": "Someone",
          "raised": "2024-03-01", "status": "open", "fixes_defect": \(fixesDefect),
          "history": []
        }
        """
    }
}
