@testable import Charter
@testable import RulecheckCommands
import CharterTestSupport
import Foundation
import Testing

/// `rulecheck repl` with its journal: what a session writes as it goes, what a kill leaves,
/// the banner's offer, and `--resume`. The state directory is a temporary HOME, never the real one.
@Suite("REPL journal and resume")
struct ReplResumeTests {
    typealias Workspace = ReplWorkspace

    static let relaxed = ReplWorkspace.relaxedFreeze.split(separator: "\n").map(String.init)

    /// Runs `rulecheck repl` on the workspace with `input`; HOME is the workspace.
    static func repl(_ workspace: Workspace, _ input: [String], interactive: Bool = true, extra: [String] = [],
                     watch: Bool = false) -> ScriptedIO {
        let io = ScriptedIO(input, interactive: interactive, environment: ["HOME": workspace.root.path])
        if watch { io.watched = journalPath(workspace) }
        _ = Driver.run(arguments: ["repl", "--rules", workspace.rules] + extra + [workspace.records], io: io)
        return io
    }

    static func resume(_ workspace: Workspace, _ input: [String], interactive: Bool = true) -> ScriptedIO {
        let io = ScriptedIO(input, interactive: interactive, environment: ["HOME": workspace.root.path])
        _ = Driver.run(arguments: ["repl", "--resume", "--rules", workspace.rules], io: io)
        return io
    }

    static func journalPath(_ workspace: Workspace) -> String? {
        ReplJournal.defaultPath(rules: [URL(fileURLWithPath: workspace.rules).standardizedFileURL.path],
                                environment: ["HOME": workspace.root.path])
    }

    static func journal(_ workspace: Workspace) throws -> ReplJournal.Contents? {
        guard let path = journalPath(workspace) else { return nil }
        return try ReplJournal.read(path)
    }

    @Test func eachChangeIsInTheJournalBeforeTheNextInputIsRead() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let io = Self.repl(workspace, Self.relaxed + [":undo", "count(cr in change_requests)"], watch: true)
        #expect(io.errors == "")
        // Before the first input nothing is written; after the declaration, it is there.
        #expect(io.seen.first == .some(nil))
        let afterDeclaration = try #require(io.seen.last(where: { $0?.contains("\"declarations\"") == true }) ?? nil)
        #expect(afterDeclaration.contains("Freeze (relaxed)"))
        let contents = try #require(try Self.journal(workspace))
        #expect(contents.changes == [.declarations(ReplWorkspace.relaxedFreeze), .undo])
        #expect(contents.finished)
        #expect(contents.start.records == [URL(fileURLWithPath: workspace.records).standardizedFileURL.path])
    }

    @Test func pipedInputLeavesNoJournalUnlessOneIsNamed() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        _ = Self.repl(workspace, Self.relaxed, interactive: false)
        #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent(".local").path))
        let named = workspace.root.appendingPathComponent("named.journal").path
        _ = Self.repl(workspace, Self.relaxed, interactive: false, extra: ["--journal", named])
        #expect(try ReplJournal.read(named)?.changes == [.declarations(ReplWorkspace.relaxedFreeze)])
    }

    /// A session killed after two changes: its journal as the kill left it, without `finished`.
    static func killedSession(_ workspace: Workspace) throws -> String {
        let titled = "rule titled { for change_request cr require cr.title != \"x\" }"
        let io = Self.repl(workspace, Self.relaxed + [titled, ":rules"], watch: true)
        let path = try #require(Self.journalPath(workspace))
        let beforeTheEnd = try #require(io.seen.last ?? nil)
        try beforeTheEnd.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aNewSessionOffersTheUnfinishedOneAndLeavesItUntilItChangesSomething() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let path = try Self.killedSession(workspace)
        let unfinished = try String(contentsOfFile: path, encoding: .utf8)
        let io = Self.repl(workspace, ["count(cr in change_requests)", ":quit"])
        #expect(io.output.contains("note: a session of these rules was cut short on "))
        #expect(io.output.contains(" with 2 what-ifs; quit and run `rulecheck repl --resume --rules \(workspace.rules)` to restore them, before changing anything here\n"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == unfinished)
        // The first change here starts this session's own journal.
        _ = Self.repl(workspace, [":load \(workspace.records)"])
        #expect(try Self.journal(workspace)?.changes.count == 1)
    }

    @Test func resumingRestoresTheWhatIfsAndGoesOnInTheSameJournal() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        _ = try Self.killedSession(workspace)
        let io = Self.resume(workspace, [":rules", ":undo", ":rules"])
        #expect(io.errors == "")
        #expect(io.output.contains("resumed the session of "))
        #expect(io.output.contains(" with 2 what-ifs:\n  redefined rule freeze\n  redefined rule titled\n"))
        #expect(io.output.contains("freeze  for change_request  \"Freeze (relaxed)\""))
        let contents = try #require(try Self.journal(workspace))
        #expect(contents.changes.count == 3)
        #expect(contents.changes.last == .undo)
        #expect(contents.finished)
        // Resumed again: the first what-if alone is in effect.
        let again = Self.resume(workspace, [":diff"])
        #expect(again.output.contains(" with 1 what-if:\n  redefined rule freeze\n"))
    }

    @Test func resumingWithNothingToResumeSaysSo() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let io = Self.resume(workspace, [])
        #expect(io.errors.hasPrefix("rulecheck repl: there is no session to resume: no journal at `\(workspace.root.path)/.local/state/charter/repl-rules-"))
        let noHome = ScriptedIO([], interactive: true)
        #expect(Driver.run(arguments: ["repl", "--resume"], io: noHome) == Driver.ExitStatus.unusable)
        #expect(noHome.errors == "rulecheck repl: there is no journal to resume: neither XDG_STATE_HOME nor HOME is set; give `--journal FILE`\n")
    }

    @Test func aSecondSessionLeavesTheJournalOfOneStillRunning() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let path = try #require(Self.journalPath(workspace))
        let start = ReplJournal.Start(rules: [workspace.rules], records: [workspace.records])
        // The first session, still running: it holds its journal open.
        let running = try ReplJournal.create(at: path, start: start)
        try running.append(.declarations(ReplWorkspace.relaxedFreeze))
        let kept = try String(contentsOfFile: path, encoding: .utf8)
        let io = Self.repl(workspace, Self.relaxed)
        #expect(io.output.contains("note: another session of these rules is running and keeping `\(path)`; this one keeps no journal unless given `--journal FILE`\n"))
        #expect(!io.output.contains("cut short"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == kept)
        let resumed = Self.resume(workspace, [])
        #expect(resumed.errors == "rulecheck repl: the session of the journal `\(path)` is still running; end it before resuming it\n")
        #expect(ReplJournal.isInUse(path))
        try running.append(.undo)
        #expect(try ReplJournal.read(path)?.changes.count == 2)
    }

    @Test func aJournalThatCannotBeWrittenIsSaidOnceAndTheSessionGoesOn() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        // A file where the journal's directory would be.
        let blocked = workspace.root.appendingPathComponent("blocked").path
        try "".write(toFile: blocked, atomically: true, encoding: .utf8)
        let io = Self.repl(workspace, Self.relaxed + [":undo", "count(cr in change_requests)"],
                           extra: ["--journal", blocked + "/s.journal"])
        #expect(io.errors == "note: the session's journal cannot be written (cannot make the directory `\(blocked)`); the session goes on without one\n")
        #expect(io.output.contains("2  : number"))
    }
}
