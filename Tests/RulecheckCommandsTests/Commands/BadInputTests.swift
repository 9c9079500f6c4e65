@testable import Charter
@testable import RulecheckCommands
import Foundation
import Testing

/// Hostile input of every kind gets diagnostics and a non-zero exit, never a crash or a hang.
@Suite struct BadInputTests {
    /// Writes `bytes` to a temporary rule file and lints it.
    func lint(_ bytes: [UInt8]) throws -> (status: Int32, errors: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("input.charter")
        try Data(bytes).write(to: file)
        let io = CapturedIO()
        let status = Driver.run(arguments: ["lint", file.path], io: io)
        return (status, io.output + io.errors)
    }

    func lint(_ text: String) throws -> (status: Int32, errors: String) { try lint(Array(text.utf8)) }

    @Test func emptyFile() throws {
        let result = try lint("")
        #expect(result.status == 1)
        #expect(result.errors.contains("error[P014]"))
    }

    @Test func binaryBytes() throws {
        let result = try lint([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0xFF])
        #expect(result.status == 1)
        #expect(result.errors.contains("error[L010]"))
    }

    @Test func invalidUTF8() throws {
        let result = try lint(Array("role a \"caf".utf8) + [0xE9] + Array("\"\n".utf8))
        #expect(result.status == 1)
        #expect(result.errors.contains("input.charter:1:12: error[L001]"))
    }

    @Test func tenMegabytes() throws {
        let line = "role r \"a role with a long title to fill the file quickly\"\n"
        let text = String(repeating: line, count: 10_000_000 / line.utf8.count + 1)
        let result = try lint(text + "rule")
        #expect(result.status == 1)
        #expect(result.errors.contains("error[P004]"))
    }

    @Test func fileOverTheSizeLimit() throws {
        let result = try lint([UInt8](repeating: UInt8(ascii: "#"), count: RulebookLoader.maxFileBytes + 1))
        #expect(result.status == 1)
        #expect(result.errors.contains("error[L009]"))
    }

    @Test func tenThousandNestedParentheses() throws {
        let deep = String(repeating: "(", count: 10_000) + "true" + String(repeating: ")", count: 10_000)
        let result = try lint("rule r { for t x require \(deep) }\nrule s { for t x require \(deep) }")
        #expect(result.status == 1)
        #expect(result.errors.components(separatedBy: "error[P009]").count == 3)
    }

    @Test func longOperatorChainsAndNotChains() throws {
        let chain = Array(repeating: "a", count: 10_000).joined(separator: " + ")
        let nots = String(repeating: "not ", count: 10_000) + "a"
        let fields = "a" + String(repeating: ".b", count: 10_000)
        let result = try lint("rule r { for t x require \(chain) }\nrule s { for t x require \(nots) }\nrule u { for t x require \(fields) }")
        #expect(result.status == 1)
        #expect(result.errors.components(separatedBy: "error[P009]").count == 4)
    }

    @Test func nestedInterpolations() throws {
        let text = String(repeating: "\"{", count: 50) + "x" + String(repeating: "}\"", count: 50)
        let result = try lint("rule r { for t x require true else \(text) }")
        #expect(result.status == 1)
        #expect(result.errors.contains("error[P009]"))
    }

    @Test func unterminatedTextAndBlock() throws {
        let text = try lint("role a \"Senior Responsible Owner\nrole b")
        #expect(text.status == 1)
        #expect(text.errors.contains("error[L003]"))
        let block = try lint("group A {\n  level 2\n")
        #expect(block.status == 1)
        #expect(block.errors.contains("error[P003]"))
        #expect(block.errors.contains("opens here"))
    }

    @Test func datesThatDoNotExist() throws {
        let result = try lint("charter \"x\" { holiday 2024-02-30 }")
        #expect(result.status == 1)
        #expect(result.errors.contains("February 2024 has 29 days"))
    }

    @Test func numbersTooLargeForSixtyFourBits() throws {
        let result = try lint("level 92233720368547758070")
        #expect(result.status == 1)
        #expect(result.errors.contains("error[L007]"))
    }

    @Test func keywordUsedAsAName() throws {
        let result = try lint("group rule \"x\" { level 2 }")
        #expect(result.status == 1)
        #expect(result.errors.contains("error[P005]"))
    }

    @Test func tabsAndCRLFLineEndings() throws {
        let clean = try lint("level 1 \"a\"\r\nlevel 2 \"b\"\r\ngroup B { level 1 }\r\ngroup A {\r\n\tlevel 2\r\n\treports_to B\r\n}\r\n")
        #expect(clean.status == 0)
        let broken = try lint("group A {\r\n\tlevl 2\r\n}\r\n")
        #expect(broken.status == 1)
        #expect(broken.errors.contains("input.charter:2:2: error[P007]"))
        #expect(broken.errors.contains("  2 |     levl 2\n    |     ^^^^\n"))
    }

    @Test func missingPathIsAUsageError() {
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["lint", "/no/such/rules"], io: io) == 2)
        #expect(io.errors.contains("no such file or directory"))
    }
}
