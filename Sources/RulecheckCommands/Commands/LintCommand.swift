import Charter

/// `rulecheck lint [PATH...]`, `rulecheck lint --rules PATH... FILE...`: parse and check rule
/// files; the diagnostics on standard output in the format asked for, the summary on standard
/// error.
enum LintCommand {
    static let help = """
        usage: rulecheck lint [options] [PATH...]
               rulecheck lint [options] --rules PATH... FILE...

        Parses and checks every `.charter` file at or under each PATH (default: rules/)
        and prints each problem with its place, the source line and a hint. With --rules, each
        FILE is a what-if laid over the rules as `diff --after` lays it: its declarations replace
        those of the same kind and name, and the combined rulebook is checked.

        The diagnostics go to standard output; the summary line (files, errors, warnings) and
        unreadable paths to standard error.

        options:
          --format FORMAT          text: source excerpts and hints (default; `human` is the same);
                                   plain: one line per diagnostic, file:line:column: severity;
                                   json: {"files", "errors", "warnings", "diagnostics"};
                                   sarif: a SARIF 2.1.0 log, for code scanning and editors
          --rules PATH             the rules the FILEs are laid over (repeatable)
          --reads                  after a clean check, list the record types each rule reads
                                   besides its own (`impact_assessments` in a change request's
                                   rule), which it sees only when a command is given them
          --warnings-as-errors     fail on warnings too
          --color WHEN             colour text and plain diagnostics: auto (default; off with
                                   NO_COLOR or when standard output is not a terminal), always
                                   or never

        exit status: 0 no errors, 1 errors found, 2 usage error or unreadable path

        """

    /// The formats, and what the old names stand for.
    static let formats = ["text", "human", "plain", "json", "sarif"]

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let format: String
        let colors: ColorChoice
        do {
            parsed = try Arguments(arguments, options: ["format", "rules", "color"], flags: ["help", "warnings-as-errors", "reads"])
            format = try parsed.choice("format", among: formats, default: "text")
            colors = try ColorChoice(parsed, io: io)
            if !parsed.values("rules").isEmpty, parsed.positionals.isEmpty {
                throw Arguments.UsageError(description: "name the what-if files to lay over the rules: `lint --rules PATH FILE...`")
            }
        } catch {
            return Driver.usageError("\(error)", command: "lint", io: io)
        }
        if parsed.flag("help") {
            io.write(help)
            return Driver.ExitStatus.success
        }
        var loaded: RulebookLoader.Result
        if parsed.values("rules").isEmpty {
            loaded = RulebookLoader().load(paths: parsed.positionals.isEmpty ? ["rules"] : parsed.positionals)
        } else {
            loaded = RulebookLoader().load(paths: parsed.values("rules"))
            RulebookLoader().load(paths: parsed.positionals, into: &loaded, overlay: true)
        }
        let checked = loaded.check()
        for problem in loaded.unreadable {
            io.writeError("rulecheck lint: \(problem)\n")
        }
        if !loaded.unreadable.isEmpty { return Driver.ExitStatus.unusable }
        let diagnostics = loaded.diagnostics.sortedBySource()
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let fileCount = loaded.files.files.count
        let reads = parsed.flag("reads") ? checked?.recordTypesRead() : nil
        switch format {
        case "json":
            var fields: [(String, JSON)] = [
                ("files", .integer(fileCount)),
                ("errors", .integer(errors)),
                ("warnings", .integer(warnings)),
                ("diagnostics", DiagnosticJSON(diagnostics, files: loaded.files).json()),
            ]
            if let reads {
                fields.append(("reads", .array(reads.map { read in
                    .object([("rule", .string(read.rule)), ("for", .string(read.subject)),
                             ("other_types", .array(read.otherTypes.map(JSON.string)))])
                })))
            }
            io.write(JSON.object(fields).rendered() + "\n")
        case "sarif":
            io.write(DiagnosticSARIF(diagnostics, files: loaded.files, toolVersion: Driver.version).json().rendered() + "\n")
        case "plain":
            io.write(DiagnosticRenderer(files: loaded.files, style: .plain, palette: colors.output).render(diagnostics))
        default:
            io.write(DiagnosticRenderer(files: loaded.files, style: .human, palette: colors.output).render(diagnostics))
        }
        if let reads, format != "json", format != "sarif" {
            for read in reads {
                let others = read.otherTypes.isEmpty ? "no other record type" : read.otherTypes.map { "`\($0)`" }.joined(separator: ", ")
                io.write("rule \(read.rule) (for \(read.subject)) reads \(others)\n")
            }
        }
        let summary = "\(fileCount) file\(fileCount == 1 ? "" : "s"), \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        io.writeError(summary + "\n")
        if errors > 0 || (parsed.flag("warnings-as-errors") && warnings > 0) {
            return Driver.ExitStatus.failure
        }
        return Driver.ExitStatus.success
    }
}
