/// What lies between tokens — white space, line breaks and comments — kept so that a formatter
/// can write every comment back where it was, and a tool can print a file back byte for byte.
///
/// The design is Cedar's formatter's, with the lexer doing the splitting: each token records the
/// byte range of its leading trivia (the line breaks, blank lines and whole-line comments before
/// it) and of its trailing trivia (the spaces and the one comment after it on its line, up to the
/// line break), and the pieces of a range are read again from the source bytes when asked for.
/// So the lexer allocates nothing for trivia and its cost stays one pass over the bytes, while
/// `pieces(in:)` gives a formatter the comments and blank lines. The ranges of a file's tokens
/// and their trivia tile it: leading, token, trailing, then the next token's leading, with no
/// gap or overlap. The lexer skips trivia with the same scanner (`TriviaScanner`) that reads the
/// pieces, so the two can never disagree about where a comment ends.
public struct Trivia: Sendable, Hashable {
    /// The bytes of the source file the trivia covers; empty where tokens touch.
    public let byteRange: Range<Int>

    public init(_ byteRange: Range<Int>) {
        self.byteRange = byteRange
    }

    /// No trivia, for tokens made other than by the lexer.
    public static let empty = Trivia(0..<0)

    public var isEmpty: Bool { byteRange.isEmpty }

    /// The pieces of the trivia in `source`, in order.
    public func pieces(in source: SourceFile) -> [TriviaPiece] {
        TriviaScanner.pieces(of: byteRange, in: source.bytes)
    }

    /// The comments in the trivia, each from its `#` to the end of its line.
    public func comments(in source: SourceFile) -> [String] {
        pieces(in: source).compactMap { if case .comment(let text) = $0 { text } else { nil } }
    }

    /// The number of line breaks in the trivia: in leading trivia, one more than the number of
    /// blank lines before the token when the token starts a line after another.
    public func lineBreaks(in source: SourceFile) -> Int {
        pieces(in: source).reduce(0) { count, piece in
            switch piece {
            case .newlines(let n), .carriageReturnLineFeeds(let n): count + n
            default: count
            }
        }
    }
}

/// One run of trivia.
public enum TriviaPiece: Sendable, Hashable {
    /// `n` spaces.
    case spaces(Int)
    /// `n` tabs.
    case tabs(Int)
    /// `n` line feeds.
    case newlines(Int)
    /// `n` CRLF line endings.
    case carriageReturnLineFeeds(Int)
    /// `n` carriage returns not followed by a line feed, which the lexer takes for white space.
    case carriageReturns(Int)
    /// A comment: its `#` and its text, to the end of its line (not the line break, nor the
    /// carriage return of a CRLF line ending).
    case comment(String)

    /// The piece as it is written in the source.
    public var text: String {
        switch self {
        case .spaces(let n): String(repeating: " ", count: n)
        case .tabs(let n): String(repeating: "\t", count: n)
        case .newlines(let n): String(repeating: "\n", count: n)
        case .carriageReturnLineFeeds(let n): String(repeating: "\r\n", count: n)
        case .carriageReturns(let n): String(repeating: "\r", count: n)
        case .comment(let text): text
        }
    }
}

/// A comment as the parser keeps it in the rulebook, for a formatter to find the comments of
/// a declaration or a clause without the tokens (`Rulebook.leadingComments(of:)`,
/// `trailingComment(of:)`).
public struct SourceComment: Sendable, Hashable {
    /// From the `#` to the end of the line, without the line break.
    public let span: SourceSpan
    /// The comment as written, `#` included.
    public let text: String
    /// When code stands before the comment on its line: the byte offset just past the last
    /// token there, which is where a node that ends the line ends. Nil for a comment on a line
    /// of its own.
    public let follows: Int?

    public init(span: SourceSpan, text: String, follows: Int?) {
        self.span = span
        self.text = text
        self.follows = follows
    }

    /// Whether the comment ends a line of code rather than standing on its own line.
    public var isTrailing: Bool { follows != nil }
}

/// The one scanner of trivia, which the lexer skips with and `Trivia.pieces(in:)` reads with.
enum TriviaScanner {
    enum Run {
        case spaces, tabs, newlines, carriageReturnLineFeeds, carriageReturns, comment

        /// Whether the run is a line break: trailing trivia ends where the first one starts.
        var isLineBreak: Bool { self == .newlines || self == .carriageReturnLineFeeds }
    }

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r"), hash = UInt8(ascii: "#")

    /// The run of trivia that starts at `start` (before `limit`), and the offset just past it;
    /// nil where a token starts, or at `limit`.
    static func run(in bytes: [UInt8], at start: Int, limit: Int) -> (run: Run, end: Int)? {
        guard start < limit else { return nil }
        var i = start
        func isCRLF(_ at: Int) -> Bool {
            at + 1 < limit && bytes[at] == carriageReturn && bytes[at + 1] == lineFeed
        }
        switch bytes[start] {
        case space:
            while i < limit, bytes[i] == space { i += 1 }
            return (.spaces, i)
        case tab:
            while i < limit, bytes[i] == tab { i += 1 }
            return (.tabs, i)
        case lineFeed:
            while i < limit, bytes[i] == lineFeed { i += 1 }
            return (.newlines, i)
        case carriageReturn:
            if isCRLF(i) {
                while isCRLF(i) { i += 2 }
                return (.carriageReturnLineFeeds, i)
            }
            while i < limit, bytes[i] == carriageReturn, !isCRLF(i) { i += 1 }
            return (.carriageReturns, i)
        case hash:
            // To the end of the line: a carriage return ends the comment only as part of CRLF.
            while i < limit, bytes[i] != lineFeed, !isCRLF(i) { i += 1 }
            return (.comment, i)
        default:
            return nil
        }
    }

    /// The pieces of the trivia in `range` of `bytes`. Bytes that are not trivia (there are none
    /// in the trivia the lexer records) end the pieces.
    static func pieces(of range: Range<Int>, in bytes: [UInt8]) -> [TriviaPiece] {
        let limit = Swift.min(range.upperBound, bytes.count)
        var pieces: [TriviaPiece] = []
        var i = Swift.max(0, range.lowerBound)
        while let (run, end) = run(in: bytes, at: i, limit: limit) {
            let count = end - i
            switch run {
            case .spaces: pieces.append(.spaces(count))
            case .tabs: pieces.append(.tabs(count))
            case .newlines: pieces.append(.newlines(count))
            case .carriageReturnLineFeeds: pieces.append(.carriageReturnLineFeeds(count / 2))
            case .carriageReturns: pieces.append(.carriageReturns(count))
            case .comment: pieces.append(.comment(String(decoding: bytes[i..<end], as: UTF8.self)))
            }
            i = end
        }
        return pieces
    }
}
