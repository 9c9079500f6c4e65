/// Identifies one source file among those a `SourceFiles` holds.
public struct FileID: Hashable, Sendable, Comparable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (lhs: FileID, rhs: FileID) -> Bool { lhs.index < rhs.index }
}

/// Where a piece of syntax stands: a file, a 1-based line and column (in characters), and a
/// length in characters on that line (at least 1 where anything is there to underline).
///
/// `offset` is the byte offset in the file's UTF-8 text, so tools can slice the source.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    public let file: FileID
    public let offset: Int
    public let line: Int
    public let column: Int
    public let length: Int

    public init(file: FileID, offset: Int, line: Int, column: Int, length: Int) {
        self.file = file
        self.offset = offset
        self.line = line
        self.column = column
        self.length = length
    }

    /// A span that covers `self` through `end` when both stand on one line, else `self` alone
    /// widened to the end of its first token: diagnostics underline one line only.
    public func through(_ end: SourceSpan) -> SourceSpan {
        guard end.file == file, end.line == line, end.column >= column else { return self }
        return SourceSpan(file: file, offset: offset, line: line, column: column,
                          length: end.column + end.length - column)
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
    /// Byte offset of the start of each line.
    public let lineStarts: [Int]

    public init(id: FileID, path: String, text: String) {
        self.id = id
        self.path = path
        self.text = text
        bytes = Array(text.utf8)
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        lineStarts = starts
    }

    /// The source text a span covers, with runs of white space (line breaks included) as one
    /// space, for quoting an expression in a message.
    public func text(of span: SourceSpan) -> String {
        let start = Swift.max(0, Swift.min(span.offset, bytes.count))
        let end = Swift.max(start, Swift.min(span.offset + span.length, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
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
