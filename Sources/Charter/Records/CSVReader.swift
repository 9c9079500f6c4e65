/// Reads CSV as spreadsheets export it (RFC 4180): a header row, fields separated by commas,
/// semicolons or tabs (detected from the header row unless given), quoted fields with `""` for
/// a quote and embedded separators and line breaks, UTF-8 with or without a byte-order mark or
/// UTF-16 with one (Excel's "Unicode text"), and LF or CRLF line endings. Blank rows (`,,,`)
/// hold no record and are skipped; trailing columns with no header and no values (which Excel
/// leaves) are dropped. Every other row must have as many fields as the header: a ragged row is
/// an error naming its line, never a silently shifted or dropped record.
public enum CSVReader {
    /// One data row and the line of the file it starts on (the header is line 1).
    public struct Row: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
        /// For a worksheet row: each cell's typed value (a number, boolean or date), when it has one.
        public var values: [Value?]?
        /// For a worksheet row: the sheet's name; `line` is then the sheet's row number.
        public var sheet: String?

        public init(line: Int, fields: [String], values: [Value?]? = nil, sheet: String? = nil) {
            self.line = line
            self.fields = fields
            self.values = values
            self.sheet = sheet
        }
    }

    /// A header and its rows.
    public struct Table: Sendable, Equatable {
        public let header: [String]
        public let rows: [Row]
        /// The separator between fields: `,`, `;` or a tab.
        public var delimiter: UInt8 = UInt8(ascii: ",")

        /// The column of `name` in the header, if any.
        public func column(_ name: String) -> Int? { header.firstIndex(of: name) }
    }

    /// Why a CSV file cannot be read; each case says where.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case invalidUTF8(line: Int, column: Int)
        case unterminatedQuote(line: Int, column: Int)
        case textAfterClosingQuote(line: Int, column: Int)
        case raggedRow(line: Int, expected: Int, found: Int)
        /// UTF-16 text with an odd number of bytes or an unpaired surrogate.
        case invalidUTF16

        public var description: String {
            switch (line, column) {
            case (let line?, let column?): "line \(line), column \(column): \(detail)"
            case (let line?, nil): "line \(line): \(detail)"
            default: detail
            }
        }

        /// The line of the fault (the header is line 1), when it has one.
        public var line: Int? {
            switch self {
            case .empty, .invalidUTF16: nil
            case .invalidUTF8(let line, _), .unterminatedQuote(let line, _), .textAfterClosingQuote(let line, _),
                 .raggedRow(let line, _, _): line
            }
        }

        /// The column (in characters) of the fault, when it has one.
        public var column: Int? {
            switch self {
            case .invalidUTF8(_, let column), .unterminatedQuote(_, let column), .textAfterClosingQuote(_, let column): column
            case .empty, .raggedRow, .invalidUTF16: nil
            }
        }

        /// What is wrong, without its place.
        public var detail: String {
            switch self {
            case .empty:
                "the file has no header row"
            case .invalidUTF8:
                "the text is not valid UTF-8"
            case .unterminatedQuote:
                "a quoted field is not closed before the end of the file"
            case .textAfterClosingQuote:
                "text follows a closing quote; write a quote inside a quoted field as `\"\"`"
            case .raggedRow(_, let expected, let found):
                "the row has \(found) field\(found == 1 ? "" : "s") but the header has \(expected)"
            case .invalidUTF16:
                "the text starts with a UTF-16 byte-order mark but is not valid UTF-16"
            }
        }
    }

    /// The delimiters a file may use, in the order a tie is broken.
    public static let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]

    /// Parses `bytes` in one pass, with fields separated by `delimiter`, or when nil by
    /// whichever of comma, semicolon and tab the header row holds most of (outside quotes).
    public static func parse(_ input: [UInt8], delimiter given: UInt8? = nil) -> Result<Table, Failure> {
        let bytes: [UInt8]
        switch utf8(input) {
        case .success(let text): bytes = text
        case .failure(let failure): return .failure(failure)
        }
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        let delimiter = given ?? detectDelimiter(bytes, from: index)
        var line = 1
        var lineStart = index
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var recordLine = 1
        var atRecordStart = true
        let quote = UInt8(ascii: "\""), comma = delimiter, cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

        func decode(_ bytes: [UInt8]) -> String? {
            String(validating: bytes, as: UTF8.self)
        }
        while index < bytes.count {
            if atRecordStart {
                recordLine = line
                atRecordStart = false
            }
            let byte = bytes[index]
            if byte == quote && field.isEmpty {
                // A quoted field runs to the next lone quote, across commas and line breaks.
                let openColumn = index - lineStart + 1
                let openLine = line
                index += 1
                var closed = false
                while index < bytes.count {
                    let b = bytes[index]
                    if b == quote {
                        if index + 1 < bytes.count, bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if b == lf {
                        line += 1
                        lineStart = index + 1
                    }
                    field.append(b)
                    index += 1
                }
                guard closed else { return .failure(.unterminatedQuote(line: openLine, column: openColumn)) }
                if index < bytes.count, bytes[index] != comma, bytes[index] != lf, bytes[index] != cr {
                    return .failure(.textAfterClosingQuote(line: line, column: index - lineStart + 1))
                }
                continue
            }
            if byte == comma {
                guard let text = decode(field) else {
                    return .failure(.invalidUTF8(line: line, column: index - lineStart + 1))
                }
                fields.append(text)
                field.removeAll(keepingCapacity: true)
                index += 1
                continue
            }
            if byte == lf || byte == cr {
                guard let text = decode(field) else {
                    return .failure(.invalidUTF8(line: line, column: index - lineStart + 1))
                }
                fields.append(text)
                field.removeAll(keepingCapacity: true)
                records.append((recordLine, fields))
                fields.removeAll(keepingCapacity: true)
                index += (byte == cr && index + 1 < bytes.count && bytes[index + 1] == lf) ? 2 : 1
                line += 1
                lineStart = index
                atRecordStart = true
                continue
            }
            field.append(byte)
            index += 1
        }
        if !atRecordStart {
            guard let text = decode(field) else {
                return .failure(.invalidUTF8(line: line, column: index - lineStart + 1))
            }
            fields.append(text)
            records.append((recordLine, fields))
        }
        // Blank rows (an empty line, or `,,,` as spreadsheets write an empty row) hold no record.
        records.removeAll { $0.fields.allSatisfy(\.isEmpty) }
        guard let header = records.first else { return .failure(.empty) }
        // Trailing columns with no header name and no values are dropped; a row may leave them out.
        var width = header.fields.count
        while width > 1, header.fields[width - 1].isEmpty { width -= 1 }
        for record in records.dropFirst() {
            if let last = record.fields.lastIndex(where: { !$0.isEmpty }), last >= width { width = min(last + 1, header.fields.count) }
        }
        var rows: [Row] = []
        rows.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count || (record.fields.count >= width && record.fields.count < header.fields.count) else {
                return .failure(.raggedRow(line: record.line, expected: width, found: record.fields.count))
            }
            rows.append(Row(line: record.line, fields: record.fields.count == width ? record.fields : Array(record.fields[..<width])))
        }
        var table = Table(header: Array(header.fields[..<width]), rows: rows)
        table.delimiter = delimiter
        return .success(table)
    }

    /// The delimiter the first line uses most outside quotes; a comma when it holds none.
    static func detectDelimiter(_ bytes: [UInt8], from start: Int) -> UInt8 {
        delimiter(of: bytes, from: start).delimiter
    }

    /// The delimiter `detectDelimiter` tells from the first line, and whether that line ends
    /// within `bytes` (when they are the start of a file read a part at a time).
    static func delimiter<Bytes: RandomAccessCollection<UInt8>>(of bytes: Bytes, from start: Int) -> (delimiter: UInt8, lineEnded: Bool)
        where Bytes.Index == Int {
        var counts = [0, 0, 0]
        var quoted = false
        var index = start
        var lineEnded = false
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { quoted.toggle(); continue }
            if quoted { continue }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                lineEnded = true
                break
            }
            if let which = delimiters.firstIndex(of: byte) { counts[which] += 1 }
        }
        var best = 0
        for which in counts.indices where counts[which] > counts[best] { best = which }
        return (delimiters[best], lineEnded)
    }

    /// The bytes as UTF-8: UTF-16 with a byte-order mark (either order) is converted, with a
    /// UTF-8 byte-order mark; anything else is returned as it is, to be checked as UTF-8.
    static func utf8(_ bytes: [UInt8]) -> Result<[UInt8], Failure> {
        guard bytes.count >= 2 else { return .success(bytes) }
        let littleEndian: Bool
        switch (bytes[0], bytes[1]) {
        case (0xFF, 0xFE): littleEndian = true
        case (0xFE, 0xFF): littleEndian = false
        default: return .success(bytes)
        }
        guard bytes.count % 2 == 0 else { return .failure(.invalidUTF16) }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            let (first, second) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
            units.append(littleEndian ? first | second << 8 : first << 8 | second)
            index += 2
        }
        var output: [UInt8] = [0xEF, 0xBB, 0xBF]
        output.reserveCapacity(units.count + 3)
        let failed = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: true) { output.append($0) }
        return failed ? .failure(.invalidUTF16) : .success(output)
    }
}
