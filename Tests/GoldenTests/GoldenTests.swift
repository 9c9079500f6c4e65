import Foundation
import RulecheckCommands
import Testing

/// Golden tests: every `Cases/<suite>/<name>.charter` is linted, or run with the command line in
/// `<name>.args` when there is one (`{case}` stands for the case's `.charter` file, `{dir}` for
/// its folder, `{root}` for the package, `{tmp}` for a new temporary folder holding a copy of the
/// files in `<name>.files/`, placeholders replaced, so that a case may write or change files
/// and leave the repository as it was), with `<name>.stdin` (placeholders replaced alike) as standard input when there is one (REPL transcripts),
/// or `<name>.keys` typed at a terminal through the line editor (`KeyedTerminal`),
/// and what `rulecheck` writes and its exit status are compared with
/// `<name>.golden`. `RECORD_GOLDEN=1 swift test` rewrites the goldens; a missing golden is
/// written and the test fails, so nothing passes unreviewed.
struct GoldenCase: CustomTestStringConvertible, Sendable {
    let suite: String
    let name: String
    let directory: URL

    var testDescription: String { "\(suite)/\(name)" }
    var input: URL { directory.appendingPathComponent(name + ".charter") }
    var argsFile: URL { directory.appendingPathComponent(name + ".args") }
    var golden: URL { directory.appendingPathComponent(name + ".golden") }
    var stdinFile: URL { directory.appendingPathComponent(name + ".stdin") }
    var keysFile: URL { directory.appendingPathComponent(name + ".keys") }
    var filesDirectory: URL { directory.appendingPathComponent(name + ".files") }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Cases")

    static func all() -> [GoldenCase] {
        let fm = FileManager.default
        guard let suites = try? fm.contentsOfDirectory(atPath: root.path) else { return [] }
        var cases: [GoldenCase] = []
        for suite in suites.sorted() {
            let directory = root.appendingPathComponent(suite)
            guard let files = try? fm.contentsOfDirectory(atPath: directory.path) else { continue }
            let names = Set(files.compactMap { file -> String? in
                if file.hasSuffix(".args") { return String(file.dropLast(5)) }
                if file.hasSuffix(".charter") { return String(file.dropLast(8)) }
                return nil
            })
            cases += names.sorted().map { GoldenCase(suite: suite, name: $0, directory: directory) }
        }
        return cases
    }

    func arguments(tmp: URL) -> [String] {
        guard let line = try? String(contentsOf: argsFile, encoding: .utf8) else {
            return ["lint", input.path]
        }
        return line.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { substituted(String($0), tmp: tmp) }
    }

    /// `{case}`, `{dir}`, `{root}` and `{tmp}` replaced by this case's paths.
    func substituted(_ text: String, tmp: URL) -> String {
        text.replacingOccurrences(of: "{case}", with: input.path)
            .replacingOccurrences(of: "{tmp}", with: tmp.path)
            .replacingOccurrences(of: "{dir}", with: directory.path)
            .replacingOccurrences(of: "{root}", with: GoldenCase.root.deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().path)
    }

    /// What the command wrote, with this machine's paths taken out.
    func run() throws -> String {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("golden-\(suite)-\(name)-\(UUID().uuidString)")
        try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: tmp) }
        for file in (try? fm.contentsOfDirectory(atPath: filesDirectory.path)) ?? [] {
            let text = try String(contentsOf: filesDirectory.appendingPathComponent(file), encoding: .utf8)
            try substituted(text, tmp: tmp).write(to: tmp.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        // SOURCE_DATE_EPOCH: what a command stamps its output with (an iCalendar's DTSTAMP).
        let environment = ["SOURCE_DATE_EPOCH": "1709251200"]
        let status: Int32
        var text: String
        var errors: String
        if let keys = try? String(contentsOf: keysFile, encoding: .utf8) {
            // Keys typed at a terminal, through the line editor (Tab, Ctrl-R, …).
            let terminal = KeyedTerminal(keys: substituted(keys, tmp: tmp), environment: environment)
            status = Driver.run(arguments: arguments(tmp: tmp), io: terminal)
            (text, errors) = (terminal.output, terminal.errors)
        } else {
            let io = CapturedIO(input: substituted((try? String(contentsOf: stdinFile, encoding: .utf8)) ?? "", tmp: tmp),
                                environment: environment)
            status = Driver.run(arguments: arguments(tmp: tmp), io: io)
            (text, errors) = (io.output, io.errors)
        }
        let repository = GoldenCase.root.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/"
        if !errors.isEmpty { text += "--- stderr\n" + errors }
        text += "--- exit \(status)\n"
        return text.replacingOccurrences(of: tmp.path + "/", with: "{tmp}/")
            .replacingOccurrences(of: directory.path + "/", with: "")
            .replacingOccurrences(of: repository, with: "")
    }
}

/// Compares `actual` with the golden file; with `RECORD_GOLDEN=1`, or where the file is missing,
/// writes it instead and records an issue, so that a recording run never passes unreviewed.
func expectGolden(_ actual: String, in golden: URL, for description: String) throws {
    let record = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"
    guard !record, let expected = try? String(contentsOf: golden, encoding: .utf8) else {
        try actual.write(to: golden, atomically: true, encoding: .utf8)
        Issue.record("recorded \(golden.lastPathComponent); review it and run again")
        return
    }
    #expect(actual == expected, "\(description) differs from its golden file")
}

@Suite struct GoldenTests {
    @Test(arguments: GoldenCase.all())
    func matchesGolden(_ testCase: GoldenCase) throws {
        try expectGolden(try testCase.run(), in: testCase.golden, for: testCase.testDescription)
    }

    @Test func thereAreGoldenCases() {
        #expect(GoldenCase.all().count >= 40)
    }
}
