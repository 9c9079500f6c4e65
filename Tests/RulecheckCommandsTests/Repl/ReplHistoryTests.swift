@testable import RulecheckCommands
import Foundation
import Testing

/// The REPL's history outlives the session: at a terminal every input is added to a file in
/// the user's state directory, and the next session offers them for recall.
@Suite struct ReplHistoryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func session(_ input: [String], interactive: Bool = true, environment: [String: String]) -> ScriptedIO {
        let io = ScriptedIO(input, interactive: interactive, environment: environment)
        let record = Self.root.appendingPathComponent("examples/change_requests/CR041.json").path
        _ = Driver.run(arguments: ["repl", "--rules", Self.root.appendingPathComponent("rules").path, record], io: io)
        return io
    }

    func temporaryHome() throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("charter-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return home
    }

    @Test func theNextSessionRecallsTheInputsOfTheLast() throws {
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let block = ["rule change_freeze \"x\" {", "  for change_request cr", "  require cr.fixes_defect", "}"]
        _ = session(["count(change_requests)"] + block + [":quit"], environment: ["HOME": home.path])
        let file = home.appendingPathComponent(".local/state/charter/repl_history").path
        #expect(FileManager.default.fileExists(atPath: file))
        let next = session([":quit"], environment: ["HOME": home.path])
        #expect(next.histories.first == ["count(change_requests)", block.joined(separator: "\n"), ":quit"])
    }

    @Test func anEnvironmentVariableNamesTheFileAndPipedInputKeepsNoneWithoutIt() throws {
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        _ = session(["count(change_requests)"], interactive: false, environment: ["HOME": home.path])
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent(".local/state/charter/repl_history").path))
        let named = home.appendingPathComponent("elsewhere/history").path
        _ = session(["count(change_requests)"], interactive: false, environment: ["HOME": home.path, "CHARTER_REPL_HISTORY": named])
        #expect(ReplHistory(path: named).read() == ["count(change_requests)"])
    }

    @Test func linesThatAreNotEntriesAreLeftOut() throws {
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let path = home.appendingPathComponent("history").path
        try Data("\"one\"\nnot json\n\"tw".utf8).write(to: URL(fileURLWithPath: path))
        #expect(ReplHistory(path: path).read() == ["one"])
        #expect(ReplHistory(path: path + "/missing").read().isEmpty)
    }
}
