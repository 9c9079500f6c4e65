/// `rulecheck diff`: what a change to the rules would change for records already handled.
enum DiffCommand {
    static let help = """
        usage: rulecheck diff [--rules PATH]... [--before PATH]... [--after PATH]... [--format text|json]
                              [--as-of DATE] [--type NAME] [--date-format FORMAT] [--budget STEPS] FILE...

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

        exit status: 0 nothing changes, 1 something changes, 2 usage error or files that cannot
        be used

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let format: String
        let asOf: CivilDate?
        var limits = EvaluationLimits.standard
        do {
            guard let options = try RecordCommandOptions.parse(arguments, extra: ["before", "after"], help: help, io: io) else {
                return Driver.ExitStatus.success
            }
            (parsed, format, asOf) = (options.parsed, options.format, options.asOf)
            limits = options.limits
            guard !parsed.values("before").isEmpty || !parsed.values("after").isEmpty else {
                throw Arguments.UsageError(description: "say what changes with --after PATH (and --before PATH)")
            }
            try options.requireFiles()
        } catch {
            return Driver.usageError("\(error)", command: "diff", io: io)
        }
        guard let before = CommandSupport.loadRules(parsed.values("rules"), overlay: parsed.values("before"), command: "diff", io: io),
              let after = CommandSupport.loadRules(parsed.values("rules"), overlay: parsed.values("after"), command: "diff", io: io) else {
            return Driver.ExitStatus.unusable
        }
        let beforeProgram = Program(before, limits: limits)
        let afterProgram = Program(after, limits: limits)
        guard let records = CommandSupport.loadRecords(parsed, program: afterProgram, command: "diff", io: io) else {
            return Driver.ExitStatus.unusable
        }
        let diff = OutcomeDiff(before: .init(program: beforeProgram, processes: beforeProgram.processes()),
                               after: .init(program: afterProgram, processes: afterProgram.processes()),
                               records: records, asOf: asOf)
        io.write(format == "json" ? json(diff).rendered() + "\n" : text(diff))
        return diff.records.allSatisfy(\.isEmpty) ? Driver.ExitStatus.success : Driver.ExitStatus.failure
    }

    static func text(_ diff: OutcomeDiff) -> String {
        var out = ""
        for record in diff.records where !record.isEmpty {
            out += "\(record.id) (\(record.type))\n"
            for change in record.rules {
                out += "  rule \(change.rule): \(change.before?.rawValue ?? "(no such rule)") → \(change.after?.rawValue ?? "(no such rule)")\n"
                if let message = change.message { out += "    \(message)\n" }
            }
            for change in record.routes {
                out += "  process \(change.process):\n"
                out += describe(change.before, change.after)
            }
        }
        let changed = diff.records.filter { !$0.isEmpty }.count
        out += "\(diff.records.count) \(diff.records.count == 1 ? "record" : "records"): \(changed) changed, \(diff.records.count - changed) unchanged\n"
        return out
    }

    static func describe(_ before: Route?, _ after: Route?) -> String {
        func path(_ route: Route?) -> String { route.map(\.path) ?? "(no such process)" }
        func deciders(_ route: Route?) -> String {
            guard let route else { return "—" }
            let text = route.decisions.map { decision in
                "\(decision.bodies.joined(separator: ", ")) at \(decision.step)\(route.assumed.contains(decision.step) ? " (assumed)" : "")"
            }
            return text.isEmpty ? "nobody" : text.joined(separator: "; ")
        }
        func deadlines(_ route: Route?) -> String {
            guard let route, !route.deadlines.isEmpty else { return "none dated" }
            return route.deadlines.map { "\($0.step) by \($0.date)" }.joined(separator: "; ")
        }
        var out = ""
        if path(before) != path(after) {
            out += "    route:      \(path(before))\n             →  \(path(after))\n"
        }
        if deciders(before) != deciders(after) {
            out += "    decided by: \(deciders(before))\n             →  \(deciders(after))\n"
        }
        if deadlines(before) != deadlines(after) {
            out += "    deadlines:  \(deadlines(before))\n             →  \(deadlines(after))\n"
        }
        return out
    }

    static func json(_ diff: OutcomeDiff) -> JSON {
        func route(_ route: Route?) -> JSON {
            guard let route else { return .null }
            return .object([
                ("steps", .array(route.steps.map(JSON.string))),
                ("end", .optional(route.end)),
                ("decisions", .array(route.decisions.map { decision in
                    .object([("step", .string(decision.step)), ("by", .array(decision.bodies.map(JSON.string))),
                             ("assumed", .bool(route.assumed.contains(decision.step)))])
                })),
                ("deadlines", .array(route.deadlines.map { .object([("step", .string($0.step)), ("date", .string($0.date.description))]) })),
            ])
        }
        let changed = diff.records.filter { !$0.isEmpty }.count
        return .object([
            ("records", .array(diff.records.map { record in
                .object([
                    ("id", .string(record.id)),
                    ("type", .string(record.type)),
                    ("changed", .bool(!record.isEmpty)),
                    ("rules", .array(record.rules.map { change in
                        .object([("rule", .string(change.rule)), ("before", .optional(change.before?.rawValue)),
                                 ("after", .optional(change.after?.rawValue)), ("message", .optional(change.message))])
                    })),
                    ("processes", .array(record.routes.map { change in
                        .object([("process", .string(change.process)), ("before", route(change.before)), ("after", route(change.after))])
                    })),
                ])
            })),
            ("summary", .object([("records", .integer(diff.records.count)), ("changed", .integer(changed)),
                                 ("unchanged", .integer(diff.records.count - changed))])),
        ])
    }
}
