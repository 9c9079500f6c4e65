@testable import Charter
import CharterTestSupport
import Foundation
import Testing

/// `ReplSession.replay`: the changes of one session made again in a new one give the same
/// rules, records and undo history.
@Suite("ReplSession.replay")
struct ReplReplayTests {
    typealias Workspace = ReplSessionTests.Workspace

    static func start(_ workspace: Workspace) throws -> ReplSession {
        let (session, banner) = ReplSession.start(rulePaths: [workspace.rules], recordPaths: [workspace.records])
        return try #require(session, "the session does not start: \(banner)")
    }

    @Test func theSameChangesGiveTheSameSession() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let more = try workspace.write("more.json", "[" + changeRequestJSON("CR3", fixesDefect: false, history: []) + "]")
        let first = try Self.start(workspace)
        _ = first.handle(ReplSessionTests.relaxedFreeze)
        _ = first.handle(":load \(more)")
        _ = first.handle("rule titled { for change_request cr require cr.title == \"x\" }")
        _ = first.handle(":undo")
        _ = first.handle("count(cr in change_requests)")
        #expect(first.changes == [.declarations(ReplSessionTests.relaxedFreeze), .load([more]),
                                  .declarations("rule titled { for change_request cr require cr.title == \"x\" }"), .undo])

        let second = try Self.start(workspace)
        let report = second.replay(first.changes)
        #expect(report.failures.isEmpty)
        #expect(report.whatIfs == [["redefined rule freeze"], ["loaded 1 record"]])
        #expect(second.changes == first.changes)
        for input in [":rules", ":records", "count(cr in change_requests where cr.outcome == fail)", ":diff"] {
            #expect(second.handle(input) == first.handle(input), "\(input)")
        }
        for _ in 0..<3 {
            #expect(second.handle(":undo") == first.handle(":undo"))
        }
        #expect(second.history.contains(ReplSessionTests.relaxedFreeze))
    }

    @Test func aChangeThatFailsNowStillLinesUpTheUndos() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let session = try Self.start(workspace)
        let gone = workspace.root.appendingPathComponent("gone.json").path
        let report = session.replay([.declarations(ReplSessionTests.relaxedFreeze), .load([gone]), .undo])
        #expect(report.failures.map(\.change) == [.load([gone])])
        #expect(report.failures.first?.said.contains("no change: the records do not load") == true)
        // The :undo took back the :load that failed, so the redefinition stays.
        #expect(report.whatIfs == [["redefined rule freeze"]])
        #expect(session.handle(":rules").contains("\"Freeze (relaxed)\""))
    }

    @Test func aChangeSaysWhatItIsInAFewWords() {
        #expect(ReplChange.declarations("\n  # why\n  rule a { for change_request cr require true }\n").summary
                == "rule a { for change_request cr require true }")
        #expect(ReplChange.declarations("rule " + String(repeating: "x", count: 80)).summary.count == 60)
        #expect(ReplChange.load(["/a.json", "--type", "meeting"]).summary == ":load /a.json --type meeting")
        #expect(ReplChange.undo.summary == ":undo")
    }
}
