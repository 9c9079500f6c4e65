@testable import RulecheckCommands
import CharterTestSupport
import Foundation
import Testing

/// Ctrl-C during an evaluation at `rulecheck repl`, stood for by a `ScriptedIO` whose
/// interruption says yes after a few polls: the input stops, says `interrupted`, and the
/// session reads the next one.
@Suite("REPL command interruption")
struct ReplCommandInterruptionTests {
    /// `[0, 1, …, count - 1]`, for quantifiers that take a while.
    static func numbers(_ count: Int) -> String { "[" + (0..<count).map(String.init).joined(separator: ", ") + "]" }

    /// About 160,000 steps: forty polls of the interruption.
    static let expensive = "all a in \(numbers(400)): all b in \(numbers(400)): a + b >= 0"

    @Test func anInterruptedExpressionSaysSoAndTheSessionGoesOn() throws {
        let workspace = try ReplWorkspace()
        defer { workspace.remove() }
        let io = ScriptedIO([Self.expensive, "count(cr in change_requests)", Self.expensive], interruptAfter: 3)
        let status = Driver.run(arguments: ["repl", "--rules", workspace.rules, workspace.records], io: io)
        #expect(status == Driver.ExitStatus.success)
        #expect(io.output == """
            rulecheck repl: 2 rules, 2 records (`change_requests`); :help for commands
            interrupted
            2  : number
            interrupted

            """)
    }

    @Test func anInputThatFinishesBeforeTheInterruptionIsNotAffected() throws {
        let workspace = try ReplWorkspace()
        defer { workspace.remove() }
        let io = ScriptedIO([Self.expensive], interruptAfter: 1_000)
        _ = Driver.run(arguments: ["repl", "--rules", workspace.rules, workspace.records], io: io)
        #expect(io.output.hasSuffix("true  : bool\n"))
    }
}
