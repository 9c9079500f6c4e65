import Charter
@testable import RulecheckCommands
import Foundation
import Testing

/// `--color auto|always|never` against where the streams go and `NO_COLOR`, through whole
/// command runs: `auto` colours a terminal only, and never past `NO_COLOR` or `TERM=dumb`.
@Suite struct ColorChoiceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let escape = "\u{1B}["

    /// `check` of a failing change request with `arguments` before the files, its standard
    /// output and standard error.
    func check(_ arguments: [String], environment: [String: String] = [:], outputIsTerminal: Bool,
               errorIsTerminal: Bool = false, rules: String = "rules") -> (output: String, errors: String) {
        let io = CapturedIO(environment: environment)
        io.outputIsTerminal = outputIsTerminal
        io.errorIsTerminal = errorIsTerminal
        let files = [Self.root.appendingPathComponent("examples/change_requests/CR041.json").path]
        _ = Driver.run(arguments: ["check", "--rules", Self.root.appendingPathComponent(rules).path] + arguments + files, io: io)
        return (io.output, io.errors)
    }

    @Test func autoColoursATerminal() {
        let output = check([], outputIsTerminal: true).output
        #expect(output.contains(Self.escape + "1;31mFAIL" + Self.escape + "0m  CR041"))
    }

    @Test func autoLeavesAPipePlain() {
        #expect(!check([], outputIsTerminal: false).output.contains(Self.escape))
        #expect(!check(["--color", "auto"], outputIsTerminal: false).output.contains(Self.escape))
    }

    @Test func noColorTurnsAutoOff() {
        #expect(!check([], environment: ["NO_COLOR": "1"], outputIsTerminal: true).output.contains(Self.escape))
        #expect(!check([], environment: ["TERM": "dumb"], outputIsTerminal: true).output.contains(Self.escape))
    }

    @Test func anEmptyNoColorCountsAsUnset() {
        #expect(check([], environment: ["NO_COLOR": ""], outputIsTerminal: true).output.contains(Self.escape))
    }

    @Test func alwaysAndNeverDecideWhateverTheStream() {
        #expect(check(["--color", "always"], environment: ["NO_COLOR": "1"], outputIsTerminal: false).output.contains(Self.escape))
        #expect(!check(["--color", "never"], outputIsTerminal: true).output.contains(Self.escape))
    }

    @Test func jsonIsNeverColoured() {
        let output = check(["--color", "always", "--format", "json"], outputIsTerminal: true).output
        #expect(!output.contains(Self.escape))
        #expect((try? JSONSerialization.jsonObject(with: Data(output.utf8))) != nil)
    }

    /// Each stream is judged by itself: the diagnostics of rules with errors go to standard
    /// error, coloured only when it is the terminal.
    @Test func eachStreamIsJudgedAlone() {
        let rules = "Tests/GoldenTests/Cases/cli/lint_every_stage"
        let toTerminal = check([], outputIsTerminal: false, errorIsTerminal: true, rules: rules)
        #expect(toTerminal.errors.contains(Self.escape + "1;31merror[P002]"))
        let toFile = check([], outputIsTerminal: true, errorIsTerminal: false, rules: rules)
        #expect(toFile.errors.contains("error[P002]") && !toFile.errors.contains(Self.escape))
    }

    @Test func lintColoursDiagnosticsOnATerminal() {
        let io = CapturedIO()
        io.outputIsTerminal = true
        let path = Self.root.appendingPathComponent("Tests/GoldenTests/Cases/cli/lint_every_stage").path
        _ = Driver.run(arguments: ["lint", path], io: io)
        #expect(io.output.contains(Self.escape + "1;31m^" ))
        #expect(!io.errors.contains(Self.escape), "the summary on standard error, not a terminal here, stays plain")
    }
}
