import Charter

/// `rulecheck lint [PATH...]`: parse and check rule files, print every diagnostic.
enum LintCommand {
    static let help = """
        usage: rulecheck lint [options] [PATH...]

        Parses and checks every `.charter` file at or under each PATH (default: rules/)
        and prints each problem with its place, the source line and a hint.

        options:
          --format human|plain     human: source excerpts and hints (default);
                                   plain: one line per diagnostic, for scripts
          --warnings-as-errors     fail on warnings too

        exit status: 0 no errors, 1 errors found, 2 usage error or unreadable path

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let style: DiagnosticRenderer.Style
        do {
            parsed = try Arguments(arguments, options: ["format"], flags: ["help", "warnings-as-errors"])
            style = DiagnosticRenderer.Style(rawValue: try parsed.choice("format", among: ["human", "plain"], default: "human")) ?? .human
        } catch {
            return Driver.usageError("\(error)", command: "lint", io: io)
        }
        if parsed.flag("help") {
            io.write(help)
            return Driver.ExitStatus.success
        }
        let paths = parsed.positionals.isEmpty ? ["rules"] : parsed.positionals
        var loaded = RulebookLoader().load(paths: paths)
        loaded.check()
        for problem in loaded.unreadable {
            io.writeError("rulecheck lint: \(problem)\n")
        }
        let diagnostics = loaded.diagnostics.sortedBySource()
        io.writeError(DiagnosticRenderer(files: loaded.files, style: style).render(diagnostics))
        if !loaded.unreadable.isEmpty { return Driver.ExitStatus.unusable }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        if style == .human {
            let fileCount = loaded.files.files.count
            let summary = "\(fileCount) file\(fileCount == 1 ? "" : "s"), \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            io.writeError(summary + "\n")
        }
        if errors > 0 || (parsed.flag("warnings-as-errors") && warnings > 0) {
            return Driver.ExitStatus.failure
        }
        return Driver.ExitStatus.success
    }
}
