@testable import Charter
import Testing

@Suite struct CSVReaderTests {
    func table(_ text: String) throws -> CSVReader.Table {
        try CSVReader.parse(Array(text.utf8)).get()
    }

    func failure(_ bytes: [UInt8]) -> CSVReader.Failure? {
        if case .failure(let failure) = CSVReader.parse(bytes) { return failure }
        return nil
    }

    @Test func aRegisterAsASpreadsheetExportsIt() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let text = "id,title,raised\r\nCR043,\"Supplier Registration of ABMU, and MPAN Mapping\",10/01/2024\r\n"
            + "CR044,\"Data Refresh \"\"IF-051\"\"\nsecond line\",14/02/2024\r\n\r\n"
        let parsed = try CSVReader.parse(bom + Array(text.utf8)).get()
        #expect(parsed.header == ["id", "title", "raised"])
        #expect(parsed.rows.count == 2)
        #expect(parsed.rows[0].fields[1] == "Supplier Registration of ABMU, and MPAN Mapping")
        #expect(parsed.rows[1].fields[1] == "Data Refresh \"IF-051\"\nsecond line")
        #expect(parsed.rows[1].line == 3)
        #expect(parsed.column("raised") == 2)
    }

    @Test func emptyFieldsAndNoFinalNewline() throws {
        let parsed = try table("a,b,c\n,2,\n1,,3")
        #expect(parsed.rows.map(\.fields) == [["", "2", ""], ["1", "", "3"]])
        #expect(parsed.rows.map(\.line) == [2, 3])
    }

    @Test func rowsAfterAMultiLineFieldKeepTheirLineNumbers() throws {
        let parsed = try table("a,b\n\"x\ny\nz\",1\nlast,2\n")
        #expect(parsed.rows.map(\.line) == [2, 5])
    }

    @Test func aRaggedRowNamesItsLine() {
        #expect(failure(Array("a,b\n1,2\n3\n".utf8)) == .raggedRow(line: 3, expected: 2, found: 1))
        #expect(failure(Array("a,b\n1,2,3\n".utf8)) == .raggedRow(line: 2, expected: 2, found: 3))
    }

    @Test func blankRowsHoldNoRecord() throws {
        let parsed = try table("a,b\n1,2\n\n,\n3,4\n,\n")
        #expect(parsed.rows.map(\.fields) == [["1", "2"], ["3", "4"]])
        #expect(parsed.rows.map(\.line) == [2, 5])
    }

    @Test func trailingColumnsWithoutHeaderOrValuesAreDropped() throws {
        let parsed = try table("a,b,,\n1,2,,\n3,4,,\n")
        #expect(parsed.header == ["a", "b"])
        #expect(parsed.rows.map(\.fields) == [["1", "2"], ["3", "4"]])
        // A column with values is kept, header or not, for the loader to report as unclaimed.
        #expect(try table("a,b,,\n1,2,,x\n3,4,,\n").header == ["a", "b", "", ""])
    }

    @Test func theDelimiterIsTheOneTheHeaderUses() throws {
        let semicolons = try table("id;title;raised\nCR1;\"a; b\";01/02/2024\n")
        #expect(semicolons.delimiter == UInt8(ascii: ";"))
        #expect(semicolons.rows[0].fields == ["CR1", "a; b", "01/02/2024"])
        let tabs = try table("id\ttitle, with comma\tstatus\nCR1\tx, y\topen\n")
        #expect(tabs.delimiter == UInt8(ascii: "\t"))
        #expect(tabs.rows[0].fields == ["CR1", "x, y", "open"])
        let forced = try CSVReader.parse(Array("a;b,c\n1;2,3\n".utf8), delimiter: UInt8(ascii: ",")).get()
        #expect(forced.header == ["a;b", "c"])
    }

    @Test func utf16WithAByteOrderMarkIsRead() throws {
        let text = "id\ttitle\r\nCR1\tBärbel’s change\r\n"
        let little: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for bytes in [little, big] {
            let parsed = try CSVReader.parse(bytes).get()
            #expect(parsed.header == ["id", "title"])
            #expect(parsed.rows[0].fields == ["CR1", "Bärbel’s change"])
        }
        #expect(failure(little.dropLast()) == .invalidUTF16)
        #expect(failure([0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]) == .invalidUTF16)
    }

    @Test func malformedQuoting() {
        #expect(failure(Array("a,b\n\"open,1\n".utf8)) == .unterminatedQuote(line: 2, column: 1))
        #expect(failure(Array("a,b\n\"x\"y,1\n".utf8)) == .textAfterClosingQuote(line: 2, column: 4))
    }

    @Test func headerProblems() {
        #expect(failure([]) == .empty)
        #expect(failure(Array("\n\n".utf8)) == .empty)
        #expect(failure(Array(",,\n,,\n".utf8)) == .empty)
    }

    @Test func invalidUTF8NamesItsPlace() {
        #expect(failure(Array("a,b\n1,".utf8) + [0xE9] + Array("\n".utf8)) == .invalidUTF8(line: 2, column: 4))
    }

    @Test func everyFailureReadsAsASentence() {
        let failures: [CSVReader.Failure] = [.empty, .invalidUTF8(line: 2, column: 3), .unterminatedQuote(line: 2, column: 1),
                                             .textAfterClosingQuote(line: 2, column: 4), .raggedRow(line: 3, expected: 2, found: 1),
                                             .invalidUTF16]
        for failure in failures {
            #expect(!failure.description.isEmpty && failure.description.first?.isLowercase == true)
        }
        #expect(CSVReader.Failure.raggedRow(line: 3, expected: 2, found: 1).description
                == "line 3: the row has 1 field but the header has 2")
    }

    @Test func aHundredThousandRowsReadInOnePass() throws {
        var text = "id,raised,fixes_defect\n"
        for i in 0..<100_000 { text += "CR\(i),2024-03-13,true\n" }
        let parsed = try table(text)
        #expect(parsed.rows.count == 100_000)
        #expect(parsed.rows.last?.line == 100_001)
    }
}
