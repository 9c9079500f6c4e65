@testable import Charter
@testable import RulecheckCommands
import Foundation
import Testing

/// `check --jobs N` spreads the records over threads and writes what one thread writes, byte for
/// byte, in text and JSON, listing all records or only the failures; and the JSON it streams a
/// record at a time is the document the whole report renders to.
@Suite struct CheckJobsTests {
    /// More records than two threads take in one round (`CheckRun.runLength` each, and
    /// `runsPerThread` runs a thread), so that the rounds, a last one that is not full, and a
    /// last run that is not full are all exercised.
    static let count = 2 * CheckRun.runsPerThread * CheckRun.runLength + 700

    /// The benchmark's rules, and one that cannot be evaluated on a record with no votes against.
    static let rulebook = BenchCommand.rulebook + """

        rule ratio "Twice as many for as against" {
          for change_request cr
          require cr.ia_yes / cr.ia_no >= 2
          else "{cr.id} has {cr.ia_yes} for and {cr.ia_no} against"
        }
        """

    /// A directory holding `rules.charter`, `records.json` and `records.csv`.
    static func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-jobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let generated = BenchCommand.generate(count)
        try Data(rulebook.utf8).write(to: directory.appendingPathComponent("rules.charter"))
        try Data(BenchCommand.json(generated)).write(to: directory.appendingPathComponent("records.json"))
        try Data(BenchCommand.csv(generated)).write(to: directory.appendingPathComponent("records.csv"))
        return directory
    }

    func check(_ arguments: [String], in directory: URL) -> (status: Int32, output: String, errors: String) {
        let io = CapturedIO()
        let status = Driver.run(arguments: ["check", "--rules", directory.appendingPathComponent("rules.charter").path] + arguments, io: io)
        return (status, io.output, io.errors)
    }

    @Test(arguments: [["--format", "text"], ["--format", "json"], ["--format", "json", "--failures-only"],
                      ["--failures-only"], ["--quiet"], ["--rule", "ratio"]])
    func everyNumberOfJobsWritesTheSame(_ options: [String]) throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in ["records.json", "records.csv"] {
            let path = directory.appendingPathComponent(file).path
            let one = check(options + ["--jobs", "1", "--type", "change_request", path], in: directory)
            #expect(one.errors.isEmpty)
            // Some records fail and some cannot be evaluated, so the exit status says so.
            #expect(one.status == 2)
            #expect(one.output.contains(options.contains("json") ? #""records": \#(Self.count),"# : "\(Self.count) records: "))
            for jobs in ["2", "4", "7"] {
                let many = check(options + ["--jobs", jobs, "--type", "change_request", path], in: directory)
                #expect(many.status == one.status)
                #expect(many.errors == one.errors)
                #expect(many.output == one.output, "--jobs \(jobs) on \(file) with \(options) differs from --jobs 1")
            }
        }
    }

    @Test func theStreamedJSONIsTheDocumentOfTheWholeReport() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("records.json").path
        let streamed = check(["--format", "json", "--jobs", "3", path], in: directory)

        var rules = RulebookLoader().load(paths: [directory.appendingPathComponent("rules.charter").path])
        let checked = rules.check()
        let program = Program(try #require(checked))
        let loader = RecordFiles(shapes: program.shapes, byName: program.shapeByName, typeName: "change_request")
        let (records, errors) = loader.load(paths: [path])
        #expect(errors.isEmpty)
        program.provide(records.map(\.value))
        let reports = program.check(records)
        let whole = CheckReport(reports: reports, summary: CheckSummary(reports), files: rules.files)
        #expect(streamed.output == whole.json().rendered() + "\n")
        #expect(whole.jsonText() == whole.json().rendered() + "\n")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(streamed.output.utf8)) as? [String: Any])
        #expect((document["records"] as? [Any])?.count == Self.count)
    }

    @Test func refusesANumberOfJobsOutOfRange() {
        for jobs in ["0", "-1", "257", "many"] {
            let io = CapturedIO()
            #expect(Driver.run(arguments: ["check", "--jobs", jobs, "examples/CR039.json"], io: io) == 2)
            #expect(io.errors.contains("--jobs takes a whole number of threads from 1 to 256, not `\(jobs)`"))
        }
    }
}
