/// A stable diagnostic code (`P003`) with a one-line summary. The letter names the phase:
/// `L` lexical, `P` syntax, `N` names, `T` types, `G` governance checks, `R` records, `E` evaluation,
/// `U` the command line and commands (in the JSON of a command that cannot run), `X` test files
/// (`rulecheck test`).
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
    public static let duplicateDeclaration = DiagnosticCode("N001", "two declarations of one kind with one name or level number")
    public static let groupRoleNameClash = DiagnosticCode("N002", "a group and a role with the same name")
    public static let duplicateField = DiagnosticCode("N003", "a record with two fields of one name")
    public static let duplicateStep = DiagnosticCode("N004", "a process with two steps of one name")
    public static let duplicateMember = DiagnosticCode("N005", "a group that lists one member twice")
    public static let unknownGroup = DiagnosticCode("N006", "`reports_to` names no declared group")
    public static let unknownConstituency = DiagnosticCode("N007", "a seat for a constituency that is not declared")
    public static let unknownBody = DiagnosticCode("N008", "a step, appeal or `advises` names no declared body")
    public static let unknownChair = DiagnosticCode("N009", "a chair that is neither a role nor a member of the group")
    public static let unknownCalendar = DiagnosticCode("N010", "a calendar name that is not built in")
    public static let unknownRule = DiagnosticCode("N011", "`check` names no declared rule")
    public static let unknownStep = DiagnosticCode("N012", "a transition to a step or end the process does not have")
    public static let unknownRecordType = DiagnosticCode("N013", "a record or field type that is not declared or built in")
    public static let declarationRecordRedeclared = DiagnosticCode("N020", "a `record` named like a declaration record type (`group`, `seat`, `member`, `role`, `constituency`)")
}

// MARK: - Governance

extension DiagnosticCode {
    public static let reportingCycle = DiagnosticCode("G001", "groups whose reporting lines form a cycle")
    public static let reportsNotUpward = DiagnosticCode("G002", "a group reporting to a group at its own level or below")
    public static let undeclaredLevel = DiagnosticCode("G003", "a group at a level that is not declared")
    public static let groupWithoutLevel = DiagnosticCode("G004", "a group with no `level` (a warning)")
    public static let constituencySeatedTwice = DiagnosticCode("G005", "a group that seats one constituency twice")
    public static let quorumExceedsSeats = DiagnosticCode("G006", "a quorum larger than the seats that can attend")
    public static let quorumOverHundredPercent = DiagnosticCode("G007", "a quorum percentage over 100%")
    public static let cadenceSkipsMonths = DiagnosticCode("G008", "a cadence on a day some months lack (a warning)")
    public static let exceptionNotAMeeting = DiagnosticCode("G009", "an `except` date the cadence does not meet on")
    public static let invalidCadence = DiagnosticCode("G010", "a cadence that cannot be expanded into meetings")
    public static let cadenceWithoutPhase = DiagnosticCode("G011", "a cadence every several weeks or months with no `from`")
    public static let replacedGroupStillMeets = DiagnosticCode("G012", "a replaced group that still meets after its replacement")
    public static let unreachableStep = DiagnosticCode("G013", "a process step that cannot be reached from the first step")
    public static let stepCannotEnd = DiagnosticCode("G014", "a process step from which no end can be reached")
    public static let checkedRuleForOtherType = DiagnosticCode("G015", "a step checking a rule for another record type")
    public static let decisionWithoutBody = DiagnosticCode("G016", "a step that decides with no `by`")
    public static let invalidStepDuration = DiagnosticCode("G017", "a step's `lasts` that is not a positive duration, or is longer than the supported years")
    public static let processWithoutEnd = DiagnosticCode("G018", "a process with no `end`")
    public static let endNamedLikeStep = DiagnosticCode("G019", "an end with the name of a step")
    public static let appealToSameBody = DiagnosticCode("G020", "an appeal heard by the body appealed against")
    public static let appealCycle = DiagnosticCode("G021", "appeals that route back round in a loop")
    public static let duplicateGovernanceLabel = DiagnosticCode("G025", "a group with two quorums or two thresholds of one label, or two unlabelled")
    public static let clauseGivenTwice = DiagnosticCode("G030", "a group clause that takes one value given twice")
}

// MARK: - Types

extension DiagnosticCode {
    public static let unknownName = DiagnosticCode("N014", "a name in an expression that nothing declares")
    public static let unknownFunction = DiagnosticCode("N015", "a call of a function that does not exist")
    public static let recursiveFunction = DiagnosticCode("N016", "a function that calls itself, directly or through other functions")
    public static let builtInShadowed = DiagnosticCode("N017", "a function named like a built-in function or name")
    public static let callsTooDeep = DiagnosticCode("N018", "functions that call each other in a chain more than 32 deep")
    public static let notACondition = DiagnosticCode("T001", "a condition that is not true or false")
    public static let typeMismatch = DiagnosticCode("T002", "operands or values of the wrong types")
    public static let unknownField = DiagnosticCode("T003", "a field its record does not declare")
    public static let optionalValue = DiagnosticCode("T004", "an optional value used where a value is needed")
    public static let notAList = DiagnosticCode("T005", "a quantifier or aggregate over something that is not a list")
    public static let mixedList = DiagnosticCode("T006", "a list whose elements have different types")
    public static let coreFieldRetyped = DiagnosticCode("T007", "a core field of a built-in record restated with another type")
    public static let wrongArguments = DiagnosticCode("T008", "a function called with the wrong number or types of arguments")
    public static let deepQuantifiers = DiagnosticCode("T009", "quantifiers nested three deep over a record's lists (a warning)")
    public static let attributeRetyped = DiagnosticCode("T010", "an attribute with one type here and another elsewhere")
    public static let attributeTwice = DiagnosticCode("T011", "an attribute given twice in one block")
    public static let unknownGovernanceLabel = DiagnosticCode("T026", "a quorum or threshold label that no group declares, named in `quorate` or `carried`")
    public static let attributeShadowsField = DiagnosticCode("T025", "an attribute named like a field every declaration of its kind has")
    public static let positionOutOfRange = DiagnosticCode("T012", "a position or count written out that no list can have: below 1, below 0, or a fraction")
}

// MARK: - Records

extension DiagnosticCode {
    public static let recordFileUnreadable = DiagnosticCode("R001", "a record file that does not exist or cannot be read")
    public static let recordFileTooLarge = DiagnosticCode("R002", "a record file over the size limit")
    public static let malformedRecordFile = DiagnosticCode("R003", "a record file that is not well-formed JSON, CSV or workbook")
    public static let notARecord = DiagnosticCode("R004", "a JSON value where a record (an object) is expected")
    public static let unknownRecordKind = DiagnosticCode("R005", "a record whose type the rules do not declare, or that `--type` contradicts")
    public static let untypedRecord = DiagnosticCode("R006", "a record whose type is given neither in the file nor by `--type`")
    public static let unknownRecordField = DiagnosticCode("R007", "a field or column its record type does not declare")
    public static let missingRecordField = DiagnosticCode("R008", "a required field a record leaves out")
    public static let recordValueMismatch = DiagnosticCode("R009", "a value that does not fit its field's declared type")
    public static let noRecords = DiagnosticCode("R010", "a record file that holds no records")
    public static let tooManyRecordErrors = DiagnosticCode("R011", "more errors in one record file than are reported")
    public static let duplicateColumn = DiagnosticCode("R012", "two columns of a CSV file that give the same field")
    public static let undeclaredReference = DiagnosticCode("R020", "a record naming a group, member, role or constituency the rules do not declare")
    public static let unsupportedRecordFile = DiagnosticCode("R013", "a record file in another form than the one it is read as (a workbook read as CSV, text read as a workbook)")
}

// MARK: - Commands

extension DiagnosticCode {
    public static let usageError = DiagnosticCode("U001", "a command line the command cannot use: an unknown option, a missing or bad value")
    public static let commandFailed = DiagnosticCode("U002", "a command that cannot go on for the reason its message gives (rule files that cannot be read, an unknown process)")
}

// MARK: - Evaluation

extension DiagnosticCode {
    public static let evaluationFailed = DiagnosticCode("E001", "an expression that cannot be evaluated on the records loaded")
    public static let absentValue = DiagnosticCode("E002", "a value the expression needs is absent from the record")
    public static let outOfRange = DiagnosticCode("E003", "a number, date or time outside the supported range")
    public static let divisionByZero = DiagnosticCode("E004", "a division by zero")
    public static let incomparableUnits = DiagnosticCode("E005", "durations in units that cannot be compared or combined (days and months)")
    public static let noToday = DiagnosticCode("E006", "`today` read where no date stands for it")
    public static let budgetExceeded = DiagnosticCode("E007", "a rule that did more work on one record than the evaluation budget")
    public static let evaluationInterrupted = DiagnosticCode("E008", "evaluation stopped from outside (Ctrl-C at the REPL)")
    public static let emptyAggregate = DiagnosticCode("E009", "the `min`, `max` or `average` of an empty list")
    public static let undeclaredGovernance = DiagnosticCode("E010", "a meeting of a group the rules do not declare, or a quorum or threshold the group lacks")
    public static let partialUnit = DiagnosticCode("E011", "a date, time or duration moved by a fraction of a unit or by a unit it cannot take")
    public static let unexpectedValue = DiagnosticCode("E012", "a value of a type the checker does not allow there: an internal error, to be reported")
    public static let outsideList = DiagnosticCode("E013", "a position outside its list, or a count of elements below 0 or not whole")
}
