import Charter

/// `rulecheck status FILE --process NAME`: where each record stands in a process.
enum StatusCommand {
    static let help = """
        usage: rulecheck status FILE... --process NAME [--as-of DATE] [--rules PATH]...
                                [--format text|json] [--type NAME] [--date-format FORMAT] [--delimiter D]
                                [--input-format F] [--sheet NAME] [--strict] [--budget STEPS]

        Follows each record's `history` (dated events, each naming the step it completed, who
        acted and, for a decision, where it led) through process NAME, and says: the step the
        record is at since when and who acts or decides there, its deadline (`lasts`) on the
        charter's working-day calendar and whether it is overdue, the day it may proceed from
        (`waits`), what comes next, and after a decision the appeal route and its deadline. An
        event the process does not allow (a step skipped, also past a fallback; a decision by
        the wrong body; an outcome against its `when`; going on past a failing check; a step
        completed late or before its waiting time) is a violation naming the event and the
        clause it breaks.

        options:
          --process NAME       the process to follow (required)
          --as-of DATE         the date to judge deadlines on (default: the latest event)
          --rules PATH         rule files or directories (repeatable; default rules/)
          --format text|json   text for people (default), json for scripts
          --budget STEPS       the most evaluation steps one rule may take on one record
                               (default 10000000)
        \(RecordCommandOptions.help)

        exit status: 0 no violation and nothing overdue, 1 a violation or an overdue step,
        2 usage error or files that cannot be used

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let format: String
        let asOf: CivilDate?
        var limits = EvaluationLimits.standard
        var colors = ColorChoice.none
        let processName: String
        do {
            guard let options = try RecordCommandOptions.parse(arguments, extra: ["process"], help: help, io: io) else {
                return Driver.ExitStatus.success
            }
            (parsed, format, asOf) = (options.parsed, options.format, options.asOf)
            limits = options.limits
            colors = options.colors
            guard let name = try parsed.value("process") else { throw Arguments.UsageError(description: "name the process with --process NAME") }
            processName = name
            try options.requireFiles()
        } catch {
            return Driver.usageError("\(error)", command: "status", io: io)
        }
        guard let loaded = CommandSupport.loadRules(parsed.values("rules"), command: "status", io: io, palette: colors.errors) else {
            return Driver.ExitStatus.unusable
        }
        let program = Program(loaded, limits: limits)
        let processes = program.processes()
        guard let process = processes[processName] else {
            let hint = Suggest.didYouMean(processName, among: processes.keys.sorted()).map { "; \($0)" }
                ?? "; the processes are \(Suggest.list(processes.keys.sorted(), conjunction: "and"))"
            return Driver.usageError("there is no process `\(processName)` in the rules\(hint)", command: "status", io: io)
        }
        guard let records = CommandSupport.loadRecords(parsed, program: program, command: "status", io: io, palette: colors.errors) else {
            return Driver.ExitStatus.unusable
        }
        var reports: [(record: LoadedRecord, id: String, status: ProcessStatus)] = []
        for record in records {
            if let shape = process.shape, shape != record.value.shape { continue }
            let id = program.identify(record.value) ?? "\(record.file) \(record.place)"
            reports.append((record, id, process.status(of: record.value, program: program, asOf: asOf)))
        }
        guard !reports.isEmpty else {
            io.writeError("rulecheck status: process `\(processName)` is for \(process.shape?.name ?? "another record type"), and no record given is one\n")
            return Driver.ExitStatus.unusable
        }
        let rendered = reports.map { StatusReport(id: $0.id, status: $0.status, process: process) }
        if format == "json" {
            io.write(JSON.array(rendered.map { $0.json() }).rendered() + "\n")
        } else {
            for report in rendered { io.write(report.text()) }
        }
        let troubled = reports.contains { !$0.status.violations.isEmpty || $0.status.isOverdue }
        return troubled ? Driver.ExitStatus.failure : Driver.ExitStatus.success
    }
}
