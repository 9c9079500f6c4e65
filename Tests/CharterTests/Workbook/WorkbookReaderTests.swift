@testable import Charter
import Foundation
import Testing

/// Workbooks written by openpyxl and LibreOffice (Tests/Fixtures/make_workbooks.py).
@Suite struct WorkbookReaderTests {
    static let sheets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("GoldenTests/Cases/sheets")

    static func workbook(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: sheets.appendingPathComponent(name)))
    }

    @Test(arguments: ["register.xlsx", "register_1904.xlsx", "register_libreoffice.xlsx"])
    func cellsKeepTheirTypesAndPlaces(name: String) throws {
        let (sheet, table) = try WorkbookReader.table(try Self.workbook(name), sheet: nil).get()
        #expect(sheet == "Register")
        #expect(table.header == ["ID", "Title", "Raised", "Fixes Defect?", "Cost", "Status", "Notes"])
        // The blank row 3 holds no record; rows keep the sheet's numbers.
        #expect(table.rows.map(\.line) == [2, 4, 5])
        let first = try #require(table.rows.first)
        #expect(first.fields[1] == "Registration, phase 1")
        #expect(first.values?[2] == .date(CivilDate(year: 2024, month: 2, day: 14)!))
        #expect(first.values?[3] == .bool(true))
        #expect(first.values?[4] == .number(Rational(1_250_000)!))
        #expect(table.rows[1].fields[1] == "Data refresh “IF-051”")
        #expect(table.rows[1].fields[6] == "")
        #expect(first.sheet == "Register")
    }

    @Test func serialDatesInBothSystems() {
        #expect(WorkbookReader.serialDate("45336", date1904: false) == CivilDate(year: 2024, month: 2, day: 14))
        #expect(WorkbookReader.serialDate("43874", date1904: true) == CivilDate(year: 2024, month: 2, day: 14))
        #expect(WorkbookReader.serialDate("1", date1904: false) == CivilDate(year: 1900, month: 1, day: 1))
        #expect(WorkbookReader.serialDate("59", date1904: false) == CivilDate(year: 1900, month: 2, day: 28))
        #expect(WorkbookReader.serialDate("60", date1904: false) == nil)
        #expect(WorkbookReader.serialDate("61", date1904: false) == CivilDate(year: 1900, month: 3, day: 1))
        #expect(WorkbookReader.serialDate("45336.75", date1904: false) == CivilDate(year: 2024, month: 2, day: 14))
        #expect(WorkbookReader.serialDate("-3", date1904: false) == nil)
    }

    @Test func cellReferencesAndColumnNames() {
        #expect(WorkbookReader.cellReference("D7")! == (3, 7))
        #expect(WorkbookReader.cellReference("$AA$10")! == (26, 10))
        #expect(WorkbookReader.cellReference("7D") == nil)
        #expect(WorkbookReader.columnName(0) == "A")
        #expect(WorkbookReader.columnName(25) == "Z")
        #expect(WorkbookReader.columnName(26) == "AA")
        #expect(WorkbookReader.columnName(701) == "ZZ")
    }

    @Test func dateNumberFormats() {
        #expect(WorkbookReader.isDateFormat("DD/MM/YYYY"))
        #expect(WorkbookReader.isDateFormat("[$-809]dd mmmm yyyy"))
        #expect(!WorkbookReader.isDateFormat("#,##0"))
        #expect(!WorkbookReader.isDateFormat("hh:mm"))
        #expect(!WorkbookReader.isDateFormat("0.00\" days\""))
    }

    @Test func workbooksThatCannotBeRead() throws {
        func failure(_ name: String, sheet: String? = nil) throws -> String {
            guard case .failure(let failure) = WorkbookReader.table(try Self.workbook(name), sheet: sheet) else { return "read" }
            return failure.description
        }
        #expect(try failure("register.xlsx", sheet: "Regster") == "the workbook has no sheet `Regster`; did you mean `Register`?")
        #expect(try failure("no_sheets.xlsx") == "the workbook has no worksheets")
        #expect(try failure("truncated.xlsx").hasPrefix("the workbook cannot be read"))
        #expect(try failure("corrupt.xlsx").contains("xl/worksheets/sheet1.xml"))
        #expect(try failure("bomb.xlsx").contains("likely ZIP bomb"))
        // A bomb whose directory understates its size is stopped while inflating, at the limit.
        var bomb = try Self.workbook("bomb.xlsx")
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        func isSheetEntry(_ at: Int) -> Bool {
            let start = at + 46
            return bomb[at..<(at + 4)].elementsEqual(signature) && bomb[start..<(start + name.count)].elementsEqual(name)
        }
        let candidates: Range<Int> = 0..<(bomb.count - 46 - name.count)
        let found: Int? = candidates.last(where: isSheetEntry)
        let entry = try #require(found)
        bomb.replaceSubrange((entry + 24)..<(entry + 28), with: [0xE8, 0x03, 0x00, 0x00])
        let archive = try ZIPArchive(bomb)
        #expect(throws: ZIPArchive.Failure.tooLarge(entry: "xl/worksheets/sheet1.xml", limit: 1 << 20)) {
            _ = try archive.contents(of: "xl/worksheets/sheet1.xml", limit: 1 << 20)
        }
    }

    @Test func everyPrefixOfAWorkbookIsAnErrorNeverATrap() throws {
        let bytes = try Self.workbook("register.xlsx")
        for length in stride(from: 0, to: bytes.count, by: 37) {
            if case .success = WorkbookReader.table(Array(bytes.prefix(length)), sheet: nil) {
                Issue.record("a workbook cut at \(length) bytes was read")
            }
        }
    }

    @Test func xmlReferencesAndCDATA() throws {
        var texts: [String] = []
        try XMLReader.read(Array("<a x=\"1 &amp; 2\"><t>&lt;b&gt; &#x41;&#66;</t><![CDATA[<raw>]]><!-- note --></a>".utf8)) { event in
            switch event {
            case .text(let text): texts.append(text)
            case .start(_, let attributes, _): if let x = attributes["x"] { texts.append(x) }
            case .end: break
            }
        }
        #expect(texts == ["1 & 2", "<b> AB", "<raw>"])
        #expect(throws: XMLReader.Failure.self) { try XMLReader.read(Array("<!DOCTYPE x [<!ENTITY a \"b\">]><x/>".utf8)) { _ in } }
    }
}
