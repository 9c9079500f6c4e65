/// `rulecheck status FILE --process NAME`: where each record stands in a process.
enum StatusCommand {
    static let help = """
        usage: rulecheck status FILE... --process NAME [--as-of DATE] [--rules PATH]...
                                [--format text|json] [--type NAME] [--date-format FORMAT] [--budget STEPS]

        Follows each record's `history` (dated events, each naming the step it completed, who
        acted and, for a decision, where it led) through process NAME, and says: the step the
        record is at and who acts or decides there, its deadline on the charter's working-day
        calendar and whether it is overdue, what comes next, and after a decision the appeal
        route and its deadline. An event the process does not allow (a step skipped, a decision
        by the wrong body, going on past a failing check) is reported as a violation.

        options:
          --process NAME       the process to follow (required)
          --as-of DATE         the date to judge deadlines on (default: the latest event)
          --rules PATH         rule files or directories (repeatable; default rules/)
          --format text|json   text for people (default), json for scripts
          --budget STEPS       the most evaluation steps one rule may take on one record
                               (default 10000000)

        exit status: 0 no violation and nothing overdue, 1 a violation or an overdue step,
        2 usage error or files that cannot be used

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let format: String
        let asOf: CivilDate?
        var limits = EvaluationLimits.standard
        let processName: String
        do {
            guard let options = try RecordCommandOptions.parse(arguments, extra: ["process"], help: help, io: io) else {
                return Driver.ExitStatus.success
            }
            (parsed, format, asOf) = (options.parsed, options.format, options.asOf)
            limits = options.limits
            guard let name = try parsed.value("process") else { throw Arguments.UsageError(description: "name the process with --process NAME") }
            processName = name
            try options.requireFiles()
        } catch {
            return Driver.usageError("\(error)", command: "status", io: io)
        }
        guard let loaded = CommandSupport.loadRules(parsed.values("rules"), command: "status", io: io) else {
            return Driver.ExitStatus.unusable
        }
        let program = Program(loaded, limits: limits)
        let processes = program.processes()
        guard let process = processes[processName] else {
            let hint = Suggest.didYouMean(processName, among: processes.keys.sorted()).map { "; \($0)" }
                ?? "; the processes are \(Suggest.list(processes.keys.sorted(), conjunction: "and"))"
            return Driver.usageError("there is no process `\(processName)` in the rules\(hint)", command: "status", io: io)
        }
        guard let records = CommandSupport.loadRecords(parsed, program: program, command: "status", io: io) else {
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
        if format == "json" {
            io.write(JSON.array(reports.map { json($0.id, $0.status) }).rendered() + "\n")
        } else {
            for report in reports { io.write(text(report.id, report.status, process: process)) }
        }
        let troubled = reports.contains { !$0.status.violations.isEmpty || $0.status.isOverdue }
        return troubled ? Driver.ExitStatus.failure : Driver.ExitStatus.success
    }

    static func text(_ id: String, _ status: ProcessStatus, process: ProcessModel) -> String {
        var out = "\(id)  \(status.process)\(status.asOf.map { "  (as of \($0))" } ?? "")\n"
        switch status.position {
        case .ended(let end, let on):
            out += "  ended: \(end)\(on.map { " on \($0)" } ?? "")\n"
            if let appeal = status.appeal {
                out += "  appeal: against \(appeal.against), to \(appeal.to)\(appeal.deadline.map { ", by \($0)" } ?? " (the process sets no time limit)")\n"
            }
        case .atStep(let step, let since):
            let title = process.step(named: step)?.title.map { " \"\($0)\"" } ?? ""
            out += "  at: \(step)\(title)\(since.map { " since \($0)" } ?? "")\n"
            if !status.actors.isEmpty {
                out += "  \(status.decides ? "decides" : "acts"): \(status.actors.joined(separator: ", "))\n"
            }
            if let deadline = status.deadline {
                out += "  due: \(deadline)\(status.isOverdue ? " — overdue" : "")\n"
            }
            if !status.next.isEmpty { out += "  next: \(status.next.joined(separator: " | "))\n" }
        }
        for note in status.notes { out += "  note: \(note)\n" }
        for violation in status.violations {
            let when = violation.event.map { "event \($0.index + 1) (\($0.date), \($0.step)): " } ?? ""
            out += "  violation: \(when)\(violation.message)\n"
        }
        return out
    }

    static func json(_ id: String, _ status: ProcessStatus) -> JSON {
        var position: [(String, JSON)] = []
        switch status.position {
        case .ended(let end, let on):
            position = [("state", .string("ended")), ("end", .string(end)), ("on", .optional(on?.description))]
        case .atStep(let step, let since):
            position = [("state", .string("at_step")), ("step", .string(step)), ("since", .optional(since?.description))]
        }
        return .object([
            ("id", .string(id)),
            ("process", .string(status.process)),
            ("as_of", .optional(status.asOf?.description)),
            ("position", .object(position)),
            ("actors", .array(status.actors.map(JSON.string))),
            ("decides", .bool(status.decides)),
            ("deadline", .optional(status.deadline?.description)),
            ("overdue", .bool(status.isOverdue)),
            ("next", .array(status.next.map(JSON.string))),
            ("appeal", status.appeal.map { appeal in
                .object([("against", .string(appeal.against)), ("to", .string(appeal.to)), ("deadline", .optional(appeal.deadline?.description))])
            } ?? .null),
            ("violations", .array(status.violations.map { violation in
                .object([("event", violation.event.map { .integer($0.index + 1) } ?? .null), ("message", .string(violation.message))])
            })),
            ("notes", .array(status.notes.map(JSON.string))),
        ])
    }
}
