@testable import Charter
import Testing

/// JSON streamed into bytes reads exactly as the same value rendered from a `JSON` tree.
@Suite struct JSONStreamTests {
    /// Texts that need every kind of escape, and some that need none.
    static let texts = ["", "plain", "quote \" and backslash \\", "lines\nand\r\nreturns", "tab\there",
                        "control \u{01}\u{1F}\u{7F}", "£1m – café ✓ 🙂", "\u{2028} and \u{0}"]

    /// Streams `value` the way `CheckReportWriter` streams a report.
    func stream(_ value: JSON, into json: inout JSONStream) {
        switch value {
        case .object(let members):
            json.openObject()
            for (key, member) in members { json.key(key); stream(member, into: &json) }
            json.closeObject()
        case .array(let elements):
            json.openArray()
            for element in elements { json.element(); stream(element, into: &json) }
            json.closeArray()
        case .string(let text): json.string(text)
        case .integer(let value): json.integer(value)
        case .bool(let value): json.bytes += (value ? "true" : "false").utf8
        case .null: json.optional(nil)
        }
    }

    @Test func streamsAsTheTreeRenders() {
        let value = JSON.object([
            ("empty object", .object([])), ("empty array", .array([])),
            ("texts", .array(Self.texts.map(JSON.string))),
            ("by text", .object(Self.texts.map { ($0, .string($0)) })),
            ("nested", .array([.object([("n", .integer(-12)), ("list", .array([.null, .array([]), .integer(Int.max)]))])])),
        ])
        var json = JSONStream()
        stream(value, into: &json)
        #expect(String(decoding: json.bytes, as: UTF8.self) == value.rendered())
        for text in Self.texts {
            var out = ""
            JSON.writeString(text, into: &out)
            var bytes: [UInt8] = []
            JSONStream.appendString(text, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == out)
        }
    }

    /// Each character that needs escaping, at every place in texts longer and shorter than the
    /// eight bytes the escaping passes over at a time, among plain and non-ASCII characters.
    @Test func escapesAtEveryPlaceInAWord() {
        for special in ["\"", "\\", "\n", "\u{1F}", "\u{0}", "\t"] {
            for filler in ["a", "é", "🙂"] {
                for length in 0..<20 {
                    for place in 0...length {
                        let text = String(repeating: filler, count: place) + special + String(repeating: filler, count: length - place)
                        var out = ""
                        JSON.writeString(text, into: &out)
                        var bytes: [UInt8] = []
                        JSONStream.appendString(text, to: &bytes)
                        #expect(String(decoding: bytes, as: UTF8.self) == out)
                    }
                }
            }
        }
        for clean in ["", "abcdefg", "abcdefgh", "abcdefghi", String(repeating: "~ !#[]{}", count: 9), "£1m – café ✓ 🙂 over eight"] {
            var bytes: [UInt8] = []
            JSONStream.appendString(clean, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "\"\(clean)\"")
        }
    }
}
