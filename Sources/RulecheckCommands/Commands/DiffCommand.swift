import Charter

/// `rulecheck diff`: what a change to the rules would change for records already handled.
enum DiffCommand {
    static let help = """
        usage: rulecheck diff [--rules PATH]... [--before PATH]... [--after PATH]... [--format text|json]
                              [--as-of DATE] [--type NAME] [--date-format FORMAT] [--delimiter D]
                              [--input-format F] [--sheet NAME] [--strict] [--budget STEPS] FILE...

        Builds two rulebooks, the rules (default rules/) with the --before files laid over them
        and the rules with the --after files laid over them, and for every record in FILE says
        what differs: each rule outcome that changes, and for each process for the record's
        type its route, the bodies that decide on it and its deadlines.

        A declaration in a --before or --after file replaces the declaration of the same kind
        and name in the rules; a `process` without `end` changes only the steps it restates (or
        adds). So a proposed change is a small file that restates what it changes.

        Routes follow each record's history where it records an outcome; elsewhere a step whose
        `check` rules fail takes its last transition, and other decisions are assumed to go
        forward (marked "assumed").

        options:
          --rules PATH         rule files or directories (repeatable; default rules/)
          --before PATH        changes for the "before" rulebook (repeatable; default none)
          --after PATH         changes for the "after" rulebook (repeatable)
          --format text|json   text for people (default), json for scripts
          --as-of DATE         the date rules see as `today` (default: each record's own `date`)
          --budget STEPS       the most evaluation steps one rule may take on one record
                               (default 10000000)
        \(RecordCommandOptions.help)

        exit status: 0 nothing changes, 1 something changes, 2 usage error or files that cannot
        be used

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let format: String
        let asOf: CivilDate?
        var limits = EvaluationLimits.standard
        var colors = ColorChoice.none
        do {
            guard let options = try RecordCommandOptions.parse(arguments, extra: ["before", "after"], help: help, io: io) else {
                return Driver.ExitStatus.success
            }
            (parsed, format, asOf) = (options.parsed, options.format, options.asOf)
            limits = options.limits
            colors = options.colors
            guard !parsed.values("before").isEmpty || !parsed.values("after").isEmpty else {
                throw Arguments.UsageError(description: "say what changes with --after PATH (and --before PATH)")
            }
            try options.requireFiles()
        } catch {
            return Driver.usageError("\(error)", command: "diff", io: io)
        }
        guard let before = CommandSupport.loadRules(parsed.values("rules"), overlay: parsed.values("before"), command: "diff", io: io, palette: colors.errors),
              let after = CommandSupport.loadRules(parsed.values("rules"), overlay: parsed.values("after"), command: "diff", io: io, palette: colors.errors) else {
            return Driver.ExitStatus.unusable
        }
        let beforeProgram = Program(before, limits: limits)
        let afterProgram = Program(after, limits: limits)
        guard let records = CommandSupport.loadRecords(parsed, program: afterProgram, command: "diff", io: io, palette: colors.errors) else {
            return Driver.ExitStatus.unusable
        }
        let diff = OutcomeDiff(before: .init(program: beforeProgram, processes: beforeProgram.processes()),
                               after: .init(program: afterProgram, processes: afterProgram.processes()),
                               records: records, asOf: asOf)
        let report = DiffReport(diff)
        io.write(format == "json" ? report.json().rendered() + "\n" : report.text())
        return diff.records.allSatisfy(\.isEmpty) ? Driver.ExitStatus.success : Driver.ExitStatus.failure
    }
}
