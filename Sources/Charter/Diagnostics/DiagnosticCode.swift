/// A stable diagnostic code (`P003`) with a one-line summary. The letter names the phase:
/// `L` lexical, `P` syntax, `N` names, `T` types, `G` governance checks, `R` records.
///
/// Codes are never reused or renumbered: scripts and documentation refer to them.
public struct DiagnosticCode: Hashable, Sendable, CustomStringConvertible {
    public let id: String
    public let summary: String

    public init(_ id: String, _ summary: String) {
        self.id = id
        self.summary = summary
    }

    public var description: String { id }
}

// MARK: - Lexical

extension DiagnosticCode {
    public static let invalidUTF8 = DiagnosticCode("L001", "the file is not valid UTF-8")
    public static let unexpectedCharacter = DiagnosticCode("L002", "a character that cannot start any token")
    public static let unterminatedText = DiagnosticCode("L003", "a text literal without its closing quote")
    public static let invalidEscape = DiagnosticCode("L004", "an unknown escape sequence in text")
    public static let invalidDate = DiagnosticCode("L005", "a date that does not exist or is malformed")
    public static let invalidTime = DiagnosticCode("L006", "a time of day that does not exist")
    public static let numberTooLarge = DiagnosticCode("L007", "a number too large for 64 bits")
    public static let malformedNumber = DiagnosticCode("L008", "a number with letters or a dangling point")
    public static let fileTooLarge = DiagnosticCode("L009", "a rule file over the size limit")
    public static let binaryFile = DiagnosticCode("L010", "a file with NUL bytes, not text")
    public static let unterminatedInterpolation = DiagnosticCode("L011", "a `{` in text without its `}`")
}

// MARK: - Syntax

extension DiagnosticCode {
    public static let expectedDeclaration = DiagnosticCode("P001", "something other than a declaration at the top level")
    public static let expectedToken = DiagnosticCode("P002", "a required token is missing")
    public static let unclosedBlock = DiagnosticCode("P003", "a `{` block without its `}`")
    public static let expectedName = DiagnosticCode("P004", "a name is required here")
    public static let keywordAsName = DiagnosticCode("P005", "a reserved keyword used as a name")
    public static let expectedExpression = DiagnosticCode("P006", "an expression is required here")
    public static let unknownClause = DiagnosticCode("P007", "a clause the block does not have")
    public static let nestingTooDeep = DiagnosticCode("P009", "an expression nested too deeply")
    public static let expectedType = DiagnosticCode("P010", "a field type is required here")
    public static let chainedComparison = DiagnosticCode("P012", "comparisons chained without `and`")
    public static let invalidChoice = DiagnosticCode("P013", "a word outside the clause's fixed choices")
    public static let emptyFile = DiagnosticCode("P014", "a rule file that declares nothing")
    public static let missingClause = DiagnosticCode("P015", "a declaration without a clause it needs")
    public static let strayElse = DiagnosticCode("P016", "an `else` message without a `require` before it")
    public static let tooManyErrors = DiagnosticCode("P017", "too many errors in one file")
    public static let expectedLiteral = DiagnosticCode("P020", "a date, time, duration or number literal is required here")
    public static let unclosedDelimiter = DiagnosticCode("P021", "a `(` or `[` without its closing bracket")
}

// MARK: - Names

extension DiagnosticCode {
    public static let unknownCalendar = DiagnosticCode("N010", "a calendar name that is not built in")
}
