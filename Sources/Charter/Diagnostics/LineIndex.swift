/// Converts between byte offsets in a UTF-8 text and the (line, column) positions an editor
/// speaks, in each of the encodings a language server may negotiate (LSP 3.17's
/// `PositionEncodingKind`: UTF-16 by default, UTF-8 or UTF-32 where agreed).
///
/// Lines and columns here are 0-based, as in LSP; `SourceSpan`'s `line` and `column` are the
/// same places counted from 1 (its column in Unicode scalars), for people.
///
/// Lines end at `\n`, and a `\r` just before it belongs to the line ending, so it is no column
/// of its line. A lone `\r` is an ordinary character, as the lexer sees it, so that line
/// numbers agree with the diagnostics'. A byte-order mark at the start of the text is no column
/// either: the first line's columns count from after it.
///
/// Every conversion clamps rather than fails, so that a stale or careless position from an
/// editor still lands somewhere sensible:
/// - a byte offset before the text is its start, one past its end is its end;
/// - a byte offset inside a character's encoding (a continuation byte) is the start of that
///   character, and one inside the byte-order mark is the start of the first line;
/// - a byte offset in a line ending (`\r` or `\n`) is the end of its line's content;
/// - a line before the first is the start of the text, a line after the last is its end;
/// - a column past the end of a line is the end of its content (LSP: "defaults back to the
///   line length"), and a column inside a character (between the halves of a UTF-16
///   surrogate pair, or inside a UTF-8 sequence) is the start of that character.
///
/// The text must be well-formed UTF-8, as a `String`'s `utf8` is. Built once per file, it
/// finds a line by binary search and counts columns only on that line, and not at all on a
/// line that is all ASCII.
public struct LineIndex: Sendable {
    /// A unit to count columns in.
    public enum Encoding: Sendable, CaseIterable {
        /// Bytes: LSP's `utf-8`.
        case utf8
        /// UTF-16 code units: LSP's `utf-16`, its default. A character beyond U+FFFF is two.
        case utf16
        /// Unicode scalars: LSP's `utf-32`, and `SourceSpan.column` less one.
        case unicodeScalars
    }

    /// A place in the text: its 0-based line, and its 0-based column in each encoding.
    public struct Location: Hashable, Sendable, CustomStringConvertible {
        public let line: Int
        public let utf8Column: Int
        public let utf16Column: Int
        public let scalarColumn: Int

        /// The column counted in `encoding`.
        public func column(in encoding: Encoding) -> Int {
            switch encoding {
            case .utf8: utf8Column
            case .utf16: utf16Column
            case .unicodeScalars: scalarColumn
            }
        }

        public var description: String { "\(line):\(utf16Column)" }
    }

    private let bytes: [UInt8]
    /// Byte offset of the start of each line: 0, then the byte after each `\n`.
    public let lineStarts: [Int]
    /// Whether each line's content is all ASCII, so that its columns are byte differences.
    private let asciiLines: [Bool]
    /// 3 when the text starts with a byte-order mark, else 0.
    private let byteOrderMarkLength: Int

    /// The index of `bytes`, which must be well-formed UTF-8.
    public init(utf8 bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var ascii: [Bool] = []
        var lineIsASCII = true
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") {
                starts.append(index + 1)
                ascii.append(lineIsASCII)
                lineIsASCII = true
            } else if byte >= 0x80 {
                lineIsASCII = false
            }
        }
        ascii.append(lineIsASCII)
        byteOrderMarkLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if byteOrderMarkLength > 0 {
            // Past the mark the first line may still be ASCII; it is cheap to look again.
            let firstEnd = starts.count > 1 ? starts[1] : bytes.count
            ascii[0] = !bytes[byteOrderMarkLength..<firstEnd].contains { $0 >= 0x80 }
        }
        lineStarts = starts
        asciiLines = ascii
    }

    /// The number of lines: one more than the number of `\n`, so a text ending with a line
    /// break has an empty last line, as an editor shows it.
    public var lineCount: Int { lineStarts.count }

    /// The bytes of 0-based `line` without its line ending (nor, on the first line, the
    /// byte-order mark); the line is clamped to those there are.
    public func contentRange(ofLine line: Int) -> Range<Int> {
        let line = Swift.max(0, Swift.min(line, lineStarts.count - 1))
        let start = line == 0 ? byteOrderMarkLength : lineStarts[line]
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end > start, bytes[end - 1] == UInt8(ascii: "\r"), end < bytes.count, bytes[end] == UInt8(ascii: "\n") {
            end -= 1
        }
        return start..<end
    }

    /// The 0-based line that holds byte `offset`, clamped to the text.
    public func line(containing offset: Int) -> Int {
        let offset = Swift.max(0, Swift.min(offset, bytes.count))
        // The last line whose start is at or before the offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Where byte `offset` stands, clamped as the type describes.
    public func location(of offset: Int) -> Location {
        let line = line(containing: offset)
        let content = contentRange(ofLine: line)
        var offset = Swift.max(content.lowerBound, Swift.min(offset, content.upperBound))
        while offset > content.lowerBound, offset < bytes.count, Self.isContinuation(bytes[offset]) { offset -= 1 }
        let utf8 = offset - content.lowerBound
        if asciiLines[line] {
            return Location(line: line, utf8Column: utf8, utf16Column: utf8, scalarColumn: utf8)
        }
        var scalars = 0
        var utf16 = 0
        for byte in bytes[content.lowerBound..<offset] where !Self.isContinuation(byte) {
            scalars += 1
            utf16 += byte >= 0xF0 ? 2 : 1
        }
        return Location(line: line, utf8Column: utf8, utf16Column: utf16, scalarColumn: scalars)
    }

    /// The byte offset of 0-based `line` and `column` counted in `encoding`, clamped as the
    /// type describes.
    public func offset(line: Int, column: Int, in encoding: Encoding = .utf16) -> Int {
        if line < 0 { return contentRange(ofLine: 0).lowerBound }
        if line >= lineStarts.count { return bytes.count }
        let content = contentRange(ofLine: line)
        if column <= 0 { return content.lowerBound }
        if asciiLines[line] { return Swift.min(content.lowerBound + column, content.upperBound) }
        var offset = content.lowerBound
        var counted = 0
        while offset < content.upperBound {
            let width = Self.sequenceLength(bytes[offset])
            let units = switch encoding {
            case .utf8: width
            case .utf16: width == 4 ? 2 : 1
            case .unicodeScalars: 1
            }
            // A column that falls inside this character rounds down to its start.
            if counted + units > column { return offset }
            counted += units
            offset += width
        }
        return content.upperBound
    }

    /// The locations of the first byte of `span` and of the byte just past it, an LSP `Range`.
    public func locations(of span: SourceSpan) -> (start: Location, end: Location) {
        (location(of: span.offset), location(of: span.endOffset))
    }

    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// The length of the UTF-8 sequence that `lead` starts (1 for a stray continuation byte).
    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }
}
