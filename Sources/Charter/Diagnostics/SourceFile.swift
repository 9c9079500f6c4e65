/// Identifies one source file among those a `SourceFiles` holds.
public struct FileID: Hashable, Sendable, Comparable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (lhs: FileID, rhs: FileID) -> Bool { lhs.index < rhs.index }
}

/// Where a piece of syntax stands, twice over: for tools, the bytes it covers in the file's
/// UTF-8 text (`offset..<endOffset`, which may run over several lines); for people, the
/// 1-based line and column (in Unicode scalars) of its start and a length in characters on
/// that line (at least 1 where anything is there to underline), which a diagnostic's caret
/// underline shows. A `LineIndex` turns the bytes into an editor's positions.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    public let file: FileID
    /// The byte offset of the span's first byte.
    public let offset: Int
    /// The byte offset just past the span's last byte; `offset` for an empty span (a place).
    public let endOffset: Int
    public let line: Int
    public let column: Int
    public let length: Int

    public init(file: FileID, offset: Int, endOffset: Int, line: Int, column: Int, length: Int) {
        self.file = file
        self.offset = offset
        self.endOffset = Swift.max(offset, endOffset)
        self.line = line
        self.column = column
        self.length = length
    }

    /// A span of `length` bytes as well as characters: for a single byte or a place, or text
    /// known to be ASCII. Spans of source text come from the lexer, which measures both.
    public init(file: FileID, offset: Int, line: Int, column: Int, length: Int) {
        self.init(file: file, offset: offset, endOffset: offset + Swift.max(length, 0), line: line, column: column, length: length)
    }

    /// The bytes the span covers.
    public var byteRange: Range<Int> { offset..<endOffset }

    /// The number of bytes the span covers.
    public var byteLength: Int { endOffset - offset }

    /// A span that covers `self` through `end`. Its bytes run to the end of both, over as many
    /// lines as that takes; its underline runs through `end` when both stand on one line, else
    /// is `self`'s alone: diagnostics underline one line only.
    public func through(_ end: SourceSpan) -> SourceSpan {
        guard end.file == file else { return self }
        let endOffset = Swift.max(self.endOffset, end.endOffset)
        let length = end.line == line && end.column >= column ? end.column + end.length - column : length
        return SourceSpan(file: file, offset: offset, endOffset: endOffset, line: line, column: column, length: length)
    }

    /// `self` with its bytes run on to the end of `end` and its underline unchanged: a
    /// declaration's span covers its whole body, while its diagnostics underline its header.
    public func covering(_ end: SourceSpan) -> SourceSpan {
        guard end.file == file else { return self }
        return SourceSpan(file: file, offset: offset, endOffset: Swift.max(endOffset, end.endOffset),
                          line: line, column: column, length: length)
    }

    public var description: String { "\(line):\(column)" }
}

/// One source text, decoded, with its name as the user gave it.
public struct SourceFile: Sendable {
    public let id: FileID
    public let path: String
    public let text: String
    /// The text's UTF-8 bytes, which the lexer reads.
    public let bytes: [UInt8]
    /// Lines and columns for the text's byte offsets, and byte offsets for an editor's positions.
    public let lineIndex: LineIndex

    public init(id: FileID, path: String, text: String) {
        self.id = id
        self.path = path
        self.text = text
        bytes = Array(text.utf8)
        lineIndex = LineIndex(utf8: bytes)
    }

    /// Byte offset of the start of each line.
    public var lineStarts: [Int] { lineIndex.lineStarts }

    /// The source text a span covers exactly, byte for byte, comments and line breaks
    /// included: a literal as written (`1.50`, `75%`, `2 weeks`, `"a \"b\" {c}"`), for a
    /// formatter to write it back unchanged.
    public func spelling(of span: SourceSpan) -> String {
        let start = Swift.max(0, Swift.min(span.offset, bytes.count))
        let end = Swift.max(start, Swift.min(span.endOffset, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The source text a span covers, for quoting an expression in a message: its bytes,
    /// whatever characters they hold, without comments, and with runs of white space (line
    /// breaks included) as one space.
    public func text(of span: SourceSpan) -> String {
        text(inBytes: span.byteRange)
    }

    /// The source text of the bytes `range` (clamped to the file), quoted as `text(of:)` does.
    public func text(inBytes range: Range<Int>) -> String {
        let start = Swift.max(0, Swift.min(range.lowerBound, bytes.count))
        let end = Swift.max(start, Swift.min(range.upperBound, bytes.count))
        var kept: [UInt8] = []
        kept.reserveCapacity(end - start)
        var inText = false, escaped = false, inComment = false
        for byte in bytes[start..<end] {
            if inComment {
                // A comment runs to the end of its line; the line break still separates words.
                if byte == UInt8(ascii: "\n") { inComment = false; kept.append(byte) }
                continue
            }
            if inText {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inText = false }
            } else if byte == UInt8(ascii: "#") {
                inComment = true
                continue
            } else if byte == UInt8(ascii: "\"") {
                inText = true
            }
            kept.append(byte)
        }
        return String(decoding: kept, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The text of 1-based `line` without its line ending, or "" past the end.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// The source files of one run, so that diagnostics can be rendered with their source lines.
public struct SourceFiles: Sendable {
    public private(set) var files: [SourceFile] = []

    public init() {}

    /// Adds a decoded text and returns its file.
    @discardableResult
    public mutating func add(path: String, text: String) -> SourceFile {
        let file = SourceFile(id: FileID(files.count), path: path, text: text)
        files.append(file)
        return file
    }

    public subscript(id: FileID) -> SourceFile? {
        files.indices.contains(id.index) ? files[id.index] : nil
    }
}
