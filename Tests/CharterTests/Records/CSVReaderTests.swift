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
        let parsed = try table("a,b,c\n,,\n1,,3")
        #expect(parsed.rows.map(\.fields) == [["", "", ""], ["1", "", "3"]])
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

    @Test func aBlankLineBetweenRowsIsNotSkipped() {
        #expect(failure(Array("a,b\n1,2\n\n3,4\n".utf8)) == .raggedRow(line: 3, expected: 2, found: 1))
    }

    @Test func malformedQuoting() {
        #expect(failure(Array("a,b\n\"open,1\n".utf8)) == .unterminatedQuote(line: 2, column: 1))
        #expect(failure(Array("a,b\n\"x\"y,1\n".utf8)) == .textAfterClosingQuote(line: 2, column: 4))
    }

    @Test func headerProblems() {
        #expect(failure([]) == .empty)
        #expect(failure(Array("\n\n".utf8)) == .empty)
        #expect(failure(Array("a,,c\n".utf8)) == .emptyHeader(column: 2))
        #expect(failure(Array("id,title,id\n".utf8)) == .duplicateHeader(name: "id", column: 3, first: 1))
    }

    @Test func invalidUTF8NamesItsPlace() {
        #expect(failure(Array("a,b\n1,".utf8) + [0xE9] + Array("\n".utf8)) == .invalidUTF8(line: 2, column: 4))
    }

    @Test func everyFailureReadsAsASentence() {
        let failures: [CSVReader.Failure] = [.empty, .invalidUTF8(line: 2, column: 3), .unterminatedQuote(line: 2, column: 1),
                                             .textAfterClosingQuote(line: 2, column: 4), .raggedRow(line: 3, expected: 2, found: 1),
                                             .emptyHeader(column: 2), .duplicateHeader(name: "id", column: 3, first: 1)]
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
