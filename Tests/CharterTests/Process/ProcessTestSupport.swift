@testable import Charter
import Testing

/// A small change-control rulebook for following records through a process: a freeze rule
/// checked at a deciding step, a step with a working-day limit, a decision with an appeal
/// route and window, on the England and Wales calendar (Good Friday 2024-03-29 and Easter
/// Monday 2024-04-01 are bank holidays).
let processRulebook = """
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
func historyEvent(_ date: String, _ step: String, by: String? = nil, outcome: String? = nil) -> String {
    var fields = ["\"date\": \"\(date)\"", "\"step\": \"\(step)\""]
    if let by { fields.append("\"by\": \"\(by)\"") }
    if let outcome { fields.append("\"outcome\": \"\(outcome)\"") }
    return "{ " + fields.joined(separator: ", ") + " }"
}

/// A change request record as JSON with the given history events.
func changeRequestJSON(_ id: String = "CR1", fixesDefect: Bool = true, history: [String]) -> String {
    """
    {
      "type": "change_request", "id": "\(id)", "title": "A change", "raiser": "Someone",
      "raised": "2024-03-01", "status": "open", "fixes_defect": \(fixesDefect),
      "history": [\(history.joined(separator: ", "))]
    }
    """
}

/// A compiled rulebook with its processes by name.
struct ProcessFixture {
    let compiled: CompiledRulebook
    let processes: [String: ProcessModel]

    init(_ source: String = processRulebook, sourceLocation: SourceLocation = #_sourceLocation) {
        compiled = CompiledRulebook(source, sourceLocation: sourceLocation)
        processes = compiled.program.processes()
    }

    func process(_ name: String = "cc", sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessModel {
        try #require(processes[name], "no process `\(name)`", sourceLocation: sourceLocation)
    }

    /// Where the record in `json` stands in process `name`.
    func status(_ json: String, process name: String = "cc", asOf: CivilDate? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessStatus {
        let record = try compiled.record(json, sourceLocation: sourceLocation)
        return try process(name, sourceLocation: sourceLocation).status(of: record, program: compiled.program, asOf: asOf)
    }

    /// The route the record in `json` takes through process `name`.
    func route(_ json: String, process name: String = "cc", asOf: CivilDate? = nil,
               sourceLocation: SourceLocation = #_sourceLocation) throws -> Route {
        let record = try compiled.record(json, sourceLocation: sourceLocation)
        return try process(name, sourceLocation: sourceLocation).route(of: record, program: compiled.program, asOf: asOf)
    }
}
