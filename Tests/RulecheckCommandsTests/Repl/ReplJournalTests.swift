@testable import Charter
@testable import RulecheckCommands
import Foundation
import Testing

/// `ReplJournal`: the file a session's changes are written to as they are made, and reading
/// it back, a line cut short by a kill included.
@Suite("ReplJournal")
struct ReplJournalTests {
    static func inDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("repl-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    static let start = ReplJournal.Start(rules: ["/work/rules"], records: ["/work/crs.json"], typeName: "change_request",
                                         dateFormat: "dd/mm/yyyy", asOf: "2024-03-13")
    static let declarations = """
        rule freeze "Freeze — “relaxed” {on purpose}" {
          for change_request cr
          require cr.fixes_defect or cr.id == "CR2"
          else "{cr.id}\\tdoes not fix a defect"
        }
        """

    @Test func whatIsWrittenIsReadBack() throws {
        try Self.inDirectory { directory throws in
            let path = directory.appendingPathComponent("state/charter/s.journal").path
            let clock = Date(timeIntervalSince1970: 1_764_600_000)
            let journal = try ReplJournal.create(at: path, start: Self.start, now: { clock })
            let changes: [ReplChange] = [.declarations(Self.declarations), .load(["/work/more.csv", "--type", "meeting"]), .undo, .reset]
            for change in changes { try journal.append(change) }
            var contents = try #require(try ReplJournal.read(path))
            #expect(contents.start == Self.start)
            #expect(contents.changes == changes)
            #expect(!contents.finished)
            #expect(contents.lastWritten == clock)
            #expect(contents.unreadableLines == 0)
            try journal.finish()
            contents = try #require(try ReplJournal.read(path))
            #expect(contents.finished)
            // One line per entry: the header, four changes and the end.
            #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 6)
        }
    }

    @Test func aLastLineCutShortIsLeftOutAndCounted() throws {
        try Self.inDirectory { directory throws in
            let path = directory.appendingPathComponent("s.journal").path
            let journal = try ReplJournal.create(at: path, start: Self.start)
            try journal.append(.declarations("rule a { for change_request cr require true }"))
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(#"{"at":"2026-12-01T16:20:05Z","declarations":"rule b { for cha"#.utf8))
            try handle.close()
            let contents = try #require(try ReplJournal.read(path))
            #expect(contents.changes == [.declarations("rule a { for change_request cr require true }")])
            #expect(contents.unreadableLines == 1)
            #expect(!contents.finished)
        }
    }

    @Test func aJournalGoesOnAfterItsFinishedLineWhenResumed() throws {
        try Self.inDirectory { directory throws in
            let path = directory.appendingPathComponent("s.journal").path
            let journal = try ReplJournal.create(at: path, start: Self.start)
            try journal.finish()
            try journal.append(.undo)
            #expect(try ReplJournal.read(path)?.finished == false)
        }
    }

    @Test func noFileIsNoJournalAndAnotherFileIsAnError() throws {
        try Self.inDirectory { directory throws in
            let missing = directory.appendingPathComponent("none.journal").path
            #expect(try ReplJournal.read(missing) == nil)
            let other = directory.appendingPathComponent("notes.txt").path
            try "notes\n".write(toFile: other, atomically: true, encoding: .utf8)
            #expect(throws: ReplJournal.Problem.self) { try ReplJournal.read(other) }
        }
    }

    @Test func whatIfsInEffectCountUndosAndResets() {
        func count(_ changes: [ReplChange]) -> Int {
            ReplJournal.Contents(start: Self.start, changes: changes, finished: false, started: nil, lastWritten: nil,
                                 unreadableLines: 0).whatIfsInEffect
        }
        #expect(count([]) == 0)
        #expect(count([.declarations("a"), .load(["b"]), .declarations("c")]) == 3)
        #expect(count([.declarations("a"), .load(["b"]), .undo]) == 1)
        #expect(count([.declarations("a"), .reset, .declarations("c")]) == 1)
        #expect(count([.undo, .declarations("a")]) == 1)
    }

    @Test func theDefaultPathIsInTheStateDirectoryOnePerSetOfRules() throws {
        let xdg = try #require(ReplJournal.defaultPath(rules: ["/work/rules"], environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]))
        #expect(xdg.hasPrefix("/s/charter/repl-rules-") && xdg.hasSuffix(".journal"))
        let home = try #require(ReplJournal.defaultPath(rules: ["/work/rules"], environment: ["HOME": "/h"]))
        #expect(home.hasPrefix("/h/.local/state/charter/repl-rules-"))
        #expect(ReplJournal.defaultPath(rules: ["/work/rules"], environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]) == home)
        #expect(ReplJournal.defaultPath(rules: ["/work/rules"], environment: [:]) == nil)
        #expect(ReplJournal.defaultPath(rules: ["/work/rules"], environment: ["HOME": "/h"]) == home)
        #expect(ReplJournal.defaultPath(rules: ["/other/rules"], environment: ["HOME": "/h"]) != home)
        // The same in every run (not Swift's seeded hash): FNV-1a of the empty text.
        #expect(ReplJournal.hash("") == "cbf29ce484222325")
    }
}
