@testable import RulecheckCommands
import Foundation
import Testing

/// `rulecheck fmt` on files: what it writes, and what it leaves alone.
@Suite struct FmtCommandTests {
    /// A new temporary folder holding `files` (name to text).
    func folder(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    func text(_ directory: URL, _ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func rewritesWhatIsNotFormattedAndThenChecksClean() throws {
        let directory = try folder(["a.charter": "role  A \"a\"\n", "b.charter": "role B \"b\"\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["fmt", directory.path], io: io) == 0)
        #expect(io.output.isEmpty && io.errors.isEmpty)
        #expect(try text(directory, "a.charter") == "role A \"a\"\n")
        #expect(try text(directory, "b.charter") == "role B \"b\"\n")
        let check = CapturedIO()
        #expect(Driver.run(arguments: ["fmt", "--check", directory.path], io: check) == 0)
        #expect(check.output.isEmpty)
        // No temporary file is left beside the rewritten one.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["a.charter", "b.charter"])
    }

    @Test func checkWritesNothing() throws {
        let directory = try folder(["a.charter": "role  A \"a\"\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["fmt", "--check", directory.path], io: io) == 1)
        #expect(io.output == directory.appendingPathComponent("a.charter").path + "\n")
        #expect(try text(directory, "a.charter") == "role  A \"a\"\n")
    }

    @Test func aFileThatDoesNotParseStopsEveryWrite() throws {
        let directory = try folder(["a.charter": "role  A \"a\"\n", "b.charter": "rule r {\n  require\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["fmt", directory.path], io: io) == 2)
        #expect(io.errors.contains("b.charter:"))
        #expect(io.errors.contains("nothing formatted"))
        #expect(try text(directory, "a.charter") == "role  A \"a\"\n")
        #expect(try text(directory, "b.charter") == "rule r {\n  require\n")
    }

    @Test func aFileThatIsNotTextIsRefused() throws {
        let directory = try folder([:])
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("a.charter")
        try Data([0x72, 0x6F, 0x6C, 0x65, 0x00, 0x41]).write(to: file)
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["fmt", directory.path], io: io) == 2)
        #expect(try Data(contentsOf: file) == Data([0x72, 0x6F, 0x6C, 0x65, 0x00, 0x41]))
    }

    @Test func unknownOptionIsAUsageError() {
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["fmt", "--width", "80"], io: io) == 2)
        #expect(io.errors.contains("rulecheck fmt:"))
    }
}
