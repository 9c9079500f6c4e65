@testable import Charter
import Testing

@Suite struct LexerTests {
    @Test func literalsOfEveryKind() {
        let kinds = tokenKinds("2024-03-13 10:00 2h30m 45m 75% 2.5 42 \"a\\n\\u{2019}\"")
        #expect(kinds.count == 9)
        #expect(kinds[0] == .date(CivilDate(year: 2024, month: 3, day: 13)!))
        #expect(kinds[1] == .time(TimeOfDay(hour: 10, minute: 0)!))
        #expect(kinds[2] == .minutes(150))
        #expect(kinds[3] == .minutes(45))
        #expect(kinds[4] == .number(Rational(3, 4)!, isPercent: true))
        #expect(kinds[5] == .number(Rational(5, 2)!, isPercent: false))
        #expect(kinds[6] == .number(Rational(count: 42), isPercent: false))
        #expect(kinds[7] == .text([.literal("a\n\u{2019}")]))
        #expect(kinds[8] == .endOfInput)
    }

    @Test func keywordsAreReservedAndOtherWordsAreNames() {
        #expect(tokenKinds("rule reports_to")[0] == .keyword(.rule))
        #expect(tokenKinds("rule reports_to")[1] == .name("reports_to"))
    }

    @Test func operatorsTakeTheLongestMatch() {
        let kinds = tokenKinds("-> == != <= >= ?? < > = ? -")
        let expected: [Punctuation] = [.arrow, .equal, .notEqual, .lessEqual, .greaterEqual, .coalesce, .less,
                                       .greater, .assign, .question, .minus]
        #expect(Array(kinds.dropLast()) == expected.map { .punctuation($0) })
    }

    @Test func interpolationsCarryTheirTokens() {
        guard case .text(let parts) = tokenKinds("\"item {i.number} ok\"")[0] else {
            Issue.record("not text")
            return
        }
        #expect(parts.count == 3)
        guard case .interpolation(let inner) = parts[1] else {
            Issue.record("no interpolation")
            return
        }
        #expect(inner.map(\.kind) == [.name("i"), .punctuation(.dot), .name("number"), .endOfInput])
    }

    @Test func columnsCountCharactersNotBytes() {
        var files = SourceFiles()
        let file = files.add(path: "t", text: "\"é€\" x")
        let tokens = Lexer.tokenize(file).tokens
        #expect(tokens[1].span.column == 6)
        #expect(tokens[0].span.length == 4)
    }

    @Test(arguments: [
        ("2024-02-30", "L005"), ("2023-02-29", "L005"), ("2024-13-01", "L005"), ("2024-3-1", "L005"),
        ("25:00", "L006"), ("10:60", "L006"), ("99999999999999999999", "L007"), ("12abc", "L008"),
        ("2m30h", "L008"), ("\"open", "L003"), ("\"bad \\q\"", "L004"), ("\"\\u{110000}\"", "L004"),
        ("\"a {b\"", "L011"), ("@@@", "L002"),
    ])
    func malformedTokensAreReportedOnce(source: String, code: String) {
        var files = SourceFiles()
        let file = files.add(path: "t", text: source)
        let diagnostics = Lexer.tokenize(file).diagnostics
        #expect(diagnostics.map(\.code.id).first == code)
        #expect(diagnostics.count <= 2, "\(diagnostics.map(\.message))")
    }

    @Test func aLeapDayExistsInLeapYearsOnly() {
        #expect(tokenKinds("2024-02-29")[0] == .date(CivilDate(year: 2024, month: 2, day: 29)!))
        #expect(tokenKinds("2100-02-29")[0] == .invalid)
    }
}
