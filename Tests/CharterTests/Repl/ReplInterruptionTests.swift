@testable import Charter
import CharterTestSupport
import Foundation
import Testing

/// Ctrl-C during an evaluation, stood for by an interruption closure that says yes after a
/// few polls: the input stops, says `interrupted`, and leaves the session as it was. (At
/// `rulecheck repl`: `ReplCommandInterruptionTests` in RulecheckCommandsTests.)
@Suite("REPL interruption")
struct ReplInterruptionTests {
    typealias Workspace = ReplSessionTests.Workspace

    /// `[0, 1, …, count - 1]`, for quantifiers that take a while.
    static func numbers(_ count: Int) -> String { "[" + (0..<count).map(String.init).joined(separator: ", ") + "]" }

    /// About 22,500 steps per record.
    static let heavyRule = "rule heavy { for change_request cr require all a in \(numbers(150)): all b in \(numbers(150)): a + b >= 0 }"

    /// A session whose interruption is `counter`, for inputs one by one.
    static func session(_ workspace: Workspace, _ counter: PollCounter) throws -> ReplSession {
        let (session, banner) = ReplSession.start(rulePaths: [workspace.rules], recordPaths: [workspace.records],
                                                  limits: EvaluationLimits(interrupted: counter.closure))
        return try #require(session, "the session does not start: \(banner)")
    }

    @Test func anInterruptedRedefinitionChangesNothing() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let counter = PollCounter(interruptAfter: 2)
        let session = try Self.session(workspace, counter)
        #expect(session.handle(Self.heavyRule) == "interrupted; no change\n")
        #expect(session.changes.isEmpty)
        counter.reset()
        #expect(!session.handle(":rules").contains("heavy"))
        #expect(session.handle(":undo") == "nothing to undo\n")
    }

    @Test func outcomesCutShortByAnInterruptionDoNotStay() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let counter = PollCounter(interruptAfter: .max)
        let session = try Self.session(workspace, counter)
        #expect(session.handle(Self.heavyRule).hasPrefix("added rule heavy\n"))
        let records = session.handle(":records")
        counter.threshold = 2
        counter.reset()
        // `outcome` needs every rule on every record: the interruption comes while they evaluate.
        #expect(session.handle("count(cr in change_requests where cr.outcome == error)") == "interrupted\n")
        counter.reset()
        #expect(session.handle(":records") == "interrupted\n")
        counter.threshold = .max
        #expect(session.handle(":records") == records)
        #expect(session.handle("count(cr in change_requests where cr.outcome == error)") == "0  : number\n")
        #expect(session.changes == [.declarations(Self.heavyRule)])
    }
}
