import Foundation
import RulecheckCommands
import Testing

/// Language server transcripts: every `Cases/lsp/<name>.jsonrpc` holds one JSON-RPC message a
/// line (`{dir}` stands for the case's folder, so `file://{dir}/<name>.rules` is its rulebook);
/// each is framed and given to a `LanguageServer`, and what it sends back, each message's body
/// on a line of its own once its frame is checked, with the exit status, is compared with
/// `<name>.golden`.
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
        // Each message as its body, one a line: the frame's length is checked here, against the
        // body's bytes, rather than kept in the golden, where it would depend on the length of
        // the folder the repository is checked out in.
        var bytes = Array(output.utf8)[...]
        var lines: [String] = []
        let separator = Array("\r\n\r\n".utf8)
        while !bytes.isEmpty {
            guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }),
                  let header = String(bytes: bytes[..<end], encoding: .utf8), header.hasPrefix("Content-Length: "),
                  let length = Int(header.dropFirst("Content-Length: ".count)), end + 4 + length <= bytes.endIndex else {
                Issue.record("the server's output is not framed: \(String(decoding: bytes.prefix(80), as: UTF8.self))")
                break
            }
            let body = bytes[(end + 4)..<(end + 4 + length)]
            lines.append(String(decoding: body, as: UTF8.self).replacingOccurrences(of: dir, with: "{dir}"))
            bytes = bytes[(end + 4 + length)...]
        }
        return lines.joined(separator: "\n") + "\n--- exit \(status)\n"
    }
}

@Suite struct LanguageServerTranscriptTests {
    @Test(arguments: TranscriptCase.all())
    func matchesGolden(_ testCase: TranscriptCase) throws {
        try expectGolden(try testCase.run(), in: testCase.golden, for: testCase.testDescription)
    }

    @Test func thereAreTranscripts() {
        #expect(TranscriptCase.all().count >= 2)
    }
}
