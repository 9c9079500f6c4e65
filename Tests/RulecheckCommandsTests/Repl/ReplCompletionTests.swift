import Charter
import CharterTestSupport
import Foundation
import Testing
@testable import RulecheckCommands

/// Tab in the REPL: what `ReplCompletion` offers for a line, a cursor and a session, and how
/// the line editor puts it in the line.
@Suite("REPL completion")
struct ReplCompletionTests {
    /// Runs `body` with a session on a fresh workspace (rules `freeze` and `titled`, records
    /// CR1 and CR2, process `cc`), then removes the workspace.
    static func session(_ body: (ReplSession, ReplWorkspace) throws -> Void) throws {
        let workspace = try ReplWorkspace()
        defer { workspace.remove() }
        let (session, banner) = ReplSession.start(rulePaths: [workspace.rules], recordPaths: [workspace.records])
        try body(try #require(session, "the session does not start: \(banner)"), workspace)
    }

    /// The completion of `line` with the cursor at its end (or at `|` when it holds one).
    static func complete(_ line: String, pending: String = "", in session: ReplSession,
                         directory: String = "/") -> LineCompletion {
        let cursor = line.firstIndex(of: "|").map { line.distance(from: line.startIndex, to: $0) } ?? line.count
        return ReplCompletion.complete(line: line.replacingOccurrences(of: "|", with: ""), cursor: cursor, pending: pending,
                                       session: session, directory: directory)
    }

    // MARK: Commands and their arguments

    @Test func commandsAfterAColon() throws {
        try Self.session { session, _ in
            #expect(Self.complete(":s", in: session) == LineCompletion(range: 0..<2, candidates: [":save", ":show"]))
            #expect(Self.complete(":und", in: session).candidates == [":undo"])
            #expect(Self.complete(":", in: session).candidates == ReplSession.commandNames.sorted())
            #expect(Self.complete(":zz", in: session).candidates.isEmpty)
        }
    }

    @Test func recordIdsRulesAndGroupsAfterTheirCommands() throws {
        try Self.session { session, _ in
            #expect(Self.complete(":show C", in: session) == LineCompletion(range: 6..<7, candidates: ["CR1", "CR2"]))
            #expect(Self.complete(":check ", in: session) == LineCompletion(range: 7..<7, candidates: ["CR1", "CR2"]))
            #expect(Self.complete(":explain CR1 fr", in: session) == LineCompletion(range: 13..<15, candidates: ["freeze"]))
            #expect(Self.complete(":explain CR1 freeze ", in: session).candidates.isEmpty)
            #expect(Self.complete(":load --ty", in: session).candidates == ["--type"])
            #expect(Self.complete(":load --type change", in: session).candidates == ["change_request"])
        }
    }

    @Test func filePathsAfterLoadAndSave() throws {
        try Self.session { session, workspace in
            _ = try workspace.write("crs-more.json", "[]")
            _ = try workspace.write(".hidden", "")
            let root = workspace.root.path
            #expect(Self.complete(":load cr", in: session, directory: root).candidates == ["crs-more.json", "crs.json"])
            #expect(Self.complete(":load ru", in: session, directory: root).candidates == ["rules/"])
            #expect(Self.complete(":load rules/", in: session, directory: root).candidates == ["rules/rules.charter"])
            #expect(Self.complete(":save \(root)/crs.", in: session).candidates == ["\(root)/crs.json"])
            #expect(Self.complete(":load .h", in: session, directory: root).candidates == [".hidden"])
            #expect(!Self.complete(":load ", in: session, directory: root).candidates.contains(".hidden"))
            #expect(Self.complete(":load nowhere/x", in: session, directory: root).candidates.isEmpty)
        }
    }

    // MARK: Names and fields

    @Test func namesOfThePromptAndTheRulebook() throws {
        try Self.session { session, _ in
            #expect(Self.complete("count(change", in: session).candidates == ["change_request", "change_requests"])
            #expect(Self.complete("fre", in: session) == LineCompletion(range: 0..<3, candidates: ["freeze"]))
            #expect(Self.complete("tod", in: session).candidates == ["today"])
            #expect(Self.complete("not_a", in: session).candidates == ["not_applicable"])
            #expect(Self.complete("cou", in: session).candidates.contains("count"))
        }
    }

    @Test func fieldsOfWhatTheCheckerTypesBeforeTheDot() throws {
        try Self.session { session, _ in
            let fields = Self.complete("count(cr in change_requests where cr.", in: session).candidates
            #expect(fields.contains("fixes_defect"))
            #expect(fields.contains("outcome"))
            #expect(fields.contains("failed"))
            #expect(Self.complete("all c in change_requests: c.fix", in: session).candidates == ["fixes_defect"])
            #expect(Self.complete("change_requests.fix", in: session).candidates == ["fixes_defect"])
            // A text has no fields: every record's are offered instead.
            #expect(Self.complete("\"a\".fix", in: session).candidates == ["fixes_defect"])
        }
    }

    @Test func fieldsInsideABlockBeingTyped() throws {
        try Self.session { session, _ in
            let pending = "rule r {\n  for change_request x"
            #expect(Self.complete("  require x.fix", pending: pending, in: session).candidates == ["fixes_defect"])
            #expect(Self.complete("  req", pending: pending, in: session).candidates == ["require"])
            #expect(Self.complete("  require x", pending: pending, in: session).candidates == ["x"])
            let process = "process q {\n  for change_request cr\n  step one by PMO -> two\n  step two by Board decides check fr"
            #expect(Self.complete("  step two by Board decides check fr", pending: "process q {\n  for change_request cr",
                                  in: session).candidates == ["freeze"])
            #expect(Self.complete("  step three by PMO -> t", pending: process, in: session).candidates == ["three", "two"])
            // Outside a process being typed, the steps of every process.
            #expect(Self.complete("step a by PMO -> rev", in: session).candidates == ["review"])
        }
    }

    @Test func theFieldsOfAnExpressionAsTheSessionTypesThem() throws {
        try Self.session { session, _ in
            let input = "count(cr in change_requests where cr.x"
            let dot = input.utf8.count - 2
            let fields = try #require(session.fields(beforeDotAt: dot, in: input))
            #expect(fields.contains("fixes_defect") && fields.contains("outcome"))
            #expect(session.fields(beforeDotAt: 0, in: input) == nil)
            #expect(session.fields(beforeDotAt: 2, in: "1 .x") == nil)
        }
    }

    // MARK: The line editor

    /// An editor completing from a fixed list, the line typed in.
    static func editor(_ typed: String, candidates: [String]) -> LineEditor {
        var editor = LineEditor(history: []) { line, cursor in
            let word = String(line.prefix(cursor).reversed().prefix { $0.isLetter || $0 == "_" || $0 == ":" }.reversed())
            return LineCompletion(range: cursor - word.count..<cursor, candidates: candidates.filter { $0.hasPrefix(word) })
        }
        for character in typed { _ = editor.apply(.insert(character)) }
        return editor
    }

    @Test func oneCandidateIsInserted() {
        var editor = Self.editor("count(cha", candidates: ["change_requests", "meetings"])
        #expect(editor.apply(.tab) == .editing)
        #expect(editor.buffer.text == "count(change_requests")
        #expect(editor.buffer.cursor == 21)
    }

    @Test func severalInsertTheirCommonPrefixThenASecondTabListsThem() {
        var editor = Self.editor(":s", candidates: [":save", ":show", ":sit"])
        #expect(editor.apply(.tab) == .editing)
        #expect(editor.buffer.text == ":s")
        #expect(editor.apply(.tab) == .list([":save", ":show", ":sit"]))
        var prefixed = Self.editor("ch", candidates: ["change_a", "change_b"])
        #expect(prefixed.apply(.tab) == .editing)
        #expect(prefixed.buffer.text == "change_")
        #expect(prefixed.apply(.tab) == .list(["change_a", "change_b"]))
        // Another key in between: the next Tab starts again.
        _ = prefixed.apply(.left)
        _ = prefixed.apply(.right)
        #expect(prefixed.apply(.tab) == .editing)
    }

    @Test func tabIndentsAtTheStartOfALineOrWithoutACompleter() {
        var editor = Self.editor("  ", candidates: ["x"])
        _ = editor.apply(.tab)
        #expect(editor.buffer.text == "      ")
        var plain = LineEditor(history: [])
        _ = plain.apply(.insert("a"))
        _ = plain.apply(.tab)
        #expect(plain.buffer.text == "a    ")
    }

    @Test func aTabPastedAmongOtherTextIndents() {
        var editor = Self.editor("count(cha", candidates: ["change_requests"])
        #expect(editor.feed(0x09, typedAhead: true) == [.editing])
        #expect(editor.buffer.text == "count(cha    ")
        var typed = Self.editor("count(cha", candidates: ["change_requests"])
        #expect(typed.feed(0x09) == [.editing])
        #expect(typed.buffer.text == "count(change_requests")
    }

    @Test func aCompletionAwayFromTheCursorChangesNothing() {
        var line = LineBuffer()
        for character in "abc" { _ = line.apply(.insert(character)) }
        #expect(line.complete(LineCompletion(range: 0..<1, candidates: ["abcdef"]), listing: true) == nil)
        #expect(line.text == "abc")
        #expect(line.complete(LineCompletion(range: 0..<3, candidates: []), listing: true) == nil)
        #expect(line.complete(LineCompletion(range: 0..<3, candidates: ["abcd"]), listing: true) == nil)
        #expect(line.text == "abcd")
    }

    @Test func listingInColumns() {
        let completion = LineCompletion(range: 0..<0, candidates: ["a", "bbb", "cc", "d"])
        #expect(completion.listing(width: 13) == "a    bbb  cc\nd\n")
        #expect(completion.listing(width: 12) == "a    bbb\ncc   d\n")
        #expect(completion.listing(width: 2) == "a\nbbb\ncc\nd\n")
        let paths = LineCompletion(range: 0..<0, candidates: ["ex/cr/CR1.json", "ex/cr/CR2.json", "ex/cr/more/"])
        #expect(paths.listing(width: 80) == "CR1.json  CR2.json  more/\n")
        let mixed = LineCompletion(range: 0..<0, candidates: ["ex/a", "ex/b/", "ex2"])
        #expect(mixed.listing(width: 80) == "ex/a   ex/b/  ex2\n")
        let one = LineCompletion(range: 0..<0, candidates: ["ex/a"])
        #expect(one.listing(width: 80) == "ex/a\n")
    }
}
