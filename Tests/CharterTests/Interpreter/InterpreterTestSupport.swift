@testable import Charter
import Testing

/// A rulebook written in a test, checked and compiled, with helpers to load records against it
/// and evaluate them through the public API (`Parser`, `Checker.check`, `Program`, `RecordFiles`).
struct CompiledRulebook {
    let rulebook: Rulebook
    let files: SourceFiles
    let program: Program

    /// Compiles `source`, expecting it to parse and check without errors.
    init(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let parsed = parse(source)
        #expect(parsed.diagnostics.isEmpty, "the test rulebook does not parse: \(parsed.diagnostics.map { "\($0.code.id) \($0.message)" })",
                sourceLocation: sourceLocation)
        let errors = Checker.check(parsed.rulebook).filter { $0.severity == .error }
        #expect(errors.isEmpty, "the test rulebook does not check: \(errors.map { "\($0.code.id) \($0.message)" })",
                sourceLocation: sourceLocation)
        rulebook = parsed.rulebook
        files = parsed.files
        let checked = Checker.checked(parsed.rulebook, files: parsed.files).checked
        // A rulebook with errors gives an empty program, so that the test fails on the
        // expectations above rather than trapping.
        program = Program(checked ?? Checker.checked(Rulebook(), files: SourceFiles()).checked!)
    }

    func recordFiles(type: String? = nil, dateFormat: DateFormat = .iso) -> RecordFiles {
        RecordFiles(shapes: program.shapes, byName: program.shapeByName, dateFormat: dateFormat, typeName: type)
    }

    /// What loading `text` as the file `path` gives.
    func load(_ text: String, path: String = "records.json", type: String? = nil,
              dateFormat: DateFormat = .iso) -> (records: [LoadedRecord], errors: [RecordFileError]) {
        load(bytes: Array(text.utf8), path: path, type: type, dateFormat: dateFormat)
    }

    func load(bytes: [UInt8], path: String, type: String? = nil,
              dateFormat: DateFormat = .iso) -> (records: [LoadedRecord], errors: [RecordFileError]) {
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        recordFiles(type: type, dateFormat: dateFormat).load(bytes: bytes, path: path, into: &records, errors: &errors)
        return (records, errors)
    }

    /// The error descriptions from loading `text` (`file: place: message`).
    func loadErrors(_ text: String, path: String = "records.json", type: String? = nil,
                    dateFormat: DateFormat = .iso) -> [String] {
        load(text, path: path, type: type, dateFormat: dateFormat).errors.map(\.description)
    }

    /// The one record in `json`, expecting it to load cleanly.
    func record(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> RecordValue {
        let (records, errors) = load(json)
        #expect(errors.isEmpty, "the test record does not load: \(errors.map(\.description))", sourceLocation: sourceLocation)
        #expect(records.count == 1, sourceLocation: sourceLocation)
        return try #require(records.first, sourceLocation: sourceLocation).value
    }

    /// The verdict of rule `name` on the one record in `json`.
    func verdict(_ name: String, on json: String, asOf: CivilDate? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> RuleVerdict {
        let record = try record(json, sourceLocation: sourceLocation)
        let verdicts = program.evaluate(record, asOf: asOf)
        return try #require(verdicts.first { $0.rule == name }, "no verdict for `\(name)`", sourceLocation: sourceLocation)
    }

    /// `file:line:column` of a span, as reports give it.
    func location(_ span: SourceSpan) -> String {
        "\(files[span.file]?.path ?? "?"):\(span.line):\(span.column)"
    }
}

/// Shorthand for a date in a test.
func day(_ iso: String) -> CivilDate {
    guard let date = CivilDate(iso: iso) else { fatalError("not a date: \(iso)") }
    return date
}

extension RuleVerdict {
    /// The failure messages, in order.
    var messages: [String] { failures.map(\.message) }
}
