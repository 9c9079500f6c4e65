/// What the commands that read a rulebook share.
enum CommandSupport {
    /// Loads the rulebook at `paths` (default `rules/`). Prints its diagnostics; returns nil
    /// when it cannot be used (unreadable, or with errors), for the command to exit 2.
    static func loadRules(_ paths: [String], command: String, io: TextIO) -> RulebookLoader.Result? {
        var loaded = RulebookLoader().load(paths: paths.isEmpty ? ["rules"] : paths)
        loaded.check()
        for problem in loaded.unreadable {
            io.writeError("rulecheck \(command): \(problem)\n")
        }
        let errors = loaded.diagnostics.filter { $0.severity == .error }.sortedBySource()
        if !errors.isEmpty {
            io.writeError(DiagnosticRenderer(files: loaded.files).render(errors))
            io.writeError("rulecheck \(command): the rules have errors; run `rulecheck lint` for details\n")
        }
        return loaded.unreadable.isEmpty && errors.isEmpty ? loaded : nil
    }

    /// A date argument in ISO form, or a usage error naming it.
    static func date(_ text: String, _ what: String) throws -> CivilDate {
        guard let date = CivilDate(iso: text) else {
            throw Arguments.UsageError(description: CommandSupport.dateProblem(text, what))
        }
        return date
    }

    static func dateProblem(_ text: String, _ what: String) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
           let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
           let reason = CivilDate.whyNotADate(year: y, month: m, day: d) {
            return "\(what) `\(text)` does not exist: \(reason)"
        }
        return "\(what) `\(text)` is not a date; write YYYY-MM-DD, as in 2024-03-13"
    }
}
