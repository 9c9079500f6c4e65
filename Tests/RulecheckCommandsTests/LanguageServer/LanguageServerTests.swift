import Charter
import Foundation
@testable import RulecheckCommands
import Testing

@Suite struct LanguageServerTests {
    /// A folder holding `files`, removed when `body` returns.
    private func withRulebook<T>(_ files: [String: String], _ body: (String) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lsp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return try body(directory.standardizedFileURL.path)
    }

    private func send(_ server: LanguageServer, _ message: String) -> [String] {
        server.receive(Array(message.utf8)).map { $0.rendered(pretty: false) }
    }

    private func initialize(_ server: LanguageServer, root: String) -> [String] {
        send(server, #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"\#(LanguageServer.uri(ofPath: root))"}}"#)
    }

    private static let records = "record expense {\n  id: text\n  amount: number\n  approved: bool\n}\n"
    private static let rule = "rule small {\n  for expense e\n  require e.approved\n  else \"no\"\n}\n"

    // MARK: - Incremental changes

    private func change(_ text: String, _ startLine: Int, _ startCharacter: Int, _ endLine: Int, _ endCharacter: Int,
                        _ replacement: String) throws -> String {
        let json = #"{"range":{"start":{"line":\#(startLine),"character":\#(startCharacter)},"end":{"line":\#(endLine),"character":\#(endCharacter)}},"text":"\#(replacement)"}"#
        guard case .success(let change) = JSONReader.parse(Array(json.utf8)) else {
            Issue.record("bad test JSON")
            return text
        }
        return try LanguageServer.applying([change], to: text)
    }

    @Test func changesCountUTF16CodeUnits() throws {
        // `é` is one code unit, `😀` two: `x` stands at character 4 of the first line.
        #expect(try change("é😀 x\nnext", 0, 4, 0, 5, "y") == "é😀 y\nnext")
        #expect(try change("é😀 x\nnext", 1, 0, 1, 4, "last") == "é😀 x\nlast")
    }

    @Test func positionInsideASurrogatePairRoundsDownToItsStart() throws {
        #expect(try change("a😀b", 0, 2, 0, 2, "-") == "a-😀b")
    }

    @Test func positionPastTheLineEndStandsAtItsEnd() throws {
        #expect(try change("ab\ncd", 0, 99, 0, 99, "!") == "ab!\ncd")
        #expect(try change("ab\ncd", 7, 0, 9, 0, "!") == "ab\ncd!")
    }

    @Test func changesApplyInTurnAndWholeTextReplaces() throws {
        guard case .success(let changes) = JSONReader.parse(Array(#"[{"text":"abc"},{"range":{"start":{"line":0,"character":1},"end":{"line":0,"character":2}},"text":"X"}]"#.utf8)),
              let list = changes.arrayValue else {
            Issue.record("bad test JSON")
            return
        }
        #expect(try LanguageServer.applying(list, to: "old") == "aXc")
    }

    // MARK: - Lifecycle and diagnostics

    @Test func exitAfterShutdownIsZeroAndWithoutItOne() {
        let clean = LanguageServer(rules: [])
        _ = send(clean, #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#)
        _ = send(clean, #"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)
        _ = send(clean, #"{"jsonrpc":"2.0","method":"exit"}"#)
        #expect(clean.exitStatus == 0)
        let abrupt = LanguageServer(rules: [])
        #expect(abrupt.exitStatus == nil)
        _ = send(abrupt, #"{"jsonrpc":"2.0","method":"exit"}"#)
        #expect(abrupt.exitStatus == 1)
    }

    @Test func diagnosticsFollowTheEditorsTextAndAreClearedWhenFixed() throws {
        try withRulebook(["records.charter": Self.records, "rules.charter": Self.rule]) { root in
            let server = LanguageServer()
            let opened = initialize(server, root: root)
            #expect(opened.count == 3)
            #expect(opened.allSatisfy { !$0.contains("\"severity\"") })
            let uri = LanguageServer.uri(ofPath: root + "/rules.charter")
            let broken = send(server, #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","version":1,"text":"rule small {\n  for expense e\n  require e.aproved\n  else \"no\"\n}\n"}}}"#)
            let published = broken.filter { $0.contains(uri) }
            #expect(published.count == 1)
            #expect(published.first?.contains(#""code":"T003""#) == true)
            #expect(published.first?.contains(#""start":{"line":2,"character":12}"#) == true)
            let fixed = send(server, #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri)","version":2},"contentChanges":[{"range":{"start":{"line":2,"character":13},"end":{"line":2,"character":13}},"text":"p"}]}}"#)
            #expect(fixed.filter { $0.contains(uri) } == [#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"\#(uri)","diagnostics":[]}}"#])
        }
    }

    @Test func diagnosticsMatchLint() throws {
        try withRulebook(["records.charter": Self.records, "rules.charter": "rule r {\n  for expense e\n  require e.amount > 1 and e.aproved\n  else \"x\"\n}\nrule r {\n  for expense e\n  require true\n  else \"y\"\n}\n"]) { root in
            var loaded = RulebookLoader().load(paths: [root])
            loaded.check()
            let server = LanguageServer(rules: [root])
            let published = initialize(server, root: root).joined()
            #expect(!loaded.diagnostics.isEmpty)
            for diagnostic in loaded.diagnostics {
                #expect(published.contains(#""code":"\#(diagnostic.code.id)""#))
                #expect(published.contains(diagnostic.message.replacingOccurrences(of: "\"", with: "\\\"")))
                for note in diagnostic.notes where note.span != nil {
                    #expect(published.contains(note.message), "note `\(note.message)` missing")
                }
            }
        }
    }

    @Test func renameReachesEveryFile() throws {
        try withRulebook(["records.charter": Self.records, "rules.charter": Self.rule]) { root in
            let server = LanguageServer()
            _ = initialize(server, root: root)
            let uri = LanguageServer.uri(ofPath: root + "/records.charter")
            let reply = send(server, #"{"jsonrpc":"2.0","id":2,"method":"textDocument/rename","params":{"textDocument":{"uri":"\#(uri)"},"position":{"line":0,"character":8},"newName":"claim"}}"#)
            #expect(reply.count == 1)
            #expect(reply.first?.contains("records.charter") == true)
            #expect(reply.first?.contains("rules.charter") == true)
            #expect(reply.first?.components(separatedBy: #""newText":"claim""#).count == 3)
        }
    }

    @Test func completionContextFromTheTextBefore() {
        func context(_ text: String) -> NameCompletion.Context {
            NameCompletion.context(before: text.utf8.count, in: Array(text.utf8))
        }
        #expect(context("require cr.") == .field)
        #expect(context("require cr.sta") == .field)
        #expect(context("decides check ") == .rule)
        #expect(context("decides check change_f") == .rule)
        #expect(context("by PMO -> ") == .step)
        #expect(context("by PMO ->rev") == .step)
        #expect(context("  requ") == .clause(NameCompletion.clauses[""] ?? []))
        #expect(context("rule r \"a {b}\" { # {\n  for x y\n  req") == .clause(NameCompletion.clauses["rule"] ?? []))
        #expect(context("group g {\n  meets monthly {\n  }\n  ") == .clause(NameCompletion.clauses["group"] ?? []))
        #expect(context("group g {\n  seat s {\n    ") == .anywhere)
        #expect(context("rule r {\n  require a and ") == .anywhere)
    }

    @Test func suggestionIsReadFromHelp() {
        #expect(LanguageServer.suggestion(in: "did you mean `chair`?") == "chair")
        #expect(LanguageServer.suggestion(in: "declare it first") == nil)
        #expect(LanguageServer.suggestion(in: nil) == nil)
    }

    // MARK: - Scale

    @Test func tenMegabyteDocumentIsCheckedAndTheServerGoesOn() throws {
        let server = LanguageServer(rules: [])
        _ = send(server, #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#)
        // Mostly comments, so that the test measures reading and indexing, not 10 MB of rules.
        let line = "# a line of commentary, as long as most lines of a rulebook are\\n"
        let count = 10 * 1024 * 1024 / line.utf8.count
        let text = "record expense { amount: number }\\n" + String(repeating: line, count: count)
            + "rule r { for expense e require e.amount > 0 else \\\"x\\\" }\\n"
        let uri = LanguageServer.uri(ofPath: FileManager.default.temporaryDirectory.path + "/big-\(UUID().uuidString).charter")
        let opened = send(server, #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","version":1,"text":"\#(text)"}}}"#)
        #expect(opened.contains { $0.contains("publishDiagnostics") && $0.contains(uri) })
        let reply = send(server, #"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(uri)"},"position":{"line":\#(count + 1),"character":21}}}"#)
        #expect(reply.first?.contains("subject variable `e`") == true)
    }

    /// The MHHS rulebook re-checked after an edit. The bound is generous (a shared, debug-built
    /// machine); the figure measured on a release build is in the README.
    @Test func recheckOfTheMHHSRulebookAfterAnEdit() throws {
        let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules").standardizedFileURL.path
        let server = LanguageServer(rules: [rules])
        let first = initialize(server, root: rules)
        #expect(first.count >= 5)
        #expect(first.allSatisfy { !$0.contains("\"severity\":1") })
        let path = rules + "/groups.charter"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let uri = LanguageServer.uri(ofPath: path)
        let escaped = String(data: try JSONSerialization.data(withJSONObject: [text]), encoding: .utf8) ?? "[]"
        _ = send(server, #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","version":1,"text":\#(escaped.dropFirst().dropLast())}}}"#)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            _ = send(server, #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri)","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"\n"}]}}"#)
        }
        #expect(elapsed < .milliseconds(1000), "re-checking took \(elapsed)")
    }

    // MARK: - Formatting

    @Test func formattingReplacesTheWholeDocumentWithFmtsLayout() throws {
        try withRulebook(["records.charter": Self.records, "rules.charter": Self.rule]) { root in
            let server = LanguageServer()
            _ = initialize(server, root: root)
            let uri = LanguageServer.uri(ofPath: root + "/rules.charter")
            let messy = #"rule small {\n for   expense e\n      require e.approved\n  else \"no ✓\"\n}"#
            _ = send(server, #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","version":1,"text":"\#(messy)"}}}"#)
            let request = #"{"jsonrpc":"2.0","id":7,"method":"textDocument/formatting","params":{"textDocument":{"uri":"\#(uri)"},"options":{"tabSize":2,"insertSpaces":true}}}"#
            let edits = send(server, request)
            // The end of the document: line 4, after its one character.
            let range = #""range":{"start":{"line":0,"character":0},"end":{"line":4,"character":1}}"#
            #expect(edits == [#"{"jsonrpc":"2.0","id":7,"result":[{\#(range),"newText":"rule small {\n  for expense e\n  require e.approved\n  else \"no ✓\"\n}\n"}]}"#])
            // Formatted, the document needs no edit.
            _ = send(server, #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri)","version":2},"contentChanges":[{"text":"rule small {\n  for expense e\n  require e.approved\n  else \"no ✓\"\n}\n"}]}}"#)
            #expect(send(server, request) == [#"{"jsonrpc":"2.0","id":7,"result":[]}"#])
            // A document that does not parse is not formatted.
            _ = send(server, #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri)","version":3},"contentChanges":[{"text":"rule small {"}]}}"#)
            let refused = send(server, request)
            #expect(refused.count == 1)
            #expect(refused.first?.contains(#""code":-32803"#) == true)
            #expect(refused.first?.contains("does not parse") == true)
        }
    }
}
