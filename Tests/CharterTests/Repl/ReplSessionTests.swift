@testable import Charter
import CharterTestSupport
import Foundation
import Testing

/// `ReplSession`: a session over a rulebook and records in a temporary directory.
@Suite("ReplSession")
struct ReplSessionTests {
    typealias Workspace = ReplWorkspace

    /// Runs `body` with a session started on a fresh workspace, then removes the workspace.
    static func session(sourceLocation: SourceLocation = #_sourceLocation,
                        _ body: (ReplSession, Workspace) throws -> Void) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let (session, banner) = ReplSession.start(rulePaths: [workspace.rules], recordPaths: [workspace.records])
        try body(try #require(session, "the session does not start: \(banner)", sourceLocation: sourceLocation), workspace)
    }

    static let relaxedFreeze = ReplWorkspace.relaxedFreeze

    // MARK: Starting

    @Test func theBannerCountsRulesAndRecords() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let (session, banner) = ReplSession.start(rulePaths: [workspace.rules], recordPaths: [workspace.records])
        #expect(session != nil)
        #expect(banner == "rulecheck repl: 2 rules, 2 records (`change_requests`); :help for commands\n")
    }

    @Test func theBannerSaysOneRuleInTheSingular() throws {
        let workspace = try Workspace(rules: processRulebook)
        defer { workspace.remove() }
        let (_, banner) = ReplSession.start(rulePaths: [workspace.rules], recordPaths: [workspace.records])
        #expect(banner.hasPrefix("rulecheck repl: 1 rule, 2 records"))
    }

    @Test func rulesWithErrorsDoNotStartASession() throws {
        let workspace = try Workspace(rules: processRulebook + "rule broken { for change_request cr require cr.nope }\n")
        defer { workspace.remove() }
        let (session, banner) = ReplSession.start(rulePaths: [workspace.rules], recordPaths: [workspace.records])
        #expect(session == nil)
        #expect(banner.contains("error[T003]"))
        #expect(banner.hasSuffix("the rules have errors; fix them and start again\n"))
    }

    @Test func recordsThatDoNotLoadDoNotStartASession() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let broken = try workspace.write("broken.json", "{ \"type\": \"change_request\", ")
        let (session, banner) = ReplSession.start(rulePaths: [workspace.rules], recordPaths: [broken])
        #expect(session == nil)
        #expect(banner.hasSuffix("the records do not load; fix them and start again\n"))
    }

    // MARK: Expressions

    @Test func anExpressionIsEvaluatedOverTheRecords() throws {
        try Self.session { session, _ in
            #expect(session.handle("count(cr in change_requests)") == "2  : number\n")
            #expect(session.handle("count(cr in change_requests where cr.outcome == fail)") == "1  : number\n")
            #expect(session.handle("all cr in change_requests: \"freeze\" in cr.failed") == "false  : bool\n")
            #expect(session.handle("2024-03-27 + 10 working days") == "2024-04-12  : date\n")
        }
    }

    @Test func anExpressionWithAnErrorIsReportedAndTheSessionGoesOn() throws {
        try Self.session { session, _ in
            #expect(session.handle("count(cr in change_request)").contains("error[N014]"))
            #expect(session.handle("1 + \"one\"").contains("error[T002]"))
            #expect(session.handle("1 2").contains("error[P002]"))
            #expect(session.handle("count(cr in change_requests)") == "2  : number\n")
        }
    }

    @Test func blankInputAndCommentsShowNothing() throws {
        try Self.session { session, _ in
            #expect(session.handle("   \n").isEmpty)
            #expect(session.handle("# a comment").isEmpty)
            #expect(session.history.isEmpty, "nothing was entered")
            _ = session.handle("1 + 1")
            #expect(session.history == ["1 + 1"])
        }
    }

    // MARK: Redefinitions and undo

    @Test func aRedefinitionSaysWhatChanges() throws {
        try Self.session { session, _ in
            let out = session.handle(Self.relaxedFreeze)
            #expect(out == """
                redefined rule freeze
                1 record changes from before:
                  CR2: freeze fail → pass; process cc: route changes

                """)
            #expect(session.handle("count(cr in change_requests where cr.outcome == fail)") == "0  : number\n")
        }
    }

    @Test func diffSaysWhatChangedSinceTheStart() throws {
        try Self.session { session, _ in
            #expect(session.handle(":diff") == "no outcome, route or deadline changes since the session started\n")
            _ = session.handle(Self.relaxedFreeze)
            let diff = session.handle(":diff")
            #expect(diff.hasPrefix("CR2 (change_request)\n  rule freeze: fail → pass\n  process cc:\n"))
            #expect(diff.contains("    route:      raise → assess → rejected\n             →  raise → assess → review → decision → approved\n"))
            #expect(diff.hasSuffix("2 records: 1 changed, 1 unchanged\n"))
        }
    }

    @Test func undoTakesBackTheLastChange() throws {
        try Self.session { session, _ in
            _ = session.handle(Self.relaxedFreeze)
            #expect(session.handle(":undo") == """
                undone
                1 record changes from before:
                  CR2: freeze pass → fail; process cc: route changes

                """)
            #expect(session.handle("count(cr in change_requests where cr.outcome == fail)") == "1  : number\n")
            #expect(session.handle(":diff") == "no outcome, route or deadline changes since the session started\n")
            #expect(session.handle(":undo") == "nothing to undo\n")
        }
    }

    @Test func undoGoesBackOneChangeAtATime() throws {
        try Self.session { session, _ in
            _ = session.handle(Self.relaxedFreeze)
            #expect(session.handle("rule extra { for change_request cr require cr.id != \"CR1\" }").hasPrefix("added rule extra\n"))
            #expect(session.handle("count(cr in change_requests where cr.outcome == fail)") == "1  : number\n")
            _ = session.handle(":undo")
            #expect(session.handle("count(cr in change_requests where cr.outcome == fail)") == "0  : number\n")
            _ = session.handle(":undo")
            #expect(session.handle("count(cr in change_requests where cr.outcome == fail)") == "1  : number\n")
        }
    }

    @Test func aPartialProcessRedefinitionChangesRoutes() throws {
        try Self.session { session, _ in
            let out = session.handle("""
                process cc {
                  for change_request cr
                  step assess by Board decides -> review | rejected
                }
                """)
            #expect(out == """
                redefined step assess of process cc
                1 record changes from before:
                  CR2: process cc: route changes

                """)
        }
    }

    @Test func aRedefinitionWithErrorsChangesNothing() throws {
        try Self.session { session, _ in
            let out = session.handle("rule freeze { for change_request cr require cr.nope }")
            #expect(out.contains("error[T003]"))
            #expect(out.hasSuffix("no change: the rules would have errors\n"))
            #expect(session.handle(":undo") == "nothing to undo\n")
            #expect(session.handle("count(cr in change_requests where cr.outcome == fail)") == "1  : number\n")
        }
    }

    @Test func resetGoesBackToTheStart() throws {
        try Self.session { session, _ in
            #expect(session.handle(":reset") == "nothing to reset\n")
            _ = session.handle(Self.relaxedFreeze)
            _ = session.handle("rule extra { for change_request cr require cr.id != \"CR1\" }")
            #expect(session.handle(":reset").hasPrefix("reset to the rules and records the session started with\n"))
            #expect(session.handle(":diff") == "no outcome, route or deadline changes since the session started\n")
            #expect(session.handle(":undo") == "nothing to undo\n")
        }
    }

    // MARK: Commands

    @Test func loadingAWhatIfFileRedefinesTheRules() throws {
        try Self.session { session, workspace in
            let path = try workspace.write("what-if.charter", Self.relaxedFreeze)
            #expect(session.handle(":load \(path)").hasPrefix("redefined rule freeze\n1 record changes from before:\n"))
            #expect(session.handle(":undo").hasPrefix("undone\n"))
        }
    }

    @Test func loadingRecordsAddsThem() throws {
        try Self.session { session, workspace in
            let path = try workspace.write("more.json", changeRequestJSON("CR3", fixesDefect: false, history: []))
            #expect(session.handle(":load \(path)").hasPrefix("loaded 1 record\n"))
            #expect(session.handle("count(cr in change_requests)") == "3  : number\n")
            #expect(session.handle(":records") == "CR1  change_request  pass\nCR2  change_request  fail\nCR3  change_request  fail\n")
        }
    }

    @Test func aFileThatDoesNotLoadChangesNothing() throws {
        try Self.session { session, workspace in
            let broken = try workspace.write("broken.json", "[")
            #expect(session.handle(":load \(broken)").hasSuffix("no change: the records do not load\n"))
            #expect(session.handle(":load \(workspace.root.path)/missing.json").hasSuffix("no change: the records do not load\n"))
            #expect(session.handle("count(cr in change_requests)") == "2  : number\n")
            #expect(session.handle(":undo") == "nothing to undo\n")
        }
    }

    @Test func anUnknownCommandSuggestsTheClosest() throws {
        try Self.session { session, _ in
            #expect(session.handle(":undoo") == "error: there is no command `:undoo`; did you mean `:undo`?\n")
            #expect(session.handle(":xyzzy") == "error: there is no command `:xyzzy`; :help lists the commands\n")
        }
    }

    @Test func quitEndsTheSession() throws {
        try Self.session { session, _ in
            #expect(!session.finished)
            #expect(session.handle(":quit") == "")
            #expect(session.finished)
        }
    }
}
