@testable import Charter
import Testing

@Suite struct RecordDecoderTests {
    static let schema = """
        record request {
          id: text
          raised: date
          fixes_defect: bool
          target_release: text?
          status: one of "open", "approved", "rejected"
          items: list of { number: number, starts: time, duration: duration }
        }
        """

    func decode(_ json: String, dateFormat: DateFormat = .iso) throws(RecordErrors) -> RecordValue? {
        let (shapes, byName) = TypeChecker.shapes(of: parse(Self.schema).rulebook)
        guard let id = byName["request"], case .success(let value) = JSONReader.parse(Array(json.utf8)) else {
            Issue.record("schema or JSON did not load")
            return nil
        }
        return try RecordDecoder(shapes: shapes, dateFormat: dateFormat).record(value, shape: id, path: "$", ignoring: ["type"])
    }

    func error(_ json: String, dateFormat: DateFormat = .iso) -> String? {
        do {
            _ = try decode(json, dateFormat: dateFormat)
            return nil
        } catch {
            return error.errors.first?.description
        }
    }

    @Test func fieldsLandInTheirSlotsWhateverTheKeyOrder() throws {
        let record = try #require(try decode("""
            {"type": "request", "status": "approved", "items": [{"duration": "2h30m", "starts": "10:00", "number": 1}],
             "fixes_defect": true, "raised": "2024-02-14", "id": "CR043"}
            """))
        #expect(record.fields[0] == .text("CR043"))
        #expect(record.fields[1] == .date(CivilDate(year: 2024, month: 2, day: 14)!))
        #expect(record.fields[3] == .absent)
        guard case .list(let items) = record.fields[5], case .record(let item) = items.first else {
            Issue.record("items did not decode")
            return
        }
        #expect(item.fields == [.number(Rational(count: 1)), .time(TimeOfDay(hour: 10, minute: 0)!), .duration(150, .minutes)])
    }

    @Test func declaredDateFormats() throws {
        let format = try DateFormat("dd/mm/yyyy")
        let record = try #require(try decode("""
            {"id": "CR044", "raised": "10/01/2024", "fixes_defect": false, "status": "open", "items": []}
            """, dateFormat: format))
        #expect(record.fields[1] == .date(CivilDate(year: 2024, month: 1, day: 10)!))
        #expect(error("""
            {"id": "CR044", "raised": "31/04/2024", "fixes_defect": false, "status": "open", "items": []}
            """, dateFormat: format)?.hasPrefix("$.raised: ") == true)
    }

    @Test(arguments: [
        (#"{"raised": "2024-02-14", "fixes_defect": true, "status": "open", "items": []}"#,
         "$: the required field `id` is missing"),
        (#"{"id": 43, "raised": "2024-02-14", "fixes_defect": true, "status": "open", "items": []}"#,
         "$.id: expected text, found a number"),
        (#"{"id": "CR043", "raised": "2024-02-30", "fixes_defect": true, "status": "open", "items": []}"#, nil),
        (#"{"id": "CR043", "raised": "2024-02-14", "fixes_defect": true, "status": "aproved", "items": []}"#,
         "$.status: \"aproved\" is not one of the choices; did you mean `approved`?"),
        (#"{"id": "CR043", "raisd": "2024-02-14", "fixes_defect": true, "status": "open", "items": []}"#,
         "$: record `request` has no field `raisd`; did you mean `raised`?"),
        (#"{"id": "CR043", "raised": "2024-02-14", "fixes_defect": true, "status": "open", "items": [{"number": 1, "starts": "25:00", "duration": "5m"}]}"#,
         "$.items[0].starts: \"25:00\" is not a time of day; write HH:MM, as in \"10:00\""),
        (#"{"id": "CR043", "raised": "2024-02-14", "fixes_defect": true, "status": "open", "items": [{"number": 1, "starts": "10:00", "duration": "5 mins later"}]}"#,
         "$.items[0].duration: \"5 mins later\" is not a duration; write \"30m\", \"2h30m\" or \"10 working days\""),
    ])
    func eachMistakeNamesItsPath(json: String, expected: String?) {
        let found = error(json)
        if let expected {
            #expect(found == expected)
        } else {
            #expect(found?.hasPrefix("$.raised: ") == true && found?.contains("2024-02-30") == true, "\(found ?? "no error")")
        }
    }

    func csvRecords(_ csv: String, dateFormat: DateFormat = .iso) throws -> [RecordValue] {
        let (shapes, byName) = TypeChecker.shapes(of: parse("""
            record request {
              id: text
              raised: date
              fixes_defect: bool
              share: number?
              critical_to: list of text
              status: one of "open", "approved", "rejected"
            }
            """).rulebook)
        let id = try #require(byName["request"])
        let table = try CSVReader.parse(Array(csv.utf8)).get()
        return try RecordDecoder(shapes: shapes, dateFormat: dateFormat).records(table, shape: id)
    }

    @Test func aRegisterFromCSV() throws {
        let records = try csvRecords("""
            type,id,raised,fixes_defect,share,critical_to,status
            request,CR043,14/02/2024,yes,0.68,M10;IR8,approved
            request,CR041,10/01/2024,no,,,rejected

            """, dateFormat: try DateFormat("dd/mm/yyyy"))
        #expect(records.count == 2)
        #expect(records[0].fields == [.text("CR043"), .date(CivilDate(year: 2024, month: 2, day: 14)!), .bool(true),
                                      .number(Rational(68, 100)!), .list([.text("M10"), .text("IR8")]), .text("approved")])
        #expect(records[1].fields[3] == .absent)
        #expect(records[1].fields[4] == .list([]))
    }

    @Test func aBadCellNamesItsLineAndColumn() {
        #expect(throws: RecordError(.recordValueMismatch, path: "line 3, column 4 (`fixes_defect`)",
                                    message: "\"maybe\" is not true or false (write true or false, yes or no, y or n)", field: 3)) {
            try csvRecords("""
                id,raised,critical_to,fixes_defect,status
                CR1,2024-01-10,,true,open
                CR2,2024-01-11,,maybe,open
                """)
        }
        #expect(throws: RecordError(.missingRecordField, path: "line 1", message: "the required field `raised` of record `request` has no column; did you mean `raisd`?")) {
            try csvRecords("id,raisd\nCR1,2024-01-10\n")
        }
        #expect(throws: RecordError(.missingRecordField, path: "line 1", message: "the required field `fixes_defect` of record `request` has no column")) {
            try csvRecords("id,raised,critical_to,status\nCR1,2024-01-10,,open\n")
        }
    }
}

@Suite struct RecordDecoderEveryMistakeTests {
    func mistakes(_ json: String) -> [String] {
        let (shapes, byName) = TypeChecker.shapes(of: parse(RecordDecoderTests.schema).rulebook)
        guard let id = byName["request"], case .success(let value) = JSONReader.parse(Array(json.utf8)) else {
            Issue.record("schema or JSON did not load")
            return []
        }
        do throws(RecordErrors) {
            _ = try RecordDecoder(shapes: shapes).record(value, shape: id, path: "$", ignoring: ["type"])
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func everyFieldThatDoesNotFitIsReportedInKeyOrder() {
        #expect(mistakes("""
            {"id": 1, "raised": "2024-13-01", "fixes_defect": true, "status": "done", "items": []}
            """).map { String($0.prefix(while: { $0 != ":" })) } == ["$.id", "$.raised", "$.status"])
    }

    @Test func mistakesInsideListsAndNestedRecordsAreEachReported() {
        let found = mistakes("""
            {"id": "CR1", "raised": "2024-03-01", "fixes_defect": true, "status": "open",
             "items": [{"number": "one", "starts": "10:00", "duration": "1h"}, {"number": 2, "starts": "25:00"}]}
            """)
        #expect(found == [
            "$.items[0].number: expected number, found text",
            "$.items[1].starts: \"25:00\" is not a time of day; write HH:MM, as in \"10:00\"",
            "$.items[1]: the required field `duration` is missing",
        ])
    }

    @Test func aFieldGivenWronglyIsNotAlsoReportedMissing() {
        let found = mistakes("""
            {"id": "CR1", "raised": 5, "fixes_defect": true, "items": []}
            """)
        #expect(found == ["$.raised: expected date, found a number", "$: the required field `status` is missing"])
    }
}
