@testable import Charter
@testable import RulecheckCommands
import Foundation
import Testing

/// `check` reads its records a window at a time and checks them as it goes when no rule reads
/// other records: the output is what checking every record loaded whole writes, byte for byte,
/// also when the verdicts outgrow what is held back before the files are known to load (then
/// the files are read twice); a file with an error late in it gives its diagnostics and no
/// verdicts; and rules that read other records are checked over every record loaded.
@Suite struct CheckStreamingTests {
    /// What `check` writes for `records` loaded whole, and the summary's counts.
    static func whole(_ run: CheckRun, _ records: [LoadedRecord], format: CheckReportWriter.Format,
                      files: SourceFiles) -> (output: String, summary: CheckSummary) {
        let io = CapturedIO()
        let output = BufferedOutput(io)
        var writer = CheckReportWriter(format: format, files: files)
        let summary = run.check(records, writer: &writer, to: output)
        output.write(writer.footer(summary))
        output.flush()
        return (io.output, summary)
    }

    /// What `check` writes for `paths` streamed, and the summary's counts, or nil when it
    /// left them to the loader.
    static func streamed(_ run: CheckRun, _ paths: [String], recordFiles: RecordFiles, format: CheckReportWriter.Format,
                         files: SourceFiles) -> (output: String, summary: CheckSummary, warned: Int)? {
        let io = CapturedIO()
        let output = BufferedOutput(io)
        var writer = CheckReportWriter(format: format, files: files)
        var warned = 0
        guard case .checked(let summary) = run.check(streaming: paths, files: recordFiles, writer: &writer, to: output,
                                                     warn: { warned += $0.count }) else { return nil }
        output.write(writer.footer(summary))
        output.flush()
        return (io.output, summary, warned)
    }

    @Test(arguments: [CheckRun.Listing.all, .failures, .none])
    func theStreamedOutputIsTheOutputOfTheWholeFiles(_ listing: CheckRun.Listing) throws {
        let directory = try CheckJobsTests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        var loaded = RulebookLoader().load(paths: [directory.appendingPathComponent("rules.charter").path])
        let checking = loaded.check()
        let program = Program(try #require(checking))
        #expect(!program.readsOtherRecords)
        let recordFiles = RecordFiles(shapes: program.shapes, byName: program.shapeByName, typeName: "change_request")
        let paths = ["records.json", "records.csv"].map { directory.appendingPathComponent($0).path }
        let (records, errors) = recordFiles.load(paths: paths)
        #expect(errors.isEmpty)
        #expect(records.count == 2 * CheckJobsTests.count)
        for format in [CheckReportWriter.Format.text(.plain), .json] {
            for jobs in [1, 3] {
                let run = CheckRun(program: program, asOf: nil, only: nil, listing: listing, jobs: jobs)
                let expected = Self.whole(run, records, format: format, files: loaded.files)
                // Held back whole; held back until it outgrows a few records, then read twice;
                // and read twice from the first record on.
                for (held, chunk) in [(1 << 25, RecordStream.standardChunkBytes), (5000, 4096), (0, 777)] {
                    var bounded = run
                    bounded.heldOutputLimit = held
                    bounded.chunkBytes = chunk
                    let got = try #require(Self.streamed(bounded, paths, recordFiles: recordFiles, format: format, files: loaded.files))
                    #expect(got.output == expected.output, "\(format) \(listing) --jobs \(jobs), \(held) bytes held, windows of \(chunk)")
                    #expect(got.summary.records == expected.summary.records)
                    #expect(got.summary.failed == expected.summary.failed)
                    #expect(got.warned == 0)
                }
            }
        }
    }

    @Test func aFileWithAnErrorAtItsEndGivesItsDiagnosticsAndNoVerdicts() throws {
        let directory = try CheckJobsTests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("records.csv").path
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if !text.hasSuffix("\n") { text += "\n" }
        text += "CR-late,\"Late\",Bench,2024-07-10,Raised,perhaps,,1,DAG,1,1,1\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let io = CapturedIO()
        let status = Driver.run(arguments: ["check", "--rules", directory.appendingPathComponent("rules.charter").path,
                                            "--type", "change_request", path], io: io)
        #expect(status == Driver.ExitStatus.unusable)
        #expect(io.output.isEmpty)
        #expect(io.errors.contains("perhaps"))
        #expect(io.errors.contains("line \(CheckJobsTests.count + 2)"))
        #expect(io.errors.contains("every record must load"))
    }

    @Test func rulesThatReadOtherRecordsSeeEveryRecord() throws {
        let directory = try CheckJobsTests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("across.charter")
        try Data((BenchCommand.rulebook + """

            rule many "There are many change requests" {
              for change_request cr
              require count(change_requests) > \(CheckJobsTests.count - 1)
              else "{cr.id} sees too few"
            }
            """).utf8).write(to: rules)
        var loaded = RulebookLoader().load(paths: [rules.path])
        let checking = loaded.check()
        #expect(Program(try #require(checking)).readsOtherRecords)
        let io = CapturedIO()
        let status = Driver.run(arguments: ["check", "--rules", rules.path, "--rule", "many", "--quiet", "--type", "change_request",
                                            directory.appendingPathComponent("records.csv").path], io: io)
        #expect(status == Driver.ExitStatus.success)
        #expect(io.output.contains("\(CheckJobsTests.count) records: \(CheckJobsTests.count) passed"))
    }
}
