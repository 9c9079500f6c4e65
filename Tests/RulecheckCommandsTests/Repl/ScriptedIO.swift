import CharterTestSupport
import Foundation
@testable import RulecheckCommands

/// A `TextIO` for REPL tests: fixed input lines, at a terminal or not, its own environment,
/// Ctrl-C stood for by a `PollCounter` made afresh for each input (as the terminal clears its
/// flag), and a look at a file each time a line is read, to see what a kill then would leave.
final class ScriptedIO: TextIO {
    private(set) var output = ""
    private(set) var errors = ""
    private var lines: [String]
    let isInteractive: Bool
    let environment: [String: String]
    let counter: PollCounter?
    /// The file looked at before each line is read, and what it held each time.
    var watched: String?
    private(set) var seen: [String?] = []

    init(_ input: [String], interactive: Bool = false, environment: [String: String] = [:], interruptAfter: Int? = nil) {
        lines = input
        isInteractive = interactive
        self.environment = environment
        counter = interruptAfter.map { PollCounter(interruptAfter: $0) }
    }

    func write(_ text: String) { output += text }
    func writeError(_ text: String) { errors += text }

    func readLine() -> String? {
        if let watched { seen.append(try? String(contentsOfFile: watched, encoding: .utf8)) }
        return lines.isEmpty ? nil : lines.removeFirst()
    }

    /// The earlier lines offered for recall at each prompt.
    private(set) var histories: [[String]] = []

    func readLine(prompt: String, history: [String]) -> String? {
        histories.append(history)
        if isInteractive { write(prompt) }
        return readLine()
    }

    func whileInterruptible<Result>(_ work: () -> Result) -> Result {
        counter?.reset()
        return work()
    }

    var interruption: (@Sendable () -> Bool)? { counter?.closure }
}
