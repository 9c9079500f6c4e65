@testable import RulecheckCommands
import Foundation
import Testing

/// `rulecheck bench` on its generated workload: every measure is printed, and Charter's counts
/// agree with the hand-written rules' (timings are not asserted, only that they are there).
@Suite struct BenchCommandTests {
    @Test func measuresEveryPartAndAgreesWithTheHandWrittenRules() {
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["bench", "--records", "300", "--repeat", "1"], io: io) == 0)
        #expect(io.errors.isEmpty)
        for field in ["outcomes ", "native ", "ratio ", "verdicts ", "csv load ", "csv cpu ", "csv ", "json load ", "json cpu ", "json ", "peak memory "] {
            #expect(io.output.split(separator: "\n").contains { $0.hasPrefix(field) }, "no `\(field)` line in:\n\(io.output)")
        }
        let generated = BenchCommand.generate(300)
        let counts = BenchCommand.nativeCounts(generated)
        #expect(io.output.contains("(\(counts.admitted) admitted, \(counts.recommended) recommended)"))
        // The workload has records of every kind: admitted and not, recommended and not.
        #expect(counts.admitted > 0 && counts.admitted < 300 && counts.recommended > 0 && counts.recommended < counts.admitted)
    }

    /// About a quarter of the generated records fail a rule (a record that fails `recommended`
    /// may pass `admissible`, but not the other way round), so that `verdicts` builds messages
    /// at the rate the performance figures state.
    @Test func aboutAQuarterOfTheRecordsFail() {
        let generated = BenchCommand.generate(20_000)
        let counts = BenchCommand.nativeCounts(generated)
        let failing = Double(generated.count - counts.recommended) / Double(generated.count)
        #expect(failing > 0.2 && failing < 0.3, "\(failing)")
        #expect(counts.admitted < generated.count && counts.recommended < counts.admitted)
    }

    @Test func refusesACountOutOfRange() {
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["bench", "--records", "0"], io: io) == 2)
        #expect(io.errors.contains("--records takes a whole number from 1 to"))
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// On the rulebook and records of the repository: every field is printed, and the counts
    /// are those `check` gives on the same files.
    @Test func measuresTheRulesOnTheExamples() {
        let rules = Self.root.appendingPathComponent("rules").path
        let names = ["dag_2024-03-13.json", "cr043_impact_assessment.json"] + (39...46).map { "change_requests/CR0\($0).json" }
        let files = names.map { Self.root.appendingPathComponent("examples/" + $0).path }
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["bench", "--rules", rules, "--repeat", "1", "--jobs", "2"] + files, io: io) == 0)
        #expect(io.errors.isEmpty)
        let lines = io.output.split(separator: "\n")
        for field in ["load ", "outcomes ", "verdicts ", "text out ", "json out ", "check ", "parallel ", "e2e none ", "e2e text ", "e2e json ", "peak memory "] {
            #expect(lines.contains { $0.hasPrefix(field) }, "no `\(field)` line in:\n\(io.output)")
        }
        #expect(lines.filter { $0.hasPrefix("check ") }.count == 2)
        let check = CapturedIO()
        _ = Driver.run(arguments: ["check", "--rules", rules, "--quiet"] + files, io: check)
        let summary = check.output.split(separator: "\n").last.map(String.init) ?? ""
        let count = summary.prefix { $0.isNumber }
        #expect(!count.isEmpty)
        #expect(io.output.hasPrefix("\(count) records from 10 files, "), "\(summary) / \(io.output)")
    }

    /// `--write` puts the generated workload where `check` and `bench --rules` can read it.
    @Test func writesTheWorkloadForCheckToRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["bench", "--write", directory.path, "--records", "250"], io: io) == 0)
        let counts = BenchCommand.nativeCounts(BenchCommand.generate(250))
        for file in ["records.json", "records.csv"] {
            let check = CapturedIO()
            let status = Driver.run(arguments: ["check", "--rules", directory.appendingPathComponent("bench.charter").path, "--type", "change_request",
                                                "--quiet", directory.appendingPathComponent(file).path], io: check)
            #expect(status == 1)
            #expect(check.output == "250 records: \(counts.recommended) passed, \(250 - counts.recommended) failed, 0 not applicable\n")
        }
    }
}
