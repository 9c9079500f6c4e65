import Charter

/// Standard output for a command run with `--format json`: whatever happens, it is one JSON
/// document. A command that cannot give its report (a usage error, rules or records that cannot
/// be used) reports why as diagnostics, and the driver writes `{"diagnostics": [...]}` when the
/// command wrote nothing else. Standard error still gets the prose, as without `--format json`.
final class JSONOutcomeIO: TextIO {
    let base: TextIO
    /// Whether the command wrote its own document to standard output.
    private(set) var wroteOutput = false
    /// Diagnostics the command reported while failing, in order, as JSON objects.
    private(set) var failures: [JSON] = []
    /// The `rulecheck COMMAND: …` lines written to standard error, for failures that report no
    /// diagnostic of their own.
    private var errorLines: [String] = []
    private let prefix: String

    init(_ base: TextIO, command: String) {
        self.base = base
        prefix = "rulecheck \(command): "
    }

    /// Whether `arguments` ask for JSON (`--format json` or `--format=json`, before `--`).
    static func asksForJSON(_ arguments: [String]) -> Bool {
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { return false }
            if argument == "--format=json" { return true }
            if argument == "--format", index + 1 < arguments.count, arguments[index + 1] == "json" { return true }
        }
        return false
    }

    /// Records diagnostics (already JSON, as `DiagnosticJSON` gives them) for the document.
    func report(_ diagnostics: [JSON]) { failures += diagnostics }

    /// A failure with no place: a usage error (`U001`) or another reason the command stopped (`U002`).
    static func diagnostic(_ code: DiagnosticCode, _ message: String, help: String? = nil) -> JSON {
        .object([("severity", .string("error")), ("code", .string(code.id)), ("message", .string(message)),
                 ("location", .null), ("help", .optional(help)), ("notes", .array([]))])
    }

    /// Writes the failure document when the command wrote nothing to standard output.
    func finish() {
        guard !wroteOutput else { return }
        var diagnostics = failures
        if diagnostics.isEmpty {
            diagnostics = errorLines.map { Self.diagnostic(.commandFailed, $0) }
        }
        if diagnostics.isEmpty {
            diagnostics = [Self.diagnostic(.commandFailed, "the command gave no report")]
        }
        base.write(JSON.object([("diagnostics", .array(diagnostics))]).rendered() + "\n")
    }

    func write(_ text: String) {
        wroteOutput = true
        base.write(text)
    }

    func write(utf8 bytes: ArraySlice<UInt8>) {
        wroteOutput = true
        base.write(utf8: bytes)
    }

    func writeError(_ text: String) {
        for line in text.split(separator: "\n") where line.hasPrefix(prefix) {
            errorLines.append(String(line.dropFirst(prefix.count)))
        }
        base.writeError(text)
    }

    func readLine() -> String? { base.readLine() }
    func readStandardInput() -> [UInt8] { base.readStandardInput() }
    var isInteractive: Bool { base.isInteractive }
    var outputIsTerminal: Bool { base.outputIsTerminal }
    var errorIsTerminal: Bool { base.errorIsTerminal }
    func readLine(prompt: String, history: [String]) -> String? { base.readLine(prompt: prompt, history: history) }
    func readInput(prompt: String, history: [String]) -> LineInput { base.readInput(prompt: prompt, history: history) }
    func whileInterruptible<Result>(_ work: () -> Result) -> Result { base.whileInterruptible(work) }
    var interruption: (@Sendable () -> Bool)? { base.interruption }
    var environment: [String: String] { base.environment }
}

extension TextIO {
    /// Reports `diagnostics` for the JSON failure document, when the command was asked for JSON.
    func reportForJSON(_ diagnostics: @autoclosure () -> [JSON]) {
        (self as? JSONOutcomeIO)?.report(diagnostics())
    }
}

extension JSON {
    /// The elements of an array; any other value as the one element.
    var elements: [JSON] {
        if case .array(let elements) = self { return elements }
        return [self]
    }
}
