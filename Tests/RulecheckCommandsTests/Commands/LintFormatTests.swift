@testable import Charter
@testable import RulecheckCommands
import Foundation
import Testing

/// `rulecheck lint --format json|sarif`: machine-readable results on standard output, the
/// summary on standard error, and SARIF's required fields present.
@Suite struct LintFormatTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func lint(_ arguments: [String], text: String) throws -> (status: Int32, io: CapturedIO, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("in put.charter")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let io = CapturedIO()
        let status = Driver.run(arguments: ["lint"] + arguments + [file.path], io: io)
        return (status, io, file.path)
    }

    static let broken = "rule r \"t\" {\n  for change_request cr\n  require cr.nope\n}\n"

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func sarifHasEveryRequiredField() throws {
        let result = try lint(["--rules", Self.repository.appendingPathComponent("rules").path, "--format", "sarif"], text: Self.broken)
        #expect(result.status == 1)
        #expect(result.io.errors.hasSuffix("0 warnings\n"))
        let log = try object(result.io.output)
        // sarifLog: version and runs are required.
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        // run: tool, whose driver (a toolComponent) requires a name.
        let tool = try #require(runs[0]["tool"] as? [String: Any])
        let driver = try #require(tool["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "rulecheck")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        // result: message (with text) is required; a ruleIndex points into the driver's rules,
        // whose descriptors require an id.
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        for entry in results {
            let message = try #require(entry["message"] as? [String: Any])
            #expect(!(try #require(message["text"] as? String)).isEmpty)
            #expect(["error", "warning", "note", "none"].contains(entry["level"] as? String ?? ""))
            let index = try #require(entry["ruleIndex"] as? Int)
            #expect(rules.indices.contains(index))
            #expect(rules[index]["id"] as? String == entry["ruleId"] as? String)
            let locations = try #require(entry["locations"] as? [[String: Any]])
            let physical = try #require(locations.first?["physicalLocation"] as? [String: Any])
            let artifact = try #require(physical["artifactLocation"] as? [String: Any])
            let uri = try #require(artifact["uri"] as? String)
            #expect(uri.hasSuffix("in%20put.charter"))
            let region = try #require(physical["region"] as? [String: Any])
            #expect(region["startLine"] as? Int == 3)
            #expect((region["startColumn"] as? Int ?? 0) >= 1)
            #expect((region["endColumn"] as? Int ?? 0) > (region["startColumn"] as? Int ?? 0))
        }
    }

    @Test func jsonOnStandardOutputWithTheCounts() throws {
        let result = try lint(["--format", "json"], text: "role A \"a\"\nrole A \"b\"\n")
        #expect(result.status == 1)
        let document = try object(result.io.output)
        #expect(document["files"] as? Int == 1)
        #expect((document["errors"] as? Int ?? 0) >= 1)
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == (document["errors"] as? Int ?? -1) + (document["warnings"] as? Int ?? -1))
        #expect(result.io.errors.hasPrefix("1 file, ") && result.io.errors.hasSuffix(" 0 warnings\n"))
    }

    @Test func aCleanRulebookInEveryFormat() throws {
        for format in ["text", "human", "plain", "json", "sarif"] {
            let io = CapturedIO()
            #expect(Driver.run(arguments: ["lint", "--format", format, Self.repository.appendingPathComponent("rules").path], io: io) == 0)
            #expect(io.errors == "5 files, 0 errors, 0 warnings\n")
            if format == "json" || format == "sarif" { _ = try object(io.output) } else { #expect(io.output.isEmpty) }
        }
    }

    @Test func aWhatIfAloneIsNotTheWhatIfOverTheRules() throws {
        let whatIf = Self.repository.appendingPathComponent("examples/what-if/march-2024/after.charter").path
        let alone = CapturedIO()
        #expect(Driver.run(arguments: ["lint", whatIf], io: alone) == 1)
        let over = CapturedIO()
        #expect(Driver.run(arguments: ["lint", "--rules", Self.repository.appendingPathComponent("rules").path, whatIf], io: over) == 0)
        #expect(over.output.isEmpty)
    }

    @Test func rulesWithoutFilesIsAUsageError() {
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["lint", "--rules", "rules"], io: io) == 2)
        #expect(io.errors.contains("lint --rules PATH FILE"))
    }
}
