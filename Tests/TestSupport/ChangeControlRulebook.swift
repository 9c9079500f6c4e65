import Foundation

/// A small change-control rulebook for following records through a process: a freeze rule
/// checked at a deciding step, a step with a working-day limit, a decision with an appeal
/// route and window, on the England and Wales calendar (Good Friday 2024-03-29 and Easter
/// Monday 2024-04-01 are bank holidays).
public let processRulebook = """
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

    """

/// One history event as JSON: `historyEvent("2024-03-01", "raise", by: "Raiser")`.
public func historyEvent(_ date: String, _ step: String, by: String? = nil, outcome: String? = nil) -> String {
    var fields = ["\"date\": \"\(date)\"", "\"step\": \"\(step)\""]
    if let by { fields.append("\"by\": \"\(by)\"") }
    if let outcome { fields.append("\"outcome\": \"\(outcome)\"") }
    return "{ " + fields.joined(separator: ", ") + " }"
}

/// A change request record as JSON with the given history events.
public func changeRequestJSON(_ id: String = "CR1", fixesDefect: Bool = true, history: [String]) -> String {
    """
    {
      "type": "change_request", "id": "\(id)", "title": "A change", "raiser": "Someone",
      "raised": "2024-03-01", "status": "open", "fixes_defect": \(fixesDefect),
      "history": [\(history.joined(separator: ", "))]
    }
    """
}

/// A temporary directory with `rules/` (the change-control rulebook plus a rule that every
/// title is written) and `crs.json` (CR1 fixes a defect, CR2 does not), for REPL sessions and
/// the `repl` command. A session reads the record files again after each change, so the
/// directory must outlive it: `remove()` at the end.
public final class ReplWorkspace {
    public let root: URL
    public var rules: String { root.appendingPathComponent("rules").path }
    public var records: String { root.appendingPathComponent("crs.json").path }

    public static let defaultRules = processRulebook + "rule titled { for change_request cr require cr.title != \"\" }\n"

    /// A redefinition of `freeze` that lets CR2 pass, as typed at the prompt.
    public static let relaxedFreeze = """
        rule freeze "Freeze (relaxed)" {
          for change_request cr
          require cr.fixes_defect or cr.id == "CR2"
        }
        """

    public init(rules: String = ReplWorkspace.defaultRules) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try rules.write(toFile: self.rules + "/rules.charter", atomically: true, encoding: .utf8)
        let crs = "[" + changeRequestJSON("CR1", fixesDefect: true, history: []) + ", "
            + changeRequestJSON("CR2", fixesDefect: false, history: []) + "]"
        try crs.write(toFile: records, atomically: true, encoding: .utf8)
    }

    /// Writes `text` to `name` in the workspace and gives its path.
    public func write(_ name: String, _ text: String) throws -> String {
        let path = root.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    public func remove() { try? FileManager.default.removeItem(at: root) }
}
