import Foundation

/// A test file (`NAME.test.json`): record files and the outcome each rule is expected to give
/// on each of their records, kept beside the rules they test.
///
/// ```json
/// {
///   "rules": [".."],
///   "tests": [
///     {
///       "name": "the DAG of 13 March 2024",
///       "records": ["../../examples/dag_2024-03-13.json"],
///       "as_of": "2024-03-13",
///       "expect": {
///         "DAG 2024-03-13": {
///           "agenda_timing": { "outcome": "fail", "messages": ["…"] },
///           "agenda_numbering": "pass"
///         },
///         "CR039": "pass"
///       }
///     }
///   ]
/// }
/// ```
///
/// Paths are relative to the test file. A record is named as `check` names it; its expectation
/// is either one outcome for the record as a whole, or an outcome per rule, optionally with the
/// failure messages and notes expected, all of them, in order.
public struct TestFile: Sendable {
    /// The file, as given or found.
    public let path: String
    /// The rule paths, resolved against the test file's folder; nil when the file names none.
    public let rules: [String]?
    public let tests: [TestCase]

    /// The file name suffix `rulecheck test` looks for in folders.
    public static let suffix = ".test.json"
}

/// One test: record files loaded together and the expectations on their records.
public struct TestCase: Sendable {
    public let name: String
    /// The record files, resolved against the test file's folder, each with where it is named.
    public let records: [Located<String>]
    public let asOf: CivilDate?
    public let expectations: [RecordExpectation]
    /// Where the test is in its file.
    public let place: TestPlace
}

/// A value of a test file with where it is written.
public struct Located<Value: Sendable>: Sendable {
    public let value: Value
    public let place: TestPlace
}

/// A place in a test file: a JSON path (`$.tests[0].expect["CR041"]`) and its line and column.
public struct TestPlace: Sendable, Equatable {
    public let path: String
    public let line: Int
    public let column: Int
}

/// What one record is expected to give.
public struct RecordExpectation: Sendable {
    public enum Kind: Sendable {
        /// The record's outcome over every rule for its type.
        case record(RuleVerdict.Outcome)
        /// An outcome per rule.
        case rules([RuleExpectation])
    }
    /// The record as `check` names it (`CR041`, `DAG 2024-03-13`).
    public let record: String
    public let kind: Kind
    public let place: TestPlace
}

/// What one rule is expected to give on one record.
public struct RuleExpectation: Sendable {
    public let rule: String
    public let outcome: RuleVerdict.Outcome
    /// The failure messages, all of them in order; nil when not stated.
    public let messages: [String]?
    /// The notes (votes not counted), all of them in order; nil when not stated.
    public let notes: [String]?
    public let place: TestPlace
}

extension DiagnosticCode {
    public static let malformedTestFile = DiagnosticCode("X001", "a test file that cannot be read or is not well-formed JSON")
    public static let invalidTestFile = DiagnosticCode("X002", "a test file with a key it does not have, a value of the wrong kind or a required key left out")
    public static let testUnknownRule = DiagnosticCode("X003", "a test naming a rule the rules do not declare, or one for another record type")
    public static let testUnknownRecord = DiagnosticCode("X004", "a test naming a record its record files do not hold, or hold more than once")
    public static let testRecordFileMissing = DiagnosticCode("X005", "a test naming a record file that does not exist")
    public static let noTestFiles = DiagnosticCode("X006", "a test path that is not a test file and holds none")
}

/// Every fault found in a test file, each with its JSON path and line.
public struct TestFileFaults: Error, Sendable {
    public let errors: [RecordFileError]
}

/// Reads test files.
public enum TestFileReader {
    /// The test file in `bytes`, read from `path`, or every fault found in it (each with its
    /// JSON path and line), as record-file errors so that they render quoting the file.
    public static func read(_ bytes: [UInt8], path: String) -> Result<TestFile, TestFileFaults> {
        let json: JSONValue
        switch JSONReader.parse(bytes) {
        case .success(let value): json = value
        case .failure(let failure):
            return .failure(TestFileFaults(errors: [RecordFileError(.malformedTestFile, file: path, place: nil, message: failure.message,
                                                                    line: failure.position.line, column: failure.position.column)]))
        }
        var reader = Reader(path: path, folder: TestPaths.folder(of: path))
        let file = reader.file(json)
        guard reader.errors.isEmpty, let file else { return .failure(TestFileFaults(errors: reader.errors)) }
        return .success(file)
    }

    /// Walks the JSON of a test file, collecting every fault rather than stopping at the first.
    struct Reader {
        let path: String
        let folder: String
        var errors: [RecordFileError] = []

        mutating func fault(_ message: String, at value: JSONValue, _ jsonPath: String, code: DiagnosticCode = .invalidTestFile) {
            errors.append(RecordFileError(code, file: path, place: jsonPath, message: message,
                                          line: value.position.line, column: value.position.column))
        }

        func place(_ value: JSONValue, _ jsonPath: String) -> TestPlace {
            TestPlace(path: jsonPath, line: value.position.line, column: value.position.column)
        }

        /// The members of an object, after reporting any key outside `allowed`.
        mutating func members(_ value: JSONValue, _ jsonPath: String, allowed: [String], what: String) -> [String: JSONValue]? {
            guard case .object(let members, _) = value else {
                fault("\(what) must be an object, not \(value.kindName)", at: value, jsonPath)
                return nil
            }
            var byKey: [String: JSONValue] = [:]
            for member in members {
                if allowed.contains(member.key) {
                    byKey[member.key] = member.value
                } else {
                    let hint = Suggest.didYouMean(member.key, among: allowed).map { "; \($0)" } ?? ""
                    fault("\(what) has no key \"\(member.key)\" (it has \(Suggest.list(allowed)))\(hint)", at: member.value,
                          "\(jsonPath).\(member.key)")
                }
            }
            return byKey
        }

        mutating func text(_ value: JSONValue, _ jsonPath: String, what: String) -> String? {
            guard case .string(let text, _) = value else {
                fault("\(what) must be text, not \(value.kindName)", at: value, jsonPath)
                return nil
            }
            return text
        }

        mutating func texts(_ value: JSONValue, _ jsonPath: String, what: String) -> [Located<String>]? {
            guard case .array(let elements, _) = value else {
                fault("\(what) must be an array of text, not \(value.kindName)", at: value, jsonPath)
                return nil
            }
            var out: [Located<String>] = []
            for (index, element) in elements.enumerated() {
                let elementPath = "\(jsonPath)[\(index)]"
                if let text = text(element, elementPath, what: what) { out.append(Located(value: text, place: place(element, elementPath))) }
            }
            return out
        }

        // file -> { "rules"?: [PATH], "tests": [TEST] }
        mutating func file(_ json: JSONValue) -> TestFile? {
            guard let members = members(json, "$", allowed: ["rules", "tests"], what: "a test file") else { return nil }
            let rules = members["rules"].flatMap { texts($0, "$.rules", what: "`rules`") }
            guard let testsValue = members["tests"] else {
                fault("a test file needs \"tests\", an array of tests", at: json, "$")
                return nil
            }
            guard case .array(let elements, _) = testsValue else {
                fault("\"tests\" must be an array of tests, not \(testsValue.kindName)", at: testsValue, "$.tests")
                return nil
            }
            let tests = elements.enumerated().compactMap { index, element in test(element, "$.tests[\(index)]") }
            return TestFile(path: path, rules: rules.map { $0.map { TestPaths.join(folder, $0.value) } }, tests: tests)
        }

        // test -> { "name": TEXT, "records": [PATH], "as_of"?: DATE, "expect": { RECORD: EXPECTATION } }
        mutating func test(_ json: JSONValue, _ jsonPath: String) -> TestCase? {
            guard let members = members(json, jsonPath, allowed: ["name", "records", "as_of", "expect"], what: "a test") else { return nil }
            var complete = true
            for key in ["name", "records", "expect"] where members[key] == nil {
                fault("a test needs \"\(key)\"", at: json, jsonPath)
                complete = false
            }
            let name = members["name"].flatMap { text($0, "\(jsonPath).name", what: "a test's name") }
            let records = members["records"].flatMap { texts($0, "\(jsonPath).records", what: "`records`") }
            var asOf: CivilDate?
            if let value = members["as_of"], let text = text(value, "\(jsonPath).as_of", what: "`as_of`") {
                asOf = CivilDate(iso: text)
                if asOf == nil { fault(CivilDate.whyNotAnISODate(text, "`as_of`"), at: value, "\(jsonPath).as_of") }
            }
            var expectations: [RecordExpectation] = []
            if let expect = members["expect"] {
                if case .object(let entries, _) = expect {
                    for entry in entries {
                        let entryPath = "\(jsonPath).expect[\(TestPaths.quoted(entry.key))]"
                        if let expectation = recordExpectation(entry.key, entry.value, entryPath) { expectations.append(expectation) }
                    }
                } else {
                    fault("\"expect\" must be an object from record to expectation, not \(expect.kindName)", at: expect, "\(jsonPath).expect")
                }
            }
            guard complete, let name, let records else { return nil }
            return TestCase(name: name, records: records.map { Located(value: TestPaths.join(folder, $0.value), place: $0.place) },
                            asOf: asOf, expectations: expectations, place: place(json, jsonPath))
        }

        mutating func outcome(_ value: JSONValue, _ jsonPath: String) -> RuleVerdict.Outcome? {
            guard let word = text(value, jsonPath, what: "an outcome") else { return nil }
            guard let outcome = RuleVerdict.Outcome(rawValue: word) else {
                let names = ["pass", "fail", "not_applicable", "error"]
                let hint = Suggest.didYouMean(word, among: names).map { "; \($0)" } ?? ""
                fault("`\(word)` is not an outcome (\(Suggest.list(names)))\(hint)", at: value, jsonPath)
                return nil
            }
            return outcome
        }

        // EXPECTATION -> OUTCOME | { RULE: OUTCOME | { "outcome": OUTCOME, "messages"?: [TEXT], "notes"?: [TEXT] } }
        mutating func recordExpectation(_ record: String, _ json: JSONValue, _ jsonPath: String) -> RecordExpectation? {
            if case .string = json {
                return outcome(json, jsonPath).map { RecordExpectation(record: record, kind: .record($0), place: place(json, jsonPath)) }
            }
            guard case .object(let entries, _) = json else {
                fault("the expectation of a record is an outcome or an object from rule to outcome, not \(json.kindName)", at: json, jsonPath)
                return nil
            }
            var rules: [RuleExpectation] = []
            for entry in entries {
                let rulePath = "\(jsonPath).\(entry.key)"
                let rulePlace = TestPlace(path: rulePath, line: entry.value.position.line, column: entry.value.position.column)
                if case .string = entry.value {
                    if let outcome = outcome(entry.value, rulePath) {
                        rules.append(RuleExpectation(rule: entry.key, outcome: outcome, messages: nil, notes: nil, place: rulePlace))
                    }
                    continue
                }
                guard let members = members(entry.value, rulePath, allowed: ["outcome", "messages", "notes"], what: "a rule's expectation") else {
                    continue
                }
                guard let outcomeValue = members["outcome"] else {
                    fault("a rule's expectation needs \"outcome\"", at: entry.value, rulePath)
                    continue
                }
                let messages = members["messages"].flatMap { texts($0, "\(rulePath).messages", what: "`messages`") }
                let notes = members["notes"].flatMap { texts($0, "\(rulePath).notes", what: "`notes`") }
                if let outcome = outcome(outcomeValue, "\(rulePath).outcome") {
                    rules.append(RuleExpectation(rule: entry.key, outcome: outcome, messages: messages?.map(\.value),
                                                 notes: notes?.map(\.value), place: rulePlace))
                }
            }
            return RecordExpectation(record: record, kind: .rules(rules), place: place(json, jsonPath))
        }
    }
}

/// Paths as a test file names them: relative to its folder, joined without touching the disk.
public enum TestPaths {
    /// The folder of `path` (`.` for a bare name).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `relative` against `folder`, with `.` and `name/..` taken out, so that a path reads as
    /// the user would write it from where the command runs (`rules/tests/../meetings.charter`
    /// as `rules/meetings.charter`).
    public static func join(_ folder: String, _ relative: String) -> String {
        let combined = relative.hasPrefix("/") ? relative : (folder == "." ? relative : folder + "/" + relative)
        var parts: [Substring] = []
        for part in combined.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() } else if !combined.hasPrefix("/") { parts.append(part) }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if combined.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// A JSON path segment for a key: `"CR041"` with quotes and backslashes escaped.
    static func quoted(_ key: String) -> String {
        "\"" + key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
