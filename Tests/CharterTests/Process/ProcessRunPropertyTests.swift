@testable import Charter
import CharterTestSupport
import Foundation
import Testing

/// `status` and routes read one run: for every example record and for generated histories over
/// every example process, the step or end `status` reports is the position on the route `diff`
/// computes, and every violation `status` reports names an event of the history and a clause
/// the process model has.
@Suite("ProcessRun properties")
struct ProcessRunPropertyTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A program with the records to follow through its processes.
    struct Subject {
        let name: String
        let program: Program
        /// Records as JSON objects, whose histories the test replaces.
        let records: [[String: Any]]
    }

    static func files(under folder: String, ending suffix: String) -> [URL] {
        let base = root.appendingPathComponent(folder)
        let found = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return found.filter { $0.path.hasSuffix(suffix) }.sorted { $0.path < $1.path }
    }

    static func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    static func program(_ base: String, overlay: String?) -> Program? {
        var loaded = RulebookLoader.Result()
        RulebookLoader().load(text: base, path: "base.charter", into: &loaded)
        var rulebook = loaded.rulebook
        if let overlay {
            let original = loaded.rulebook
            loaded.rulebook = Rulebook()
            RulebookLoader().load(text: overlay, path: "what-if.charter", into: &loaded)
            rulebook = original.redefined(by: loaded.rulebook).0
        }
        guard loaded.diagnostics.filter({ $0.severity == .error }).isEmpty,
              let checked = Checker.checked(rulebook, files: loaded.files).checked else { return nil }
        return Program(checked)
    }

    static func subjects() -> [Subject] {
        let rules = files(under: "rules", ending: ".charter").map(text).joined(separator: "\n")
        let examples = files(under: "examples/change_requests", ending: ".json").compactMap { url in
            (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any]
        }
        var found: [Subject] = []
        if let program = program(rules, overlay: nil) { found.append(Subject(name: "rules", program: program, records: examples)) }
        for charter in files(under: "examples", ending: ".charter") {
            if let program = program(rules, overlay: text(charter)) {
                found.append(Subject(name: charter.lastPathComponent, program: program, records: examples))
            }
        }
        let adoption = root.appendingPathComponent("Tests/GoldenTests/Cases/status/run")
        let motions = ["guarded_end", "check_without_outcome", "late_step", "wait_not_met"].flatMap { name -> [[String: Any]] in
            let url = adoption.appendingPathComponent(name + ".json")
            return ((try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [[String: Any]]) ?? []
        }
        if let program = program(text(adoption.appendingPathComponent("adoption.charter")), overlay: nil) {
            found.append(Subject(name: "adoption", program: program, records: motions))
        }
        if let program = program(processRulebook, overlay: nil),
           let record = (try? JSONSerialization.jsonObject(with: Data(changeRequestJSON(history: []).utf8))) as? [String: Any] {
            found.append(Subject(name: "cc", program: program, records: [record, record.merging(["fixes_defect": false]) { $1 }]))
        }
        return found
    }

    /// Deterministic, so that a failure can be replayed.
    typealias Generator = SplitMix64

    /// A history over `process`: mostly the way it goes, with steps skipped, repeated, out of
    /// order, unknown, by other bodies and with outcomes right, wrong or missing.
    static func history(over process: ProcessModel, _ random: inout Generator) -> [[String: Any]] {
        var events: [[String: Any]] = []
        var day = CivilDate(year: 2024, month: 2, day: 1 + random.below(20)) ?? CivilDate(year: 2024, month: 2, day: 1)
        var step = random.below(4) == 0 ? random.element(of: process.steps) : process.steps.first
        for _ in 0..<random.below(9) {
            guard let here = step ?? random.element(of: process.steps) else { break }
            let name = random.below(12) == 0 ? here.name + "x" : here.name
            var event: [String: Any] = ["step": name]
            if let date = day { event["date"] = date.description }
            let others = ["Nobody"] + process.steps.flatMap(\.actors)
            if let by = random.below(5) == 0 ? random.element(of: others) : random.element(of: here.actors) { event["by"] = by }
            let targets = here.transitions.map(\.target)
            let outcome: String? = switch random.below(6) {
            case 0: nil
            case 1: "nowhere"
            default: random.element(of: targets)
            }
            if here.decides || random.below(3) == 0, let outcome { event["outcome"] = outcome }
            events.append(event)
            day = day?.adding(days: random.below(12) - (random.below(10) == 0 ? 15 : 0))
            let onward = (event["outcome"] as? String) ?? here.transitions.first?.target
            step = random.below(5) == 0 ? random.element(of: process.steps) : onward.flatMap { process.step(named: $0) }
            if step == nil && random.below(2) == 0 { break }
        }
        return events
    }

    /// The clauses of `process` a violation may name, as the model writes them.
    static func clauses(of process: ProcessModel, program: Program) -> Set<String> {
        var found: Set<String> = ["process \(process.name)"]
        for step in process.steps {
            found.insert("step \(step.name)")
            found.insert("-> " + step.transitions.map(\.target).joined(separator: " | "))
            for transition in step.transitions {
                found.insert("-> \(transition.target)" + (transition.conditionText.map { " when \($0)" } ?? ""))
            }
            for end in process.ends { found.insert("-> \(end)") }
            for index in step.checks where program.rules.indices.contains(index) { found.insert("check \(program.rules[index].name)") }
            if let lasts = step.lasts { found.insert(lasts.clause) }
            if let waits = step.waits { found.insert(waits.clause) }
            if !step.actors.isEmpty { found.insert("by " + step.actors.joined(separator: ", ")) }
        }
        return found
    }

    func expectAgreement(_ process: ProcessModel, _ subject: Subject, _ json: [String: Any], asOf: CivilDate?) throws {
        let data = try JSONSerialization.data(withJSONObject: json)
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        RecordFiles(shapes: subject.program.shapes, byName: subject.program.shapeByName, dateFormat: .iso, typeName: nil)
            .load(bytes: Array(data), path: "generated.json", into: &records, errors: &errors)
        guard let record = records.first?.value, process.shape == nil || process.shape == record.shape else { return }
        let status = process.status(of: record, program: subject.program, asOf: asOf)
        let route = process.route(of: record, program: subject.program, asOf: asOf)
        let context = "\(subject.name) \(process.name) \(String(data: data, encoding: .utf8) ?? "")"
        switch status.position {
        case .ended(let end, _):
            #expect(route.end == end && route.position == nil, "status ended at \(end), route \(route.path): \(context)")
        case .atStep(let step, _):
            if !step.isEmpty { #expect(route.position == step, "status at \(step), route \(route.path) at \(route.position ?? "its end"): \(context)") }
        }
        let history = subject.program.history(of: record)
        let clauses = Self.clauses(of: process, program: subject.program)
        for violation in status.violations {
            let event = try #require(violation.event, "a violation names its event: \(context)")
            #expect(history.indices.contains(event.index) && history[event.index] == event, "\(violation.message): \(context)")
            #expect(clauses.contains(violation.clause), "`\(violation.clause)` is no clause of \(process.name): \(context)")
            #expect(violation.kind == .unknownStep || process.step(named: violation.step) != nil, "\(violation.step): \(context)")
        }
        #expect(status.violations == route.violations)
        #expect(status.violations.map { $0.event?.index ?? 0 } == status.violations.map { $0.event?.index ?? 0 }.sorted())
    }

    @Test func statusAndRoutesAgreeOnEveryExampleRecord() throws {
        let subjects = Self.subjects()
        #expect(subjects.count >= 4, "the rules, each what-if in examples/, and the test charters")
        for subject in subjects {
            for process in subject.program.processes().values.sorted(by: { $0.name < $1.name }) {
                for record in subject.records {
                    try expectAgreement(process, subject, record, asOf: nil)
                    try expectAgreement(process, subject, record, asOf: CivilDate(year: 2024, month: 6, day: 1))
                }
            }
        }
    }

    @Test(arguments: 0..<8)
    func statusAndRoutesAgreeOnGeneratedHistories(seed: Int) throws {
        var random = Generator(seed: UInt64(seed) &* 7919 &+ 1)
        for subject in Self.subjects() {
            for process in subject.program.processes().values.sorted(by: { $0.name < $1.name }) {
                for record in subject.records {
                    for _ in 0..<6 {
                        var json = record
                        json["history"] = Self.history(over: process, &random)
                        try expectAgreement(process, subject, json, asOf: random.below(2) == 0 ? nil : CivilDate(year: 2024, month: 3, day: 15))
                    }
                }
            }
        }
    }
}
