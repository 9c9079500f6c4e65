import Foundation
import RulecheckCommands
import Testing

/// `:save FILE` writes the session's what-ifs so that `rulecheck diff --after FILE` gives what
/// the session's `:diff` gave: the same records changed, in the same words.
@Suite struct ReplSaveTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var records: [String] {
        ["CR039", "CR040", "CR041", "CR042", "CR043"].map { root.appendingPathComponent("examples/change_requests/\($0).json").path }
    }

    /// The report of `:diff` in a session given `declarations`, after `:save` to a new file,
    /// and the report of `diff --after` that file.
    func roundTrip(_ declarations: String) throws -> (session: String, diff: String, saved: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("what-if.charter").path
        let rules = ["--rules", Self.root.appendingPathComponent("rules").path]
        let marker = "--- diff"
        let session = CapturedIO(input: declarations + "\n:save \(path)\n# \(marker)\n:diff\n")
        _ = Driver.run(arguments: ["repl"] + rules + Self.records, io: session)
        #expect(session.output.contains("saved the what-ifs to"), "\(session.output)")
        let saved = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
        let diff = CapturedIO()
        let status = Driver.run(arguments: ["diff"] + rules + ["--after", path] + Self.records, io: diff)
        #expect(status == 1, "\(diff.errors)")
        let afterSave = session.output.components(separatedBy: "compares them with the rules\n").last ?? ""
        return (afterSave, diff.output, saved)
    }

    @Test func diffAfterTheSavedFileReproducesTheSession() throws {
        let result = try roundTrip("""
            rule change_freeze "Change Freeze (what if only defect fixes count)" {
              for change_request cr
              require cr.fixes_defect
              else "{cr.id} does not fix a defect in the design"
            }
            rule has_target_release "Every change names its release" {
              for change_request cr
              require cr.target_release is given
            }
            """)
        #expect(!result.session.isEmpty)
        #expect(result.session == result.diff)
        #expect(result.saved.hasPrefix("# What-ifs of a `rulecheck repl` session"))
    }

    /// A rule redefined twice is saved as both definitions, in order; laid over the rules the
    /// later one stands, as in the session.
    @Test func aRedefinitionRedefinedAgainSavesWhatStands() throws {
        let result = try roundTrip("""
            rule change_freeze "first" {
              for change_request cr
              require cr.fixes_defect
            }
            rule change_freeze "second" {
              for change_request cr
              require cr.critical_to_m10
            }
            """)
        #expect(result.session == result.diff)
    }

    @Test func aPathThatCannotBeWrittenKeepsTheSession() {
        let io = CapturedIO(input: """
            rule change_freeze "x" {
              for change_request cr
              require cr.fixes_defect
            }
            :save /nonexistent-folder/what-if.charter
            count(change_requests)
            :rules
            """)
        let status = Driver.run(arguments: ["repl", "--rules", Self.root.appendingPathComponent("rules").path] + Self.records, io: io)
        #expect(status == 0)
        #expect(io.output.contains("error: cannot write `/nonexistent-folder/what-if.charter`"))
        #expect(io.output.contains("change_freeze  for change_request  \"x\""), "the session went on with its what-if")
    }
}
