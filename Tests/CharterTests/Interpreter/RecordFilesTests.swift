@testable import Charter
import Foundation
import Testing

/// Loading record files: every file or record that cannot be used is reported with its place,
/// and none is silently dropped.
@Suite struct RecordFilesTests {
    static let source = """
        record request {
          id: text
          raised: date
          fixes_defect: bool
          share: number?
          critical_to: list of text
          status: one of "open", "approved", "rejected"
        }
        """

    let rules = CompiledRulebook(Self.source)

    // MARK: - JSON

    @Test func oneRecordAndAnArrayOfRecords() throws {
        let one = rules.load(#"{"type": "request", "id": "CR1", "raised": "2024-01-10", "fixes_defect": true, "status": "open"}"#,
                             path: "one.json")
        #expect(one.errors.isEmpty)
        #expect(one.records.map(\.place) == ["$"])
        #expect(one.records.map(\.file) == ["one.json"])
        let many = rules.load("""
            [{"type": "request", "id": "CR1", "raised": "2024-01-10", "fixes_defect": true, "status": "open"},
             {"id": "CR2", "raised": "2024-01-11", "fixes_defect": false, "status": "approved", "critical_to": ["M10"]}]
            """, path: "many.json", type: "request")
        #expect(many.errors.isEmpty)
        #expect(many.records.map(\.place) == ["$[0]", "$[1]"])
        #expect(many.records.map { rules.program.identify($0.value) } == ["CR1", "CR2"])
    }

    @Test func brokenJSONNamesItsLineAndColumn() {
        #expect(rules.loadErrors("""
            [
              {"type": "request", "id": "CR1",
               "raised": }
            ]
            """, path: "broken.json") == [
            "broken.json: line 3, column 14: expected a JSON value (object, array, text, number, true, false or null)",
        ])
        #expect(rules.loadErrors(#"{"type": "request", "id": "CR1""#, path: "cut.json") == [
            "cut.json: line 1, column 32: the object is not closed with `}`",
        ])
        #expect(rules.loadErrors(#"{"id": "CR1", "id": "CR2"}"#, path: "twice.json") == [
            "twice.json: line 1, column 15: the key \"id\" appears twice in one object",
        ])
    }

    @Test func anUnknownRecordTypeSuggestsTheClosest() {
        #expect(rules.loadErrors(#"[{"type": "requets", "id": "CR1"}]"#, path: "a.json") == [
            "a.json: $[0].type: there is no record type `requets`; did you mean `request`?",
        ])
        #expect(rules.loadErrors(#"{"type": "minutes", "id": "CR1"}"#, path: "b.json") == [
            "b.json: $.type: there is no record type `minutes`; the record types are `change_request`, `impact_assessment`, `meeting` or `request`",
        ])
        #expect(rules.loadErrors(#"{"id": "CR1"}"#, path: "c.json") == [
            "c.json: $ (line 1): the record has no \"type\"; add \"type\": \"change_request\" (or the like), or give --type",
        ])
        #expect(rules.loadErrors(#"{"type": "meeting", "id": "CR1"}"#, path: "d.json", type: "request") == [
            "d.json: $.type: the record says it is a `meeting`, but --type says `request`",
        ])
    }

    @Test func aWrongFieldTypeNamesItsJSONPath() {
        let rules = CompiledRulebook("group DAG \"Design Advisory Group\" {}\nrule r { for meeting m require count(m.agenda) >= 0 }")
        let errors = rules.loadErrors("""
            [
              {"type": "meeting", "group": "DAG", "date": "2024-02-14"},
              {"type": "meeting", "group": "DAG", "date": "2024-03-13",
               "agenda": [{"number": 1, "title": "Welcome", "starts": "10:00", "ends": 1005, "duration": "5m"}]}
            ]
            """, path: "dag.json")
        #expect(errors == ["dag.json: $[1].agenda[0].ends: expected time, found a number"])
    }

    @Test(arguments: [
        (#"{"type": "request", "id": "CR1", "raised": "2024-01-10", "fixes_defect": true, "status": "open", "priority": 1}"#,
         "r.json: $: record `request` has no field `priority`"),
        (#"{"type": "request", "id": "CR1", "raised": "2024-01-10", "fixes_defect": true, "status": "open", "critical": []}"#,
         "r.json: $: record `request` has no field `critical`"),
        (#"{"type": "request", "id": "CR1", "raised": "2024-01-10", "fixes_defect": true, "stats": "open"}"#,
         "r.json: $: record `request` has no field `stats`; did you mean `status`?"),
        (#"{"type": "request", "id": "CR1", "fixes_defect": true, "status": "open"}"#,
         "r.json: $: the required field `raised` is missing"),
        (#"{"type": "request", "id": "CR1", "raised": null, "fixes_defect": true, "status": "open"}"#,
         "r.json: $.raised: expected date, found null"),
        (#"{"type": "request", "id": "CR1", "raised": "2024-01-10", "fixes_defect": "yes", "status": "open"}"#,
         "r.json: $.fixes_defect: expected bool, found text"),
        (#"{"type": "request", "id": "CR1", "raised": "2024-01-10", "fixes_defect": true, "status": "open", "critical_to": ["M10", 10]}"#,
         "r.json: $.critical_to[1]: expected text, found a number"),
        (#"{"type": "request", "id": "CR1", "raised": "2024-02-30", "fixes_defect": true, "status": "open"}"#,
         "r.json: $.raised: `2024-02-30` is not a real date: February 2024 has 29 days, not 30"),
        (#"{"type": 7, "id": "CR1"}"#,
         "r.json: $.type: the record type is a number, not text"),
        (#"[{"type": "request", "id": "CR1", "raised": "2024-01-10", "fixes_defect": true, "status": "open"}, 7]"#,
         "r.json: $[1] (line 1): expected a record (an object), found a number"),
        (#""request""#,
         "r.json: $: expected a record (an object) or an array of records, found text"),
    ])
    func eachMistakeInARecordIsNamed(json: String, expected: String) {
        #expect(rules.loadErrors(json, path: "r.json") == [expected])
    }

    @Test func everyBadRecordInAnArrayIsReportedAndNoneIsDropped() {
        let (records, errors) = rules.load("""
            [{"type": "request", "id": "CR1", "raised": "2024-01-10", "fixes_defect": true, "status": "open"},
             {"type": "request", "id": "CR2", "raised": "2024-01-10", "fixes_defect": true, "status": "opne"},
             {"type": "request", "id": "CR3", "raised": "2024-01-10", "fixes_defect": true, "status": "open"},
             {"type": "request", "id": "CR4", "raised": "10/01/2024", "fixes_defect": true, "status": "open"}]
            """, path: "r.json")
        #expect(records.map(\.place) == ["$[0]", "$[2]"])
        #expect(errors.map(\.description) == [
            "r.json: $[1].status: \"opne\" is not one of the choices; did you mean `open`?",
            "r.json: $[3].raised: `10/01/2024` does not fit the date format `yyyy-mm-dd`: expected a four-digit year (yyyy) at character 1 (it reads as 10 January 2024 with --date-format \"dd/mm/yyyy\" but as 1 October 2024 with --date-format \"mm/dd/yyyy\"; give the format the file uses)",
        ])
    }

    @Test func anEmptyArrayHoldsNoRecords() {
        #expect(rules.loadErrors("[]", path: "empty.json") == ["empty.json: the array holds no records"])
        #expect(rules.loadErrors("  \n", path: "blank.json") == ["blank.json: line 2, column 1: the file is empty; expected a JSON value"])
    }

    @Test func invalidUTF8IsRefusedWithItsPlace() {
        var json = Array(#"{"type": "request", "id": "CR"#.utf8)
        json += [0xFF, 0xFE]
        json += Array(#"", "raised": "2024-01-10", "fixes_defect": true, "status": "open"}"#.utf8)
        let fromJSON = rules.load(bytes: json, path: "bad.json")
        #expect(fromJSON.records.isEmpty)
        #expect(fromJSON.errors.map(\.description) == ["bad.json: line 1, column 27: the text is not valid UTF-8"])
        var csv = Array("id,raised,fixes_defect,status\nCR1,2024-01-10,true,open\nCR".utf8)
        csv += [0xC3, 0x28]
        csv += Array(",2024-01-10,true,open\n".utf8)
        let fromCSV = rules.load(bytes: csv, path: "bad.csv", type: "request")
        #expect(fromCSV.records.isEmpty)
        #expect(fromCSV.errors.map(\.description) == ["bad.csv: line 3, column 5: the text is not valid UTF-8"])
    }

    @Test func errorsPerFileAreCapped() {
        let bad = (1...25).map { #"{"type": "request", "id": "CR\#($0)", "raised": "2024-01-10", "fixes_defect": "no", "status": "open"}"# }
        let (records, errors) = rules.load("[" + bad.joined(separator: ",\n") + "]", path: "many.json")
        #expect(records.isEmpty)
        #expect(RecordFiles.maxErrorsPerFile == 20)
        #expect(errors.count == RecordFiles.maxErrorsPerFile + 1)
        #expect(errors.prefix(20).map(\.description) == (0..<20).map { "many.json: $[\($0)].fixes_defect: expected bool, found text" })
        #expect(errors.last?.place == nil)
        #expect(errors.last?.message.hasPrefix("and ") == true)
        #expect(errors.last?.description == "many.json: and 5 more errors")
        // The cap is per file: a second file's errors are reported in full.
        var all: [RecordFileError] = []
        var loaded: [LoadedRecord] = []
        let files = rules.recordFiles()
        files.load(bytes: Array(("[" + bad.prefix(3).joined(separator: ",") + "]").utf8), path: "a.json", into: &loaded, errors: &all)
        files.load(bytes: Array(("[" + bad.prefix(2).joined(separator: ",") + "]").utf8), path: "b.json", into: &loaded, errors: &all)
        #expect(all.map(\.file) == ["a.json", "a.json", "a.json", "b.json", "b.json"])
    }

    @Test func exactlyTheCapIsNotSummarised() {
        let bad = (1...20).map { #"{"type": "request", "id": "CR\#($0)", "raised": "2024-01-10", "fixes_defect": "no", "status": "open"}"# }
        let errors = rules.loadErrors("[" + bad.joined(separator: ",") + "]", path: "twenty.json")
        #expect(errors.count == 20)
        #expect(!errors.contains { $0.contains("more error") })
    }

    @Test func csvErrorsAreCappedToo() {
        let rows = (1...30).map { "CR\($0),2024-01-10,maybe,open" }
        let (records, errors) = rules.load("id,raised,fixes_defect,status\n" + rows.joined(separator: "\n") + "\n",
                                           path: "many.csv", type: "request")
        #expect(records.isEmpty)
        #expect(errors.count == 21)
        #expect(errors.first?.description == "many.csv: line 2, column 3 (`fixes_defect`): \"maybe\" is not true or false (write true or false, yes or no, y or n)")
        #expect(errors.last?.message.hasPrefix("and ") == true)
        #expect(errors.last?.description == "many.csv: and 10 more errors")
    }

    // MARK: - CSV

    @Test func aCSVRegister() throws {
        let (records, errors) = rules.load("""
            id,raised,fixes_defect,share,critical_to,status
            CR1,14/02/2024,yes,0.68,M10;IR8,approved
            CR2,"10/01/2024",no,,,rejected

            """, path: "register.csv", type: "request", dateFormat: try DateFormat("dd/mm/yyyy"))
        #expect(errors.isEmpty)
        #expect(records.map(\.place) == ["line 2", "line 3"])
        #expect(records.first?.value.fields == [.text("CR1"), .date(day("2024-02-14")), .bool(true), .number(Rational(68, 100)!),
                                               .list([.text("M10"), .text("IR8")]), .text("approved")])
        #expect(records.last?.value.fields[3] == .absent)
        #expect(records.last?.value.fields[4] == .list([]))
    }

    @Test func aTypeColumnNamesEachRowsType() {
        let (records, errors) = rules.load("""
            type,id,raised,fixes_defect,status
            request,CR1,2024-01-10,true,open
            request,CR2,2024-01-11,false,approved
            """, path: "typed.csv")
        #expect(errors.isEmpty)
        #expect(records.count == 2)
        #expect(rules.loadErrors("type,id\nrequets,CR1\n", path: "typo.csv") == [
            "typo.csv: line 2: there is no record type `requets`; did you mean `request`?",
        ])
        #expect(rules.loadErrors("type,id,raised,fixes_defect,status\nmeeting,CR1,2024-01-10,true,open\n", path: "other.csv", type: "request") == [
            "other.csv: line 2: the row's type is `meeting`, but --type says `request`",
        ])
    }

    @Test func aRaggedRowNamesItsLine() {
        #expect(rules.loadErrors("""
            id,raised,fixes_defect,status
            CR1,2024-01-10,true,open
            CR2,2024-01-11,true
            CR3,2024-01-12,true,open
            """, path: "ragged.csv", type: "request") == [
            "ragged.csv: line 3: the row has 3 fields but the header has 4",
        ])
        // A blank line between rows, or a row of empty cells, holds no record.
        #expect(rules.load("id,raised,fixes_defect,status\nCR1,2024-01-10,true,open\n\n,,,\nCR2,2024-01-11,true,open\n",
                           path: "gap.csv", type: "request").records.map(\.place) == ["line 2", "line 5"])
        // A quoted cell may hold a line break; the row after it is numbered by its own line.
        #expect(rules.loadErrors("id,raised,fixes_defect,status\n\"CR\n1\",2024-01-10,true,open\nCR2,2024-01-11\n",
                                 path: "multiline.csv", type: "request") == [
            "multiline.csv: line 4: the row has 2 fields but the header has 4",
        ])
    }

    @Test func aCSVWithoutATypeNeedsTypeGiven() {
        #expect(rules.loadErrors("id,raised,fixes_defect,status\nCR1,2024-01-10,true,open\n", path: "untyped.csv") == [
            "untyped.csv: line 1: the rows' record type is not given; add a `type` column, or give --type",
        ])
    }

    @Test func aBadCellNamesItsLineAndColumn() {
        #expect(rules.loadErrors("""
            id,raised,fixes_defect,share,status
            CR1,2024-01-10,true,0.5,open
            CR2,2024-01-11,true,half,open
            CR3,2024-01-12,true,,closed
            """, path: "cells.csv", type: "request") == [
            "cells.csv: line 3, column 4 (`share`): \"half\" is not a number",
            "cells.csv: line 4, column 5 (`status`): \"closed\" is not one of the choices; expected one of `\"open\"`, `\"approved\"` or `\"rejected\"`",
        ])
        #expect(rules.loadErrors("id,raisd,fixes_defect,status\nCR1,2024-01-10,true,open\n", path: "header.csv", type: "request") == [
            "header.csv: line 1: the required field `raised` of record `request` has no column; did you mean `raisd`?",
        ])
        #expect(rules.loadErrors("id,fixes_defect,status\nCR1,true,open\n", path: "missing.csv", type: "request") == [
            "missing.csv: line 1: the required field `raised` of record `request` has no column",
        ])
    }

    @Test func aDateThatDoesNotExistInTheDeclaredFormat() throws {
        let format = try DateFormat("dd/mm/yyyy")
        #expect(rules.loadErrors("id,raised,fixes_defect,status\nCR1,31/04/2024,true,open\n",
                                 path: "dates.csv", type: "request", dateFormat: format) == [
            "dates.csv: line 2, column 2 (`raised`): `31/04/2024` is not a real date: April 2024 has 30 days, not 31",
        ])
        #expect(rules.loadErrors("id,raised,fixes_defect,status\nCR1,2024-04-30,true,open\n",
                                 path: "iso.csv", type: "request", dateFormat: format) == [
            "iso.csv: line 2, column 2 (`raised`): `2024-04-30` does not fit the date format `dd/mm/yyyy`: expected `/` at character 3 (it reads as yyyy-mm-dd, the format used when --date-format is not given)",
        ])
        #expect(rules.loadErrors(#"{"type": "request", "id": "CR1", "raised": "31/04/2024", "fixes_defect": true, "status": "open"}"#,
                                 path: "dates.json", dateFormat: format) == [
            "dates.json: $.raised: `31/04/2024` is not a real date: April 2024 has 30 days, not 31",
        ])
    }

    @Test func csvFilesWithNothingInThem() {
        #expect(rules.loadErrors("", path: "empty.csv", type: "request") == ["empty.csv: the file has no header row"])
        #expect(rules.loadErrors("id,raised,fixes_defect,status\n", path: "header_only.csv", type: "request") == [
            "header_only.csv: the file has a header but no rows",
        ])
    }

    // MARK: - Files

    @Test func filesThatCannotBeRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-record-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.json")
        try Data(#"{"type": "request", "id": "CR1", "raised": "2024-01-10", "fixes_defect": true, "status": "open"}"#.utf8).write(to: good)
        let missing = directory.appendingPathComponent("missing.json").path
        let (records, errors) = rules.recordFiles().load(paths: [missing, directory.path, good.path])
        #expect(records.map(\.file) == [good.path])
        #expect(errors.map(\.description) == [
            "\(missing): no such file",
            "\(directory.path): is a directory; give the record files in it",
        ])
    }

    @Test func aFileIsReadAsJSONOrCSVByItsNameThenItsFirstCharacter() {
        let json = #"  {"type": "request", "id": "CR1", "raised": "2024-01-10", "fixes_defect": true, "status": "open"}"#
        #expect(rules.load(json, path: "record.txt").records.count == 1)
        #expect(rules.load("\u{FEFF}" + json, path: "bom.json").records.count == 1)
        let csv = "id,raised,fixes_defect,status\nCR1,2024-01-10,true,open\n"
        #expect(rules.load(csv, path: "register.txt", type: "request").records.count == 1)
        #expect(rules.load("\u{FEFF}" + csv, path: "register.csv", type: "request").records.count == 1)
    }
}
