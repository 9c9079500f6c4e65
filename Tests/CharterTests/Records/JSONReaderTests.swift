@testable import Charter
import Testing

@Suite struct JSONReaderTests {
    func read(_ text: String) -> Result<JSONValue, JSONReader.Failure> { JSONReader.parse(Array(text.utf8)) }

    func failure(_ text: String) -> JSONReader.Failure? {
        if case .failure(let failure) = read(text) { return failure }
        return nil
    }

    @Test func aChangeRequestRecord() throws {
        let value = try read("""
            {"type": "change_request", "id": "CR043", "fixes_defect": true, "share": 0.17,
             "critical_to": ["M10"], "target_release": null, "yes": 12}
            """).get()
        guard case .object(let members, let position) = value else {
            Issue.record("not an object")
            return
        }
        #expect(position == JSONPosition(line: 1, column: 1))
        #expect(members.map(\.key) == ["type", "id", "fixes_defect", "share", "critical_to", "target_release", "yes"])
        #expect(members[3].value == .number(Rational(17, 100)!, "0.17", position))
        #expect(members[6].value == .number(Rational(count: 12), "12", position))
        #expect(members[4].value.position == JSONPosition(line: 2, column: 17))
    }

    @Test func stringsWithEscapesAndSurrogatePairs() throws {
        let value = try read(#""a\"b\\c\n\u00e9\ud83d\ude00""#).get()
        #expect(value == .string("a\"b\\c\né😀", JSONPosition(line: 1, column: 1)))
    }

    @Test(arguments: [
        ("", "line 1, column 1: the file is empty; expected a JSON value"),
        ("{\"a\": 1,}", "line 1, column 9: expected a key in double quotes"),
        ("{\"a\": 1 \"b\": 2}", "line 1, column 9: expected `,` or `}` in the object"),
        ("[1, 2", "line 1, column 6: the array is not closed with `]`"),
        ("{\"id\": 1, \"id\": 2}", "line 1, column 11: the key \"id\" appears twice in one object"),
        ("{\"n\": 1e400}", "line 1, column 7: `1e400` is not a number Charter can hold exactly (at most 18 digits, no exponent)"),
        ("{\"n\": 99999999999999999999}", "line 1, column 7: `99999999999999999999` is not a number Charter can hold exactly (at most 18 digits, no exponent)"),
        ("{\"t\": \"open}", "line 1, column 7: text is not closed with `\"`"),
        ("{\"t\": tru}", "line 1, column 7: expected a JSON value (object, array, text, number, true, false or null)"),
        ("{} []", "line 1, column 4: unexpected text after the JSON value"),
        ("\n\n  {\"é\": x}", "line 3, column 9: expected a JSON value (object, array, text, number, true, false or null)"),
    ])
    func brokenJSONNamesItsPlace(text: String, expected: String) {
        #expect(failure(text)?.description == expected)
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(failure(deep)?.message == "arrays and objects are nested more than 200 deep")
    }

    @Test func aLongSingleLineIsReadInLinearTime() throws {
        let records = Array(repeating: "{\"id\":\"CR1\",\"raised\":\"2024-03-13\",\"fixes_defect\":true}", count: 50_000)
        let value = try read("[" + records.joined(separator: ",") + "]").get()
        guard case .array(let elements, _) = value else {
            Issue.record("not an array")
            return
        }
        #expect(elements.count == 50_000)
        #expect(elements.last?.position.column == 2 + 49_999 * 55)
    }
}
