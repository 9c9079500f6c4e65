import Charter

/// `rulecheck explain FILE... --rule NAME`: how one rule reached its verdict on each record.
enum ExplainCommand {
    static let help = """
        usage: rulecheck explain --rule NAME [--record ID] [--rules PATH]... [--format text|json]
                                 [--as-of DATE] [--type NAME] [--date-format FORMAT] [--delimiter D]
                                 [--input-format F] [--sheet NAME] [--strict] [--budget STEPS] FILE...

        Shows how rule NAME reached its verdict on each record of its type in FILE: every
        `when`, `let` and `require` clause evaluated, with the value of each sub-expression
        (✓ held, ✗ did not), the elements that decided an `all` or `any`, the arithmetic of a
        `count`, `sum`, `min` or `max`, and the `else` message of what failed. Then, where
        there is one, a single change to the record that would turn the verdict: a true/false
        field flipped, a number field changed by the least whole amount, or more seats
        attending a meeting that is not quorate.

        options:
          --rule NAME          the rule to explain (required)
          --record ID          only the record with this id, as `check` names it (CR041)
          --rules PATH         rule files or directories (repeatable; default rules/)
          --format text|json   text for people (default), json for scripts
          --as-of DATE         the date rules see as `today` (default: each record's own `date`)
        \(RecordCommandOptions.help)
          --budget STEPS       the most evaluation steps one rule may take on one record
                               (default 10000000)

        exit status: 0 the rule passed (or did not apply) on every record explained, 1 it
        failed on one, 2 usage error, rules or records that cannot be used, or a rule that
        cannot be evaluated on a record

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let format: String
        let asOf: CivilDate?
        var limits = EvaluationLimits.standard
        var colors = ColorChoice.none
        let ruleName: String
        let recordID: String?
        do {
            guard let options = try RecordCommandOptions.parse(arguments, extra: ["rule", "record"], help: help, io: io) else {
                return Driver.ExitStatus.success
            }
            (parsed, format, asOf) = (options.parsed, options.format, options.asOf)
            limits = options.limits
            colors = options.colors
            recordID = try parsed.value("record")
            guard let name = try parsed.value("rule") else {
                throw Arguments.UsageError(description: "give the rule to explain with --rule NAME")
            }
            ruleName = name
            try options.requireFiles()
        } catch {
            return Driver.usageError("\(error)", command: "explain", io: io)
        }
        guard let loaded = CommandSupport.loadRules(parsed.values("rules"), command: "explain", io: io, palette: colors.errors) else {
            return Driver.ExitStatus.unusable
        }
        let program = Program(loaded, limits: limits)
        let ruleNames = program.rules.map(\.name)
        guard ruleNames.contains(ruleName) else {
            let hint = Suggest.didYouMean(ruleName, among: ruleNames).map { "; \($0)" } ?? ""
            return Driver.usageError("there is no rule `\(ruleName)` in the rules\(hint)", command: "explain", io: io)
        }
        guard let explainer = program.explainer(rule: ruleName, rulebook: loaded.rulebook, files: loaded.files) else {
            io.writeError("rulecheck explain: rule `\(ruleName)` cannot be compiled for explaining\n")
            return Driver.ExitStatus.unusable
        }
        guard let records = CommandSupport.loadRecords(parsed, program: program, command: "explain", io: io, palette: colors.errors) else {
            return Driver.ExitStatus.unusable
        }
        let typeName = program.shapes[explainer.rule.shape.index].id.name ?? "record"
        let named = records.map { (record: $0, id: program.identify($0.value) ?? "\($0.file) \($0.place)") }
        var chosen = named.filter { explainer.applies(to: $0.record.value) }
        if let recordID {
            guard named.contains(where: { $0.id == recordID }) else {
                let candidates = (chosen.isEmpty ? named : chosen).map(\.id)
                let hint = Suggest.didYouMean(recordID, among: candidates).map { "; \($0)" } ?? ""
                return Driver.usageError("there is no record `\(recordID)` in the files\(hint)", command: "explain", io: io)
            }
            chosen = chosen.filter { $0.id == recordID }
            guard !chosen.isEmpty else {
                return Driver.usageError("record `\(recordID)` is not a `\(typeName)`, the record type rule `\(ruleName)` is for",
                                         command: "explain", io: io)
            }
        }
        guard !chosen.isEmpty else {
            return Driver.usageError("no record in the files is a `\(typeName)`, the record type rule `\(ruleName)` is for",
                                     command: "explain", io: io)
        }
        let explained = chosen.map { item in
            (record: item.record, id: item.id, explanation: explainer.explain(item.record.value, asOf: asOf))
        }
        let report = ExplainReport(rule: explainer.rule, typeName: typeName, files: loaded.files, program: program,
                                   asOf: asOf, explained: explained)
        io.write(format == "json" ? report.json().rendered() + "\n" : report.text(palette: colors.output))
        let outcomes = explained.map(\.explanation.outcome)
        if outcomes.contains(.error) { return Driver.ExitStatus.unusable }
        return outcomes.contains(.fail) ? Driver.ExitStatus.failure : Driver.ExitStatus.success
    }
}
