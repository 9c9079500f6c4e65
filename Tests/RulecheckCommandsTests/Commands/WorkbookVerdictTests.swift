import Foundation
import RulecheckCommands
import Testing

/// examples/cr_register.xlsx (the register of examples/cr_register.csv as a workbook, written
/// by Tests/Fixtures/make_workbooks.py) gives the verdicts the CSV gives.
@Suite struct WorkbookVerdictTests {
    static let root = JSONSchemaTests.root

    static func verdicts(_ arguments: [String]) throws -> (status: Int32, records: [[String: String]]) {
        let io = CapturedIO()
        let status = Driver.run(arguments: ["check", "--rules", JSONSchemaTests.path("rules"), "--type", "change_request",
                                            "--format", "json"] + arguments, io: io)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(io.output.utf8)) as? [String: Any])
        let records = try #require(document["records"] as? [[String: Any]])
        return (status, records.map { record in
            var verdict: [String: String] = ["id": "\(record["id"] ?? "")", "outcome": "\(record["outcome"] ?? "")"]
            for rule in record["rules"] as? [[String: Any]] ?? [] {
                verdict["\(rule["rule"] ?? "")"] = "\(rule["outcome"] ?? "") \(rule["message"] ?? "")"
            }
            return verdict
        })
    }

    @Test func theWorkbookGivesTheCSVsVerdicts() throws {
        let csv = try Self.verdicts(["--date-format", "dd/mm/yyyy", JSONSchemaTests.path("examples/cr_register.csv")])
        let workbook = try Self.verdicts([JSONSchemaTests.path("examples/cr_register.xlsx")])
        #expect(csv.records.count == 8)
        #expect(workbook.status == csv.status)
        #expect(workbook.records == csv.records)
    }
}
