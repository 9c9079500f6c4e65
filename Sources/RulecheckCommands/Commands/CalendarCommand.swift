import Charter

/// `rulecheck calendar GROUP`: a group's meeting dates from its cadence.
enum CalendarCommand {
    static let help = """
        usage: rulecheck calendar GROUP [--from DATE] [--to DATE] [--format text|json] [--rules PATH]...

        Lists GROUP's meetings from its `meets` clauses: regular, moved, extra and cancelled
        meetings, with times where declared, and any meeting that falls on a bank holiday.

        options:
          --from DATE        first day of the range (default: the cadence's `from`)
          --to DATE          last day of the range (default: the cadence's `until`, or a year on)
          --format text|json text for people (default), json for scripts
          --rules PATH       rule files or directories (repeatable; default rules/)

        exit status: 0 listed, 2 usage error, unknown group, or rules that cannot be used

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let format: String
        var from: CivilDate?
        var to: CivilDate?
        do {
            parsed = try Arguments(arguments, options: ["from", "to", "format", "rules"], flags: ["help"])
            if parsed.flag("help") {
                io.write(help)
                return Driver.ExitStatus.success
            }
            format = try parsed.choice("format", among: ["text", "json"], default: "text")
            from = try parsed.value("from").map { try CommandSupport.date($0, "--from") }
            to = try parsed.value("to").map { try CommandSupport.date($0, "--to") }
            guard parsed.positionals.count == 1 else {
                throw Arguments.UsageError(description: parsed.positionals.isEmpty ? "name a group" : "name one group")
            }
        } catch {
            return Driver.usageError("\(error)", command: "calendar", io: io)
        }
        let name = parsed.positionals[0]
        guard let loaded = CommandSupport.loadRules(parsed.values("rules"), command: "calendar", io: io) else {
            return Driver.ExitStatus.unusable
        }
        let listing: CalendarListing
        switch CalendarListing.meetings(in: loaded.rulebook, group: name, from: from, to: to) {
        case .success(let found): listing = found
        case .failure(let problem):
            if !problem.diagnostics.isEmpty {
                io.writeError(DiagnosticRenderer(files: loaded.files).render(problem.diagnostics))
                return Driver.ExitStatus.unusable
            }
            return fail(problem.message, io: io)
        }
        io.write(format == "json" ? listing.json().rendered() + "\n" : listing.text())
        return Driver.ExitStatus.success
    }

    static func fail(_ message: String, io: TextIO) -> Int32 {
        io.writeError("rulecheck calendar: \(message)\n")
        return Driver.ExitStatus.unusable
    }
}
