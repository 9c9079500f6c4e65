/// JSON written straight into UTF-8 bytes as it is produced, laid out exactly as
/// `JSON.rendered()` lays out the same value (two-space indentation, `[]` and `{}` for empty
/// containers), so that a report can be streamed a record at a time without building a tree.
struct JSONStream {
    /// The bytes written so far.
    var bytes: [UInt8] = []
    /// Bit `i` is set when the container `i` levels in (from the stream's first value) has a
    /// member yet.
    // INVARIANT: fewer than 64 containers are open at once: a report nests a fixed few deep.
    private var hasMembers: UInt64 = 0
    private var open = 0
    /// The indentation of the value being written: the depth it would have in the whole document.
    private let baseDepth: Int

    /// A stream whose first value stands `depth` containers deep in the document it belongs to.
    init(depth: Int = 0, capacity: Int = 0) {
        baseDepth = depth
        bytes.reserveCapacity(capacity)
    }

    private var depth: Int { baseDepth + open }

    /// Spaces to copy indentation from: a static text, which costs no look-up of a global.
    private static var spaces: StaticString { "                                                                " }

    private mutating func pad(_ levels: Int) {
        var count = 2 * levels
        Self.spaces.withUTF8Buffer { spaces in
            while count > 0 {
                let run = Swift.min(count, spaces.count)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: spaces[..<run]))
                count -= run
            }
        }
    }

    /// Starts a member of the innermost container: a comma after the one before, a new line,
    /// the indentation.
    private mutating func member() {
        guard open > 0 else { return }
        let bit: UInt64 = 1 << UInt64(open - 1)
        if hasMembers & bit != 0 { bytes.append(UInt8(ascii: ",")) }
        hasMembers |= bit
        bytes.append(UInt8(ascii: "\n"))
        pad(depth)
    }

    private mutating func push() {
        open += 1
        hasMembers &= ~(1 << UInt64(open - 1))
    }

    mutating func openObject() { bytes.append(UInt8(ascii: "{")); push() }
    mutating func openArray() { bytes.append(UInt8(ascii: "[")); push() }

    /// Closes the innermost container, `}` for an object and `]` for an array.
    mutating func close(_ bracket: UInt8) {
        guard open > 0 else { bytes.append(bracket); return }
        let hadMembers = hasMembers & (1 << UInt64(open - 1)) != 0
        open -= 1
        if hadMembers {
            bytes.append(UInt8(ascii: "\n"))
            pad(depth)
        }
        bytes.append(bracket)
    }

    mutating func closeObject() { close(UInt8(ascii: "}")) }
    mutating func closeArray() { close(UInt8(ascii: "]")) }

    /// The key of an object's next member; its value follows.
    mutating func key(_ name: String) {
        member()
        Self.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(0x20)
    }

    /// The key of an object's next member, a name that needs no escaping; its value follows.
    mutating func plainKey(_ name: StaticString) {
        member()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\": ".utf8)
    }

    /// Starts the next element of an array; its value follows.
    mutating func element() { member() }

    mutating func string(_ text: String) { Self.appendString(text, to: &bytes) }
    /// The UTF-8 `text` as a JSON string: `string` without a `String`.
    mutating func string(utf8 text: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        Self.appendEscaped(utf8: text, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }
    mutating func null() { bytes.append(contentsOf: "null".utf8) }
    mutating func optional(_ text: String?) {
        if let text { string(text) } else { null() }
    }
    mutating func integer(_ value: Int) { bytes.appendDecimal(value) }

    /// A date as a JSON string, `"2024-03-13"`, or null: `optional(date?.description)`.
    mutating func optional(date: CivilDate?) {
        guard let date else { bytes.append(contentsOf: "null".utf8); return }
        // A date's text is digits and hyphens, which need no escaping.
        bytes.append(UInt8(ascii: "\""))
        bytes.appendDisplay(of: .date(date))
        bytes.append(UInt8(ascii: "\""))
    }

    /// Where `span` is, as a JSON string: `string(CheckReportWriter.location(span, in: files))`.
    mutating func location(_ span: SourceSpan, in files: SourceFiles) {
        bytes.append(UInt8(ascii: "\""))
        if let file = files[span.file] { Self.appendEscaped(file.path, to: &bytes) } else { bytes.append(UInt8(ascii: "?")) }
        bytes.append(UInt8(ascii: ":"))
        bytes.appendDecimal(span.line)
        bytes.append(UInt8(ascii: ":"))
        bytes.appendDecimal(span.column)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `text` as a JSON string, escaped as `JSON.writeString` escapes it.
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(text, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// The characters of `text` as they stand between a JSON string's quotes. Runs of eight
    /// bytes with nothing to escape are passed over a word at a time.
    static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendEscaped(utf8: $0, to: &bytes) }
    }

    /// `appendEscaped` of the UTF-8 `utf8`.
    static func appendEscaped(utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        let raw = UnsafeRawBufferPointer(utf8)
        var start = 0
        var index = 0
        while index < utf8.count {
            if utf8.count - index >= 8 {
                // INVARIANT: `index + 8 <= utf8.count`, checked just above.
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if !mayNeedEscaping(word) {
                    index += 8
                    continue
                }
            }
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                appendEscape(of: byte, to: &bytes)
            }
            index += 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
    }

    /// Whether any of the eight bytes of `word` is a control character, `"` or `\\`: the
    /// classic tests for a zero byte and for a byte below a bound, on the whole word.
    @inline(__always)
    private static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let below = (word &- 0x20 &* ones) & ~word & highs != 0
        return below || hasZero(word ^ (0x22 &* ones)) || hasZero(word ^ (0x5C &* ones))
    }

    private static func appendEscape(of byte: UInt8, to bytes: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
        case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
        case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
        case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
        case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
        default:
            let digits: StaticString = "0123456789abcdef"
            bytes.append(contentsOf: #"\u00"#.utf8)
            digits.withUTF8Buffer { digits in
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            }
        }
    }
}
