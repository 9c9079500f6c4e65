/// Reads CSV as spreadsheets export it (RFC 4180): a header row, fields separated by commas,
/// quoted fields with `""` for a quote and embedded commas and line breaks, an optional UTF-8
/// byte-order mark, and LF or CRLF line endings. Every row must have as many fields as the
/// header: a ragged row is an error naming its line, never a silently shifted or dropped record.
public enum CSVReader {
    /// One data row and the line of the file it starts on (the header is line 1).
    public struct Row: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
    }

    /// A header and its rows.
    public struct Table: Sendable, Equatable {
        public let header: [String]
        public let rows: [Row]

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
        case emptyHeader(column: Int)
        case duplicateHeader(name: String, column: Int, first: Int)

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
            case .empty: nil
            case .invalidUTF8(let line, _), .unterminatedQuote(let line, _), .textAfterClosingQuote(let line, _),
                 .raggedRow(let line, _, _): line
            case .emptyHeader, .duplicateHeader: 1
            }
        }

        /// The column (in characters) of the fault, when it has one.
        public var column: Int? {
            switch self {
            case .invalidUTF8(_, let column), .unterminatedQuote(_, let column), .textAfterClosingQuote(_, let column),
                 .emptyHeader(let column): column
            case .empty, .raggedRow, .duplicateHeader: nil
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
            case .emptyHeader:
                "a header name is empty"
            case .duplicateHeader(let name, let column, let first):
                "the header names `\(name)` twice (columns \(first) and \(column))"
            }
        }
    }

    /// Parses `bytes` in one pass.
    public static func parse(_ bytes: [UInt8]) -> Result<Table, Failure> {
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        var line = 1
        var lineStart = index
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var recordLine = 1
        var atRecordStart = true
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

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
        // Blank lines at the end (spreadsheets leave them) hold no record. A blank line between
        // rows is kept, so that it is reported as a ragged row rather than skipped unseen.
        while let last = records.last, last.fields.count == 1, last.fields[0].isEmpty { records.removeLast() }
        guard let header = records.first else { return .failure(.empty) }
        var seen: [String: Int] = [:]
        for (offset, name) in header.fields.enumerated() {
            guard !name.isEmpty else { return .failure(.emptyHeader(column: offset + 1)) }
            if let first = seen[name] { return .failure(.duplicateHeader(name: name, column: offset + 1, first: first)) }
            seen[name] = offset + 1
        }
        var rows: [Row] = []
        rows.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                return .failure(.raggedRow(line: record.line, expected: header.fields.count, found: record.fields.count))
            }
            rows.append(Row(line: record.line, fields: record.fields))
        }
        return .success(Table(header: header.fields, rows: rows))
    }
}
