@testable import Charter
import Testing

/// CSV files as spreadsheets export them: headers as people write them, columns the record does
/// not declare, booleans and numbers in a spreadsheet's words, and every mistake in one run.
@Suite struct SpreadsheetExportTests {
    static let source = """
        record request {
          id: text
          raised: date
          fixes_defect: bool
          cost: number?
          status: one of "open", "approved", "rejected"
        }
        """

    let rules = CompiledRulebook(Self.source)

    func load(_ text: String, strict: Bool = false, delimiter: UInt8? = nil)
        -> (records: [LoadedRecord], errors: [String], warnings: [String]) {
        let files = RecordFiles(shapes: rules.program.shapes, byName: rules.program.shapeByName, typeName: "request",
                                options: RecordFiles.Options(delimiter: delimiter, strict: strict))
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        var warnings: [RecordFileError] = []
        files.load(bytes: Array(text.utf8), path: "r.csv", into: &records, errors: &errors, warnings: &warnings)
        return (records, errors.map(\.description), warnings.map(\.description))
    }

    @Test func headersMatchFieldsIgnoringCaseSpacesAndPunctuation() throws {
        #expect(RecordDecoder.headerKey("Fixes Defect?") == "fixesdefect")
        #expect(RecordDecoder.headerKey("fixes_defect") == "fixesdefect")
        #expect(RecordDecoder.headerKey("RAISED-ON") == "raisedon")
        let loaded = load("ID,Raised,Fixes Defect?,STATUS\nCR1,2024-01-10,TRUE,open\n")
        #expect(loaded.errors.isEmpty)
        #expect(loaded.warnings.isEmpty)
        let record = try #require(loaded.records.first)
        #expect(record.value.fields == [.text("CR1"), .date(CivilDate(year: 2024, month: 1, day: 10)!), .bool(true), .absent, .text("open")])
    }

    @Test func aFieldMayDeclareTheHeadersItIsReadFrom() throws {
        let declared = CompiledRulebook("""
            record request {
              id: text from "CR number"
              raised: date from "Raised on", "Date raised",
              fixes_defect: bool from "Fixes defect?"
            }
            """)
        let files = RecordFiles(shapes: declared.program.shapes, byName: declared.program.shapeByName, typeName: "request")
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        files.load(bytes: Array("CR Number,Date raised,FIXES DEFECT?\nCR1,2024-01-10,yes\n".utf8), path: "r.csv",
                   into: &records, errors: &errors)
        #expect(errors.isEmpty)
        #expect(try #require(records.first).value.fields == [.text("CR1"), .date(CivilDate(year: 2024, month: 1, day: 10)!), .bool(true)])
        let parsed = parse("record r {\n  x: text from\n}\n")
        #expect(parsed.diagnostics.map(\.code) == [.expectedLiteral])
        // A field named `from` is still a field.
        #expect(parse("record r {\n  x: text\n  from: date\n}\n").diagnostics.isEmpty)
    }

    @Test func anUnclaimedColumnIsOneWarningPerFileAndStrictRefusesIt() {
        let text = "id,raised,fixes_defect,status,Notes,\nCR1,2024-01-10,true,open,see minutes,x\nCR2,2024-01-11,false,open,,\n"
        let loaded = load(text)
        #expect(loaded.records.count == 2)
        #expect(loaded.errors.isEmpty)
        #expect(loaded.warnings == ["r.csv: line 1: record `request` has no field for 2 columns: `Notes`, column 6 (no header); they are not read"])
        let strict = load(text, strict: true)
        #expect(strict.errors == ["r.csv: line 1: record `request` has no field for 2 columns: `Notes`, column 6 (no header) (--strict refuses them)"])
    }

    @Test func twoColumnsClaimingOneFieldAreNamedTogether() {
        let loaded = load("id,raised,ID,fixes_defect,Fixes defect,status\nCR1,2024-01-10,CR1,true,true,open\n")
        #expect(loaded.records.isEmpty)
        #expect(loaded.errors == [
            "r.csv: line 1: columns 1 (`id`) and 3 (`ID`) both give the field `id`; remove or rename one",
            "r.csv: line 1: columns 4 (`fixes_defect`) and 5 (`Fixes defect`) both give the field `fixes_defect`; remove or rename one",
        ])
    }

    @Test func everyBadHeaderIsReportedAtOnce() {
        #expect(load("id,status\nCR1,open\n").errors == [
            "r.csv: line 1: the required field `raised` of record `request` has no column",
            "r.csv: line 1: the required field `fixes_defect` of record `request` has no column",
        ])
    }

    @Test(arguments: [("TRUE", true), ("False", false), ("Yes", true), ("no", false), ("Y", true), ("n", false)])
    func booleansAsSpreadsheetsWriteThem(cell: String, expected: Bool) throws {
        let loaded = load("id,raised,fixes_defect,status\nCR1,2024-01-10,\(cell),open\n")
        #expect(loaded.errors.isEmpty)
        #expect(try #require(loaded.records.first).value.fields[2] == .bool(expected))
    }

    @Test func numbersWithThousandsSeparators() throws {
        let loaded = load("id;raised;fixes_defect;cost;status\nCR1;2024-01-10;true;\"1,000,000\";open\nCR2;2024-01-10;true;-12,345.5;open\n")
        #expect(loaded.errors.isEmpty)
        #expect(loaded.records.map { $0.value.fields[3] } == [.number(Rational(1_000_000)!), .number(Rational(-24_691, 2)!)])
        // Commas that do not group in threes are not thousands separators.
        #expect(load("id;raised;fixes_defect;cost;status\nCR1;2024-01-10;true;1,5;open\n").errors
                == ["r.csv: line 2, column 4 (`cost`): \"1,5\" is not a number"])
    }

    @Test func everyCellThatDoesNotFitIsReported() {
        let loaded = load("id,raised,fixes_defect,cost,status\nCR1,10 Jan,maybe,lots,opne\n")
        #expect(loaded.records.isEmpty)
        #expect(loaded.errors.count == 4)
        #expect(loaded.errors.map { $0.split(separator: ":").prefix(2).joined(separator: ":") } == [
            "r.csv: line 2, column 2 (`raised`)", "r.csv: line 2, column 3 (`fixes_defect`)",
            "r.csv: line 2, column 4 (`cost`)", "r.csv: line 2, column 5 (`status`)",
        ])
    }

    @Test func anAmbiguousDateNamesBothReadingsAndPicksNeither() {
        let message = load("id,raised,fixes_defect,status\nCR1,04/10/2024,true,open\n").errors.first ?? ""
        #expect(message.contains("4 October 2024 with --date-format \"dd/mm/yyyy\""))
        #expect(message.contains("10 April 2024 with --date-format \"mm/dd/yyyy\""))
        // A date that reads only one way gets the format that fits.
        let plain = load("id,raised,fixes_defect,status\nCR1,14/10/2024,true,open\n").errors.first ?? ""
        #expect(plain.hasSuffix("(it reads as dd/mm/yyyy; if the file writes its dates so, give --date-format \"dd/mm/yyyy\")"))
        let american = load("id,raised,fixes_defect,status\nCR1,10/14/2024,true,open\n").errors.first ?? ""
        #expect(american.hasSuffix("give --date-format \"mm/dd/yyyy\")"))
    }

    @Test func aWorkbookGivenAsCSVIsNamedNotParsed() {
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]
        rules.recordFiles(type: "request").load(bytes: zip, path: "register.csv", into: &records, errors: &errors)
        // A ZIP archive is read as a workbook whatever its name: this one is cut short.
        #expect(errors.map(\.code) == [.malformedRecordFile])
        #expect(errors.first?.description == "register.csv: the workbook cannot be read: it is not a ZIP archive (no end of central directory)")
        // Given as CSV, it is named for what it is and not parsed.
        errors = []
        RecordFiles(shapes: rules.program.shapes, byName: rules.program.shapeByName, typeName: "request",
                    options: RecordFiles.Options(inputFormat: .csv))
            .load(bytes: zip, path: "register.csv", into: &records, errors: &errors)
        #expect(errors.map(\.code) == [.unsupportedRecordFile])
    }
}
