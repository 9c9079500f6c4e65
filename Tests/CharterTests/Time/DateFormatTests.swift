import Testing
@testable import Charter

@Suite("Record date formats")
struct DateFormatTests {
    @Test("Declared formats parse their values", arguments: [
        ("dd/mm/yyyy", "10/01/2024", "2024-01-10"),
        ("dd/mm/yy", "03/04/24", "2024-04-03"),
        ("d-MMM-yy", "20-Mar-24", "2024-03-20"),
        ("d-MMM-yy", "3-Apr-24", "2024-04-03"),
        ("d-MMM-yy", "3-apr-24", "2024-04-03"),
        ("d MMMM yyyy", "14 February 2024", "2024-02-14"),
        ("d MMMM yyyy", "14 FEBRUARY 2024", "2024-02-14"),
        ("yyyy-mm-dd", "2024-02-29", "2024-02-29"),
        ("d/m/yyyy", "3/4/2024", "2024-04-03"),
        ("d/m/yyyy", "13/12/2024", "2024-12-13"),
        ("mm/dd/yyyy", "04/03/2024", "2024-04-03"),
        ("yyyymmdd", "20240403", "2024-04-03"),
        ("dd.mm.yyyy", "03.04.2024", "2024-04-03"),
        ("MMMM d, yyyy", "April 3, 2024", "2024-04-03"),
        ("DD/MM/YYYY", "03/04/2024", "2024-04-03"),
        ("dd/mm/yyyy", "  03/04/2024\t", "2024-04-03"),
    ])
    func parses(_ pattern: String, _ value: String, _ iso: String) throws {
        let format = try DateFormat(pattern)
        let expected = try TimeFixtures.date(iso)
        #expect(try format.parse(value) == expected)
        #expect(format.date(from: value) == expected)
        #expect(format.description == pattern)
    }

    @Test func isoIsTheDefaultAndMatchesItsPattern() throws {
        #expect(try DateFormat("yyyy-mm-dd") == DateFormat.iso)
        #expect(try DateFormat.iso.parse("2024-03-13") == TimeFixtures.date("2024-03-13"))
        #expect(DateFormat.iso.date(from: "13/03/2024") == nil)
    }

    @Test func formatsRoundTrip() throws {
        let day = try TimeFixtures.date("2024-03-05")
        let cases = [("dd/mm/yyyy", "05/03/2024"), ("d-MMM-yy", "5-Mar-24"), ("d MMMM yyyy", "5 March 2024"),
                     ("yyyy-mm-dd", "2024-03-05"), ("m/d/yyyy", "3/5/2024")]
        for (pattern, text) in cases {
            let format = try DateFormat(pattern)
            #expect(format.string(from: day) == text)
            #expect(try format.parse(text) == day)
        }
    }

    @Test("Values that do not fit", arguments: [
        ("dd/mm/yyyy", "10/1/2024", "a two-digit month (mm)", 4),
        ("dd/mm/yyyy", "10-01-2024", "`/`", 3),
        ("dd/mm/yyyy", "10/01/24", "a four-digit year (yyyy)", 7),
        ("dd/mm/yyyy", "10/01/20245", "the end of the value", 11),
        ("dd/mm/yyyy", "", "a two-digit day (dd)", 1),
        ("dd/mm/yy", "03/04/2024", "the end of the value", 9),
        ("d-MMM-yy", "20-March-24", "a three-letter month name such as Jan (MMM)", 4),
        ("d-MMM-yy", "20-Foo-24", "a three-letter month name such as Jan (MMM)", 4),
        ("d MMMM yyyy", "14 Febuary 2024", "a month name such as January (MMMM)", 4),
        ("d MMMM yyyy", "14  February 2024", "a month name such as January (MMMM)", 4),
        ("d/m/yyyy", "x/4/2024", "a day number (d)", 1),
        ("d/m/yyyy", "3/123/2024", "`/`", 5),
        ("d MMMM yyyy", " 14 May 2024x ", "the end of the value", 12),
    ])
    func doesNotFit(_ pattern: String, _ value: String, _ expected: String, _ position: Int) throws {
        let format = try DateFormat(pattern)
        // Surrounding spaces are trimmed before parsing and from the reported value.
        let trimmed = String(value.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        #expect(throws: DateFormatError.doesNotFit(value: trimmed, format: pattern, expected: expected,
                                                   position: position)) {
            try format.parse(value)
        }
    }

    @Test func doesNotFitDescriptionNamesValueAndExpectation() throws {
        let error = DateFormatError.doesNotFit(value: "10/1/2024", format: "dd/mm/yyyy",
                                               expected: "a two-digit month (mm)", position: 4)
        #expect(error.description
                    == "`10/1/2024` does not fit the date format `dd/mm/yyyy`: expected a two-digit month (mm) at character 4")
    }

    @Test("Dates that do not exist", arguments: [
        ("dd/mm/yyyy", "31/04/2024", "`31/04/2024` is not a real date: April 2024 has 30 days, not 31"),
        ("yyyy-mm-dd", "2024-02-30", "`2024-02-30` is not a real date: February 2024 has 29 days, not 30"),
        ("yyyy-mm-dd", "2023-02-29", "`2023-02-29` is not a real date: February 2023 has 28 days, not 29"),
        ("dd/mm/yyyy", "10/13/2024", "`10/13/2024` is not a real date: there is no month 13"),
        ("dd/mm/yyyy", "00/12/2024", "`00/12/2024` is not a real date: there is no day 0"),
        ("dd/mm/yyyy", "01/01/0000", "`01/01/0000` is not a real date: year 0 is outside the supported years 1 to 9999"),
    ])
    func noSuchDate(_ pattern: String, _ value: String, _ message: String) throws {
        let format = try DateFormat(pattern)
        do {
            _ = try format.parse(value)
            Issue.record("\(value) parsed")
        } catch {
            guard case .noSuchDate = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(error.description == message)
        }
    }

    @Test("Formats that are rejected", arguments: [
        ("", "the format is empty"),
        ("dd/mm", "the format has no year"),
        ("dd/yyyy", "the format has no month"),
        ("mm/yyyy", "the format has no day"),
        ("dd/mm/yyyy/yy", "the format has 2 year fields"),
        ("dd/mm/MMM/yyyy", "the format has 2 month fields"),
        ("yyy-mm-dd", "`yyy` is not a date field; use yyyy or yy, mm, m, MMM or MMMM, dd or d"),
        ("ddd/mm/yyyy", "`ddd` is not a date field; use yyyy or yy, mm, m, MMM or MMMM, dd or d"),
        ("dd/mmmmm/yyyy", "`mmmmm` is not a date field; use yyyy or yy, mm, m, MMM or MMMM, dd or d"),
        ("dd:mm:yyyy", "`:` is neither a date field (yyyy, yy, mm, m, MMM, MMMM, dd, d) nor a separator (/ - . , or space)"),
        ("dd–mm–yyyy", "`–` is neither a date field (yyyy, yy, mm, m, MMM, MMMM, dd, d) nor a separator (/ - . , or space)"),
        ("dmyyyy", "a one-or-two-digit field (m or d) must be followed by a separator, "
            + "or the value cannot be split unambiguously"),
    ])
    func invalidFormat(_ pattern: String, _ reason: String) {
        #expect(throws: DateFormatError.invalidFormat(format: pattern, reason: reason)) {
            try DateFormat(pattern)
        }
        let description = DateFormatError.invalidFormat(format: pattern, reason: reason).description
        #expect(description == "`\(pattern)` is not a usable date format: \(reason)")
    }

    @Test func twoDigitYearsOnlyWhenDeclared() throws {
        #expect(try DateFormat("dd/mm/yy").parse("03/04/99") == TimeFixtures.date("2099-04-03"))
        #expect(try DateFormat("dd/mm/yyyy").date(from: "03/04/24") == nil)
        #expect(try DateFormat("dd/mm/yy").date(from: "3/4/24") == nil)
    }

    @Test func parsingManyValuesIsFast() throws {
        let format = try DateFormat("d-MMM-yy")
        var parsed = 0
        for day in 1...28 {
            for month in ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] {
                for year in 0..<30 where format.date(from: "\(day)-\(month)-\(year < 10 ? "0" : "")\(year)") != nil {
                    parsed += 1
                }
            }
        }
        #expect(parsed == 28 * 12 * 30)
    }
}
