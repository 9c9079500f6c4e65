/// A JSON document read for record loading. Unlike Foundation's reader it keeps where every
/// value stands (so an error names the line and column), keeps object keys in order, reads
/// numbers exactly (no floating point), refuses duplicate keys, and limits nesting so that no
/// input can exhaust the stack.
public indirect enum JSONValue: Sendable, Equatable {
    case object([JSONMember], JSONPosition)
    case array([JSONValue], JSONPosition)
    case string(String, JSONPosition)
    /// The number exactly, and as written.
    case number(Rational, String, JSONPosition)
    case bool(Bool, JSONPosition)
    case null(JSONPosition)

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case let (.object(a, _), .object(b, _)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(a, _), .array(b, _)): a == b
        case let (.string(a, _), .string(b, _)): a == b
        case let (.number(a, _, _), .number(b, _, _)): a == b
        case let (.bool(a, _), .bool(b, _)): a == b
        case (.null, .null): true
        default: false
        }
    }

    /// Where the value starts.
    public var position: JSONPosition {
        switch self {
        case .object(_, let p), .array(_, let p), .string(_, let p), .number(_, _, let p), .bool(_, let p), .null(let p): p
        }
    }

    /// `object`, `array`, `text`, `number`, `true or false` or `null`, for messages.
    public var kindName: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "text"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }
}

/// A key of a JSON object and its value. (A struct rather than a tuple: arrays of labelled
/// tuples have their type metadata built at run time, once per array.)
public struct JSONMember: Sendable {
    public let key: String
    public let value: JSONValue
}

/// A 1-based line and column (in characters) in a JSON file.
public struct JSONPosition: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public var description: String { "line \(line), column \(column)" }
}

public enum JSONReader {
    /// Arrays and objects may nest only this deep.
    public static let maxDepth = 200

    /// Why a JSON file cannot be read, and where.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public let position: JSONPosition
        public var description: String { "\(position): \(message)" }
    }

    /// Parses one JSON document (UTF-8, optional byte-order mark).
    public static func parse(_ bytes: [UInt8]) -> Result<JSONValue, Failure> {
        var parser = JSONParser(bytes: bytes)
        do {
            parser.skipByteOrderMark()
            parser.skipWhitespace()
            guard parser.index < bytes.count else { throw parser.failure("the file is empty; expected a JSON value") }
            let value = try parser.value(depth: 0)
            parser.skipWhitespace()
            guard parser.index == bytes.count else { throw parser.failure("unexpected text after the JSON value") }
            return .success(value)
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(Failure(message: "\(error)", position: JSONPosition(line: 1, column: 1)))
        }
    }
}

/// The recursive-descent reader behind `JSONReader`.
struct JSONParser {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var lineStart = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Characters counted so far on the current line, so that asking for positions at
    /// increasing offsets costs linear time in all, even on one very long line.
    private var counted = (lineStart: -1, index: 0, column: 1)

    /// Where `index` stands, counting characters, not bytes.
    var position: JSONPosition {
        mutating get {
            if counted.lineStart != lineStart || counted.index > index {
                counted = (lineStart, lineStart, 1)
            }
            var column = counted.column
            var i = counted.index
            while i < min(index, bytes.count) {
                if bytes[i] & 0xC0 != 0x80 { column += 1 }
                i += 1
            }
            counted = (lineStart, i, column)
            return JSONPosition(line: line, column: column)
        }
    }

    mutating func failure(_ message: String) -> JSONReader.Failure {
        JSONReader.Failure(message: message, position: position)
    }

    mutating func skipByteOrderMark() {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
            lineStart = 3
        }
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): index += 1
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard depth < JSONReader.maxDepth else {
            throw failure("arrays and objects are nested more than \(JSONReader.maxDepth) deep")
        }
        skipWhitespace()
        let start = position
        guard index < bytes.count else { throw failure("the file ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [JSONMember] = []
            // Records have a few dozen keys at most: a linear search finds a repeat faster than
            // hashing, and a set takes over for objects larger than that.
            var seen: Set<String> = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members, start)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw failure("expected a key in double quotes")
                }
                let keyPosition = position
                let key = try string()
                let repeated: Bool
                if members.count < 32 {
                    repeated = members.contains { $0.key == key }
                } else {
                    if seen.isEmpty { seen = Set(members.map(\.key)) }
                    repeated = !seen.insert(key).inserted
                }
                guard !repeated else {
                    throw JSONReader.Failure(message: "the key \"\(key)\" appears twice in one object", position: keyPosition)
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected `:` after the key") }
                index += 1
                members.append(JSONMember(key: key, value: try value(depth: depth + 1)))
                skipWhitespace()
                guard index < bytes.count else { throw failure("the object is not closed with `}`") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members, start) }
                throw failure("expected `,` or `}` in the object")
            }
        case UInt8(ascii: "["):
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements, start)
            }
            while true {
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw failure("the array is not closed with `]`") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements, start) }
                throw failure("expected `,` or `]` in the array")
            }
        case UInt8(ascii: "\""):
            return .string(try string(), start)
        case UInt8(ascii: "t"): try literal("true"); return .bool(true, start)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false, start)
        case UInt8(ascii: "n"): try literal("null"); return .null(start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number(start)
        default:
            throw failure("expected a JSON value (object, array, text, number, true, false or null)")
        }
    }

    mutating func literal(_ word: String) throws {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw failure("expected a JSON value (object, array, text, number, true, false or null)")
        }
        index += expected.count
    }

    /// A number read exactly: digits, an optional fraction, no exponent beyond what fits.
    mutating func number(_ start: JSONPosition) throws -> JSONValue {
        let from = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) || bytes[index] == UInt8(ascii: ".")
            || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") || bytes[index] == UInt8(ascii: "+")
            || bytes[index] == UInt8(ascii: "-") {
            index += 1
        }
        let text = String(decoding: bytes[from..<index], as: UTF8.self)
        guard let value = Self.exact(text) else {
            throw JSONReader.Failure(message: "`\(text)` is not a number Charter can hold exactly (at most 18 digits, no exponent)",
                                     position: start)
        }
        return .number(value, text, start)
    }

    static func exact(_ text: String) -> Rational? {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit),
              whole == "0" || whole.first != "0" else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || (!fraction.isEmpty && fraction.allSatisfy(\.isASCIIDigit)) else { return nil }
        guard whole.count + fraction.count <= 18, let n = Int(whole + fraction) else { return nil }
        var scale = 1
        for _ in 0..<fraction.count { scale *= 10 }
        return Rational(negative ? -n : n, scale)
    }

    mutating func string() throws -> String {
        let openPosition = position
        index += 1
        // Most texts have no escape: read them straight from the bytes.
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            guard let text = String(validating: bytes[index..<end], as: UTF8.self) else {
                throw JSONReader.Failure(message: "the text is not valid UTF-8", position: openPosition)
            }
            index = end + 1
            return text
        }
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: out, as: UTF8.self) else {
                    throw JSONReader.Failure(message: "the text is not valid UTF-8", position: openPosition)
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalarValue = try hex4()
                    if (0xD800...0xDBFF).contains(scalarValue) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw failure("a \\u escape for the first half of a surrogate pair stands alone")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw failure("a \\u surrogate pair is malformed") }
                        scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(scalarValue) else { throw failure("a \\u escape is not a character") }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw failure("unknown escape `\\\(Character(Unicode.Scalar(escaped)))` in text")
                }
            case 0..<0x20:
                throw failure(byte == UInt8(ascii: "\n") ? "text is not closed before the end of the line"
                                                         : "a control character in text must be escaped")
            default:
                out.append(byte)
                index += 1
            }
        }
        throw JSONReader.Failure(message: "text is not closed with `\"`", position: openPosition)
    }

    mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw failure("a \\u escape needs four hex digits")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
