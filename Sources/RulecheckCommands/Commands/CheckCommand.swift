import Charter
import Foundation

/// `rulecheck check FILE...`: every rule for each record's type, with verdicts and reasons.
enum CheckCommand {
    static let help = """
        usage: rulecheck check [--rules PATH]... [--format text|json] [--as-of DATE] [--rule NAME]...
                               [--quiet | --failures-only] [--color WHEN] [--type NAME]
                               [--date-format FORMAT] [--delimiter D] [--input-format F]
                               [--sheet NAME] [--strict] [--budget STEPS] [--jobs N] FILE...

        Checks each record in FILE (JSON: one record or an array; CSV: a header row and one
        record per row) against every rule for its record type, and says which pass and which
        fail, with each failing rule's message and where the rule is written.

        options:
          --rules PATH         rule files or directories (repeatable; default rules/)
          --format text|json   text for people (default), json for scripts
          --as-of DATE         the date rules see as `today` (default: each record's own `date`)
          --rule NAME          check only this rule (repeatable)
          --quiet              print only the summary (in JSON, `records` is empty); the exit
                               status is the same
          --failures-only      list only the records that fail or cannot be evaluated; the
                               summary still counts every record
        \(RecordCommandOptions.help)
          --budget STEPS       the most evaluation steps one rule may take on one record
                               (default 10000000)
          --jobs N             check records on N threads at once (default: the number of
                               processors); the output is the same for every N

        exit status: 0 every applicable rule passed, 1 a rule failed, 2 usage error, rules or
        records that cannot be used, or a rule that cannot be evaluated on a record

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let format: String
        let asOf: CivilDate?
        var limits = EvaluationLimits.standard
        var colors = ColorChoice.none
        let jobs: Int
        do {
            guard let options = try RecordCommandOptions.parse(arguments, extra: ["rule", "jobs"], extraFlags: ["quiet", "failures-only"],
                                                               help: help, io: io) else {
                return Driver.ExitStatus.success
            }
            if options.parsed.flag("quiet"), options.parsed.flag("failures-only") {
                throw Arguments.UsageError(description: "`--quiet` lists no records, so it cannot be given with `--failures-only`")
            }
            jobs = try self.jobs(options.parsed)
            try options.requireFiles()
            (parsed, format, asOf) = (options.parsed, options.format, options.asOf)
            limits = options.limits
            colors = options.colors
        } catch {
            return Driver.usageError("\(error)", command: "check", io: io)
        }
        guard let loaded = CommandSupport.loadRules(parsed.values("rules"), command: "check", io: io, palette: colors.errors) else {
            return Driver.ExitStatus.unusable
        }
        let program = Program(loaded, limits: limits)
        let ruleNames = program.rules.map(\.name)
        for name in parsed.values("rule") where !ruleNames.contains(name) {
            let hint = Suggest.didYouMean(name, among: ruleNames).map { "; \($0)" } ?? ""
            return Driver.usageError("there is no rule `\(name)` in the rules\(hint)", command: "check", io: io)
        }
        let only = parsed.values("rule").isEmpty ? nil : Set(parsed.values("rule"))
        // The summary counts every record whichever are listed, so that a pipeline reading only
        // the summary (or the exit status) sees the same run as one reading everything.
        let listing: CheckRun.Listing = parsed.flag("quiet") ? .none : parsed.flag("failures-only") ? .failures : .all
        let run = CheckRun(program: program, asOf: asOf, only: only, listing: listing, jobs: jobs)
        var writer = CheckReportWriter(format: format == "json" ? .json : .text(colors.output), files: loaded.files)
        let output = BufferedOutput(io)
        // Records are checked as they are read, a window at a time, when no rule reads other records.
        var streamed = CheckRun.Streamed.unhandled
        if !program.readsOtherRecords, !parsed.positionals.contains("-") {
            guard let files = CommandSupport.recordFiles(parsed, program: program, command: "check", io: io) else {
                return Driver.ExitStatus.unusable
            }
            streamed = run.check(streaming: parsed.positionals, files: files, writer: &writer, to: output) {
                CommandSupport.reportWarnings($0, io: io, palette: colors.errors)
            }
        }
        let summary: CheckSummary
        switch streamed {
        case .checked(let counted):
            summary = counted
        case .changed:
            output.flush()
            io.writeError("rulecheck check: a record file changed while it was read\n")
            return Driver.ExitStatus.unusable
        case .unhandled:
            guard let records = CommandSupport.loadRecords(parsed, program: program, command: "check", io: io, palette: colors.errors) else {
                return Driver.ExitStatus.unusable
            }
            summary = run.check(records, writer: &writer, to: output)
        }
        output.write(writer.footer(summary))
        output.flush()
        if summary.errors > 0 { return Driver.ExitStatus.unusable }
        return summary.failed > 0 ? Driver.ExitStatus.failure : Driver.ExitStatus.success
    }

    /// `--jobs N`, checked; the number of processors when not given.
    static func jobs(_ parsed: Arguments) throws -> Int {
        guard let text = try parsed.value("jobs") else { return Swift.max(ProcessInfo.processInfo.activeProcessorCount, 1) }
        guard let jobs = Int(text), (1...maxJobs).contains(jobs) else {
            throw Arguments.UsageError(description: "--jobs takes a whole number of threads from 1 to \(maxJobs), not `\(text)`")
        }
        return jobs
    }

    /// The most threads `--jobs` may ask for.
    static let maxJobs = 256
}
