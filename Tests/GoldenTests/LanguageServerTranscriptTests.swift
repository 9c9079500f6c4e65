import Foundation
import RulecheckCommands
import Testing

/// Language server transcripts: every `Cases/lsp/<name>.jsonrpc` holds one JSON-RPC message a
/// line (`{dir}` stands for the case's folder, so `file://{dir}/<name>.rules` is its rulebook);
/// each is framed and given to a `LanguageServer`, and what it sends back, one message a line
/// after its header, with the exit status, is compared with `<name>.golden`.
/// `RECORD_GOLDEN=1` re-records, and a missing golden is recorded and fails.
struct TranscriptCase: CustomTestStringConvertible, Sendable {
    let name: String

    static let directory = GoldenCase.root.appendingPathComponent("lsp")

    var testDescription: String { "lsp/\(name)" }
    var input: URL { Self.directory.appendingPathComponent(name + ".jsonrpc") }
    var golden: URL { Self.directory.appendingPathComponent(name + ".golden") }

    static func all() -> [TranscriptCase] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".jsonrpc") }.map { TranscriptCase(name: String($0.dropLast(8))) }
            .sorted { $0.name < $1.name }
    }

    func run() throws -> String {
        let dir = Self.directory.standardizedFileURL.path
        let text = try String(contentsOf: input, encoding: .utf8).replacingOccurrences(of: "{dir}", with: dir)
        var stream: [UInt8] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("//") {
            stream += Array("Content-Length: \(line.utf8.count)\r\n\r\n".utf8) + Array(line.utf8)
        }
        let (output, status) = LanguageServer().serve(stream)
        return output.replacingOccurrences(of: "\r\n\r\n", with: "\n").replacingOccurrences(of: "}Content-Length", with: "}\nContent-Length")
            .replacingOccurrences(of: dir, with: "{dir}") + "\n--- exit \(status)\n"
    }
}

@Suite struct LanguageServerTranscriptTests {
    @Test(arguments: TranscriptCase.all())
    func matchesGolden(_ testCase: TranscriptCase) throws {
        let actual = try testCase.run()
        let record = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"
        guard !record, let expected = try? String(contentsOf: testCase.golden, encoding: .utf8) else {
            try actual.write(to: testCase.golden, atomically: true, encoding: .utf8)
            Issue.record("recorded \(testCase.golden.lastPathComponent); review it and run again")
            return
        }
        #expect(actual == expected, "\(testCase.testDescription) differs from its golden file")
    }

    @Test func thereAreTranscripts() {
        #expect(TranscriptCase.all().count >= 2)
    }
}
