/// Decodes a file's bytes as UTF-8 text, or says exactly where it is not text.
public enum SourceDecoder {
    public struct Failure: Error, Sendable {
        public enum Kind: Sendable { case invalidUTF8, nulByte }
        public let kind: Kind
        /// Byte offset, and 1-based line and column (in characters) of the first bad byte.
        public let offset: Int
        public let line: Int
        public let column: Int
    }

    /// The text of `bytes`, with a leading byte-order mark removed, or where it fails.
    public static func decode(_ bytes: [UInt8]) -> Result<String, Failure> {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var index = start
        var line = 1
        var column = 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0 {
                return .failure(Failure(kind: .nulByte, offset: index, line: line, column: column))
            }
            let width = sequenceLength(bytes, at: index)
            guard width > 0 else {
                return .failure(Failure(kind: .invalidUTF8, offset: index, line: line, column: column))
            }
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += width
        }
        return .success(String(decoding: bytes[start...], as: UTF8.self))
    }

    /// The length of the well-formed UTF-8 sequence at `index`, or 0 if it is ill-formed
    /// (overlong forms, surrogates and values past U+10FFFF included).
    static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let b0 = bytes[index]
        if b0 < 0x80 { return 1 }
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        switch b0 {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }
}
