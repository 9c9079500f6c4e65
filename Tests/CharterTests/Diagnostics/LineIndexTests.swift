@testable import Charter
import Testing

/// The line index against Swift's own counts of UTF-8, UTF-16 and Unicode scalars, over
/// generated texts that mix ASCII, characters of 2, 3 and 4 bytes, tabs, combining marks and
/// both line endings; and how it clamps the positions an editor may send that name no place.
@Suite struct LineIndexTests {
    /// Pieces a generated line is made of: ASCII, tab, 2-byte `é` `£`, 3-byte `–` `€` `“`, a
    /// combining accent (a scalar of its own), and 4-byte `😀` `𝄞` (UTF-16 surrogate pairs).
    static let pieces = ["a", "Z", "7", " ", "\t", "\"", "#", "é", "£", "–", "€", "“", "e\u{301}", "😀", "𝄞"]

    /// A text of generated lines, and each line's content, from a seeded generator so that a
    /// failure is repeatable.
    static func generatedText(seed: UInt64) -> (text: String, lines: [String]) {
        var random = SplitMix64(seed: seed)
        var lines: [String] = []
        var text = ""
        let lineCount = 1 + random.below(6)
        for index in 0..<lineCount {
            var line = ""
            for _ in 0..<random.below(12) { line += random.pick(pieces) }
            lines.append(line)
            text += line
            let isLast = index == lineCount - 1
            let ending = switch random.below(3) {
            case 0: "\r\n"
            case 1: "\n"
            default: isLast ? "" : "\n"
            }
            text += ending
            // A text that ends with a line break has an empty line after it.
            if isLast, !ending.isEmpty { lines.append("") }
        }
        return (text, lines)
    }

    @Test(arguments: 0..<200)
    func everyBoundaryRoundTrips(seed: Int) {
        let (text, lines) = Self.generatedText(seed: UInt64(seed))
        let index = LineIndex(utf8: Array(text.utf8))
        #expect(index.lineCount == lines.count)
        for (lineNumber, line) in lines.enumerated() {
            let content = index.contentRange(ofLine: lineNumber)
            #expect(content.count == line.utf8.count, "line \(lineNumber) of \(text.debugDescription)")
            // Every scalar boundary, and the end of the line.
            var prefix = ""
            for scalar in line.unicodeScalars.map(Optional.some) + [nil] {
                let offset = content.lowerBound + prefix.utf8.count
                let location = index.location(of: offset)
                #expect(location == LineIndex.Location(line: lineNumber, utf8Column: prefix.utf8.count,
                                                       utf16Column: prefix.utf16.count, scalarColumn: prefix.unicodeScalars.count),
                        "offset \(offset) of \(text.debugDescription)")
                for encoding in LineIndex.Encoding.allCases {
                    #expect(index.offset(line: lineNumber, column: location.column(in: encoding), in: encoding) == offset,
                            "\(encoding) column \(location.column(in: encoding)) of line \(lineNumber) of \(text.debugDescription)")
                }
                if let scalar {
                    // Inside the character: a byte, or the low half of a surrogate pair, is its start.
                    let width = String(scalar).utf8.count
                    for inside in 1..<max(width, 1) { #expect(index.location(of: offset + inside) == location) }
                    if width == 4 { #expect(index.offset(line: lineNumber, column: location.utf16Column + 1) == offset) }
                    prefix.unicodeScalars.append(scalar)
                }
            }
        }
    }

    @Test(arguments: 0..<50)
    func lineEndingsAndPastTheEndClamp(seed: Int) {
        let (text, lines) = Self.generatedText(seed: UInt64(seed))
        let bytes = Array(text.utf8)
        let index = LineIndex(utf8: bytes)
        for lineNumber in lines.indices {
            let content = index.contentRange(ofLine: lineNumber)
            let end = index.location(of: content.upperBound)
            let next = lineNumber + 1 < index.lineCount ? index.lineStarts[lineNumber + 1] : bytes.count
            // The `\r` and `\n` of a line ending are the end of the line's content.
            for offset in content.upperBound..<next { #expect(index.location(of: offset) == end) }
            #expect(index.offset(line: lineNumber, column: 1_000) == content.upperBound)
            #expect(index.offset(line: lineNumber, column: -3) == content.lowerBound)
        }
        let last = index.location(of: bytes.count)
        #expect(index.location(of: bytes.count + 10) == last)
        #expect(index.location(of: -5) == LineIndex.Location(line: 0, utf8Column: 0, utf16Column: 0, scalarColumn: 0))
        #expect(index.offset(line: index.lineCount + 2, column: 0) == bytes.count)
        #expect(index.offset(line: -1, column: 5) == 0)
    }

    @Test func lineContentMatchesTheLinesDiagnosticsShow() {
        for seed in 0..<50 {
            let (text, lines) = Self.generatedText(seed: UInt64(seed))
            var files = SourceFiles()
            let file = files.add(path: "t", text: text)
            for (lineNumber, line) in lines.enumerated() {
                #expect(file.lineText(lineNumber + 1) == line)
                let content = file.lineIndex.contentRange(ofLine: lineNumber)
                #expect(String(decoding: file.bytes[content], as: UTF8.self) == line)
            }
        }
    }

    @Test func byteOrderMarkIsNoColumn() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("ab\nc".utf8)
        let index = LineIndex(utf8: bytes)
        let start = LineIndex.Location(line: 0, utf8Column: 0, utf16Column: 0, scalarColumn: 0)
        for offset in 0...3 { #expect(index.location(of: offset) == start) }
        #expect(index.location(of: 4).utf16Column == 1)
        #expect(index.offset(line: 0, column: 0) == 3)
        #expect(index.offset(line: 0, column: 2) == 5)
        #expect(index.offset(line: 1, column: 0) == 6)
        #expect(index.contentRange(ofLine: 0) == 3..<5)
    }

    @Test func loneCarriageReturnIsACharacterAsTheLexerSeesIt() {
        let index = LineIndex(utf8: Array("a\rb\r\nc\r".utf8))
        #expect(index.lineCount == 2)
        #expect(index.contentRange(ofLine: 0) == 0..<3)
        #expect(index.contentRange(ofLine: 1) == 5..<7)
        #expect(index.location(of: 2).utf16Column == 2)
    }

    @Test func emptyText() {
        let index = LineIndex(utf8: [])
        #expect(index.lineCount == 1)
        #expect(index.location(of: 0) == LineIndex.Location(line: 0, utf8Column: 0, utf16Column: 0, scalarColumn: 0))
        #expect(index.offset(line: 0, column: 4) == 0)
    }

    @Test func spanLocationsAreAnEditorsRange() {
        var files = SourceFiles()
        let file = files.add(path: "t", text: "x\r\n  \"😀 é\" == y")
        let span = SourceSpan(file: file.id, offset: 5, endOffset: 14, line: 2, column: 3, length: 5)
        let (start, end) = file.lineIndex.locations(of: span)
        #expect(start == LineIndex.Location(line: 1, utf8Column: 2, utf16Column: 2, scalarColumn: 2))
        #expect(end == LineIndex.Location(line: 1, utf8Column: 11, utf16Column: 8, scalarColumn: 7))
    }
}
