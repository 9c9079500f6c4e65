@testable import Charter
import Testing

/// The text rules of RFC 5545 that `ICalendar` writes by: escaping, folding, offsets, UIDs.
@Suite struct ICalendarTests {
    @Test func textIsEscaped() {
        #expect(ICalendar.escaped(#"a\b;c,d"#) == #"a\\b\;c\,d"#)
        #expect(ICalendar.escaped("one\ntwo\r\nthree") == #"one\ntwo\nthree"#)
        #expect(ICalendar.escaped("<&> \"quoted\" מועצה") == "<&> \"quoted\" מועצה")
    }

    @Test func aShortLineIsNotFolded() {
        #expect(ICalendar.folded("SUMMARY:DAG") == "SUMMARY:DAG\r\n")
        let exactly75 = String(repeating: "x", count: 75)
        #expect(ICalendar.folded(exactly75) == exactly75 + "\r\n")
    }

    @Test func longLinesFoldAt75OctetsBetweenCharacters() {
        let line = "DESCRIPTION:" + String(repeating: "é", count: 100) + "🗳️" + String(repeating: "a", count: 80)
        let folded = ICalendar.folded(line)
        #expect(folded.hasSuffix("\r\n"))
        #expect(folded.utf8.suffix(2).elementsEqual("\r\n".utf8))
        let physical = String(decoding: folded.utf8.dropLast(2), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(physical.count > 2)
        for (index, part) in physical.enumerated() {
            #expect(part.utf8.count <= 75, "line \(index) has \(part.utf8.count) octets")
            if index > 0 { #expect(part.hasPrefix(" ")) }
        }
        // Unfolding (removing each CRLF and the space after it) gives the line back.
        #expect(physical.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == line)
    }

    @Test func offsetsHaveSignHoursAndMinutes() {
        #expect(ICalendar.offset(0) == "+0000")
        #expect(ICalendar.offset(3600) == "+0100")
        #expect(ICalendar.offset(-18000) == "-0500")
        #expect(ICalendar.offset(19800) == "+0530")
    }

    @Test func slugsAreShortLowercaseWords() {
        #expect(ICalendar.slug("Market-wide Half-Hourly Settlement (MHHS) Programme") == "market-wide-half-hourly-settlement-mhhs")
        #expect(ICalendar.slug("The Rust Leadership Council") == "the-rust-leadership-council")
        #expect(ICalendar.slug("مجلس") == nil)
        #expect(ICalendar.slug("") == nil)
    }
}
