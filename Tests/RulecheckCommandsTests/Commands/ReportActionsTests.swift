@testable import Charter
@testable import RulecheckCommands
import Foundation
import Testing

/// The report's overdue actions, read from the meeting records' core `actions`, are the ones
/// the rulebook's own `actions_overdue` rule finds, written in Charter: two ways to the same list.
@Suite struct ReportActionsTests {
    @Test func theOverdueActionsAreThoseTheRuleReports() throws {
        let repository = CalendarOracleTests.repository
        var loaded = RulebookLoader().load(paths: [repository.appendingPathComponent("rules").path])
        let result = loaded.check()
        let program = Program(try #require(result))
        let file = repository.appendingPathComponent("examples/dag_2024-03-13.json").path
        let files = RecordFiles(shapes: program.shapes, byName: program.shapeByName, dateFormat: .iso, typeName: nil, options: .init())
        let (records, errors, _) = files.load(paths: [file], standardInput: nil)
        #expect(errors.isEmpty)
        let asOf = try #require(CivilDate(iso: "2024-03-13"))
        let identified = records.map { (id: program.identify($0.value) ?? "", value: $0.value) }
        let actions = HTMLReport.overdueActions(in: identified, shapes: program.shapes, asOf: asOf)

        let verdicts = program.check(records, asOf: asOf).flatMap(\.verdicts).filter { $0.rule == "actions_overdue" }
        let reported = verdicts.flatMap(\.failures).compactMap { failure -> String? in
            guard let range = failure.message.range(of: "action ") else { return nil }
            return failure.message[range.upperBound...].split(separator: " ").first.map(String.init)
        }
        #expect(actions.count >= 5)
        #expect(actions.map(\.ref) == reported)
        #expect(actions.allSatisfy { $0.due < asOf && $0.status == "ONGOING" })
    }
}
