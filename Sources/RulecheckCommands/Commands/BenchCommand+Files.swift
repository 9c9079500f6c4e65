import Charter
import Foundation

/// `rulecheck bench --rules PATH FILE...`: the benchmark on the user's own rules and records
/// rather than the generated workload; and `bench --write PATH`, the generated workload written
/// out, for `check` and `bench --rules` to run on.
extension BenchCommand {
    /// The options of the generated workload, and those of the user's files.
    static let generatedOptions: Set<String> = ["records", "only", "write"]
    static let fileOptions: Set<String> = ["rules", "type", "date-format", "delimiter", "input-format", "sheet", "as-of", "jobs"]

    /// Runs `bench --rules … FILE…` or `bench --write PATH`; nil when the arguments ask for
    /// neither (nor are wrong for either), for the generated workload to be measured.
    static func runOnFiles(_ arguments: [String], io: TextIO) -> Int32? {
        let parsed: Arguments
        do {
            parsed = try Arguments(arguments, options: generatedOptions.union(fileOptions).union(["repeat"]), flags: ["help", "strict"])
        } catch {
            return nil
        }
        if parsed.flag("help") {
            io.write(help)
            return Driver.ExitStatus.success
        }
        let forFiles = fileOptions.filter { !parsed.values($0).isEmpty }.sorted()
        if parsed.positionals.isEmpty, forFiles.isEmpty, !parsed.flag("strict") {
            do {
                guard let path = try parsed.value("write") else { return nil }
                return writeWorkload(to: path, parsed, io: io)
            } catch {
                return Driver.usageError("\(error)", command: "bench", io: io)
            }
        }
        do {
            guard !parsed.values("rules").isEmpty else {
                if let option = forFiles.first {
                    throw Arguments.UsageError(description: "`--\(option)` is for measuring your own records, which needs `--rules PATH`")
                }
                throw Arguments.UsageError(description: "give the rules the files are checked against with `--rules PATH`")
            }
            if let option = generatedOptions.sorted().first(where: { !parsed.values($0).isEmpty }) {
                throw Arguments.UsageError(description: "`--\(option)` is for the generated workload; it cannot be given with `--rules`")
            }
            guard !parsed.positionals.isEmpty else { throw Arguments.UsageError(description: "give one or more record files (JSON or CSV)") }
            guard !parsed.positionals.contains("-") else {
                throw Arguments.UsageError(description: "bench reads its files several times, so it cannot read standard input (`-`)")
            }
            let repeats = try positive(parsed.value("repeat"), "--repeat", default: 5, max: 100)
            let jobs = try CheckCommand.jobs(parsed)
            let asOf = try parsed.value("as-of").map { try CommandSupport.date($0, "--as-of") }
            return measureFiles(parsed, repeats: repeats, jobs: jobs, asOf: asOf, io: io)
        } catch {
            return Driver.usageError("\(error)", command: "bench", io: io)
        }
    }

    /// Writes the rules and the generated records to the directory `path`.
    private static func writeWorkload(to path: String, _ parsed: Arguments, io: TextIO) -> Int32 {
        do {
            let count = try positive(parsed.value("records"), "--records", default: 100_000, max: 10_000_000)
            guard try parsed.value("only") == nil else {
                throw Arguments.UsageError(description: "`--only` chooses what is measured, and `--write` measures nothing")
            }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let generated = generate(count)
            let directory = URL(fileURLWithPath: path)
            for (name, bytes) in [("bench.charter", Array(rulebook.utf8) + [0x0A]), ("records.json", json(generated)), ("records.csv", csv(generated))] {
                try AtomicFile.write(Data(bytes), to: directory.appendingPathComponent(name).path)
            }
            io.write("wrote \(path)/bench.charter, and \(count) change requests to \(path)/records.json and \(path)/records.csv\n")
            return Driver.ExitStatus.success
        } catch let error as Arguments.UsageError {
            return Driver.usageError("\(error)", command: "bench", io: io)
        } catch {
            io.writeError("rulecheck bench: cannot write to `\(path)`: \(error.localizedDescription)\n")
            return Driver.ExitStatus.unusable
        }
    }

    /// Every measure on the files `parsed` names, read as `check` reads them.
    private static func measureFiles(_ parsed: Arguments, repeats: Int, jobs: Int, asOf: CivilDate?, io: TextIO) -> Int32 {
        guard let loaded = CommandSupport.loadRules(parsed.values("rules"), command: "bench", io: io) else {
            return Driver.ExitStatus.unusable
        }
        let program = Program(loaded)
        guard let records = CommandSupport.loadRecords(parsed, program: program, command: "bench", io: io) else {
            return Driver.ExitStatus.unusable
        }
        // Checked by `loadRecords`, which has given its errors when these do not hold.
        guard let dateFormat = try? CommandSupport.dateFormat(parsed), let options = try? CommandSupport.fileOptions(parsed) else {
            return Driver.ExitStatus.unusable
        }
        let files = RecordFiles(shapes: program.shapes, byName: program.shapeByName, dateFormat: dateFormat,
                                typeName: parsed.values("type").first, options: options)
        let paths = parsed.positionals
        let count = records.count
        let evaluator = program.evaluator()
        let indices = records.map { evaluator.ruleIndices(for: $0.value.shape) }
        let ruleCount = Set(indices.joined()).count
        io.write("\(count) \(count == 1 ? "record" : "records") from \(paths.count) \(paths.count == 1 ? "file" : "files"), \(ruleCount) \(ruleCount == 1 ? "rule applies" : "rules apply") to them\n")

        // The size only labels the load line; the files were just read, so a failure here is a race.
        let bytes = paths.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
        // The records of each run are freed before the next starts, outside its timing, as the
        // generated workload's load is measured.
        var load = Double.infinity
        for _ in 0..<Swift.min(repeats, 3) {
            var kept: [LoadedRecord] = []
            load = Swift.min(load, best(of: 1) { kept = files.load(paths: paths).records })
            withExtendedLifetime(kept) {}
        }
        io.write(line("load", seconds: load, count: count, extra: "\(bytes / 1024) KiB, read + decode"))

        var outcomes: [RuleVerdict.Outcome: Int] = [:]
        let outcomeTime = best(of: repeats) {
            outcomes = [:]
            for (record, rules) in zip(records, indices) {
                for index in rules { outcomes[evaluator.outcome(rule: index, on: record.value, asOf: asOf), default: 0] += 1 }
            }
        }
        let tally = "\(outcomes[.pass] ?? 0) passed, \(outcomes[.fail] ?? 0) failed, \(outcomes[.notApplicable] ?? 0) not applicable, \(outcomes[.error] ?? 0) could not be evaluated"
        io.write(line("outcomes", seconds: outcomeTime, count: count, extra: "rule outcomes: \(tally)"))

        var failures = 0
        let verdictTime = best(of: repeats) {
            failures = 0
            for (record, rules) in zip(records, indices) {
                for index in rules { failures += evaluator.verdict(rule: index, on: record.value, asOf: asOf).failures.count }
            }
        }
        io.write(line("verdicts", seconds: verdictTime, count: count, extra: "\(failures) failures, each with its message"))

        let reports = records.map { program.report($0, evaluator: evaluator, asOf: asOf) }
        for (name, format) in [("text", CheckReportWriter.Format.text(.plain)), ("json", .json)] {
            let writer = CheckReportWriter(format: format, files: loaded.files)
            var written = 0
            let seconds = best(of: repeats) { written = writer.render(reports).count }
            io.write(line("\(name) out", seconds: seconds, count: count, extra: "\(written / 1024) KiB of verdicts written as \(name)"))
        }

        // `check` on the records in memory, writing JSON (to nowhere): on one thread, and on `jobs`.
        func checked(_ records: [LoadedRecord], _ style: CheckReportWriter.Format, _ listing: CheckRun.Listing, jobs: Int) {
            let run = CheckRun(program: program, asOf: asOf, only: nil, listing: listing, jobs: jobs)
            let output = BufferedOutput(DiscardingIO())
            var writer = CheckReportWriter(format: style, files: loaded.files)
            output.write(writer.footer(run.check(records, writer: &writer, to: output)))
            output.flush()
        }
        let single = best(of: repeats) { checked(records, .json, .all, jobs: 1) }
        io.write(line("check", seconds: single, count: count, extra: "verdicts written as JSON, records in memory, --jobs 1"))
        if jobs > 1 {
            let many = best(of: repeats) { checked(records, .json, .all, jobs: jobs) }
            let speedUp = single / Swift.max(many, 1e-9)
            io.write(line("check", seconds: many, count: count, extra: "the same, --jobs \(jobs): \(format(speedUp, 2))× --jobs 1"))
            io.write("parallel  \(format(speedUp, 2))× with --jobs \(jobs) (check, \(ProcessInfo.processInfo.activeProcessorCount) processors)\n")
        }

        // End to end, as `check` runs: read, decode, check, and write the output (to nowhere).
        var quiet = 0.0
        for (name, style, listing) in [("none", CheckReportWriter.Format.text(.plain), CheckRun.Listing.none),
                                       ("text", .text(.plain), .all), ("json", .json, .all)] {
            let seconds = best(of: Swift.min(repeats, 3)) { checked(files.load(paths: paths).records, style, listing, jobs: jobs) }
            if listing == .none { quiet = seconds }
            let note = listing == .none ? "the summary alone (--quiet)" : "\(format(seconds / Swift.max(quiet, 1e-9), 2))× the time with no output"
            io.write(line("e2e \(name)", seconds: seconds, count: count, extra: "read + decode + check + output, --jobs \(jobs); \(note)"))
        }
        io.write("peak memory \(peakMemoryKiB() / 1024) MiB (getrusage maxrss)\n")
        return Driver.ExitStatus.success
    }
}

/// Standard output that goes nowhere, for timing output without a terminal's or a file's cost.
private final class DiscardingIO: TextIO {
    func write(_ text: String) {}
    func write(utf8 bytes: ArraySlice<UInt8>) {}
    func writeError(_ text: String) {}
    func readLine() -> String? { nil }
    var isInteractive: Bool { false }
    var environment: [String: String] { [:] }
}
