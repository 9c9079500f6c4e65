import Foundation

/// The `:` commands of the REPL.
extension ReplSession {
    static let help = """
        Type an expression to evaluate it against the records loaded, for example
          count(cr in change_requests where cr.outcome == fail)
          all m in meetings: quorate(m)
        Each loaded record type T is a list named Ts (change_requests, meetings, …), and each
        record has two more fields: `outcome` (pass, fail, not_applicable or error) and `failed`
        (the names of the rules it fails).

        Type a declaration (rule, group, process, record, role, …) to add it, or to redefine the
        one of the same name; a `process` without `end` changes only the steps it restates. The
        session then says which outcomes, routes and deadlines change. Blocks may span lines.

        Commands:
          :load PATH... [--type T] [--date-format F]   load record files, or .charter files as changes
          :records              the loaded records and their outcomes
          :rules                the rules and what they apply to
          :check [ID]           verdicts with reasons, for every record or one
          :show ID              one record: its fields, then its verdicts with reasons
          :explain ID RULE      how a rule reached its verdict on a record
          :diff                 what changed since the session started
          :save FILE            write the declarations in effect to FILE, as a .charter file
                                for `rulecheck diff --after FILE` (and `:load FILE`)
          :undo                 take back the last change
          :reset                back to the rules and records the session started with
          :calendar GROUP [FROM [TO]]   a group's meetings
          :help                 this text
          :quit                 end the session (also end of input)

        Ctrl-C stops an input that takes too long and leaves the session as it was. At a
        terminal each change is kept in a journal as it is made: a session that ends without
        :quit (a crash, a closed terminal) comes back with `rulecheck repl --resume`.
        At a terminal Tab completes commands, file paths, record ids, names and the fields
        after `.` (Tab twice lists the choices), and Ctrl-R searches the earlier inputs.

        """

    func command(_ line: String) -> String {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let name = words.first else { return "" }
        let arguments = Array(words.dropFirst())
        switch name {
        case ":help", ":h", ":?": return Self.help
        case ":quit", ":q", ":exit":
            finished = true
            return ""
        case ":records": return listRecords()
        case ":rules": return listRules()
        case ":check": return check(arguments)
        case ":show": return showRecord(arguments)
        case ":explain": return explain(arguments)
        case ":diff": return diffSinceStart()
        case ":undo": return undo()
        case ":reset": return reset()
        case ":load": return load(arguments)
        case ":calendar": return calendar(arguments)
        default:
            let commands = Self.commandNames
            let hint = Suggest.didYouMean(name, among: commands).map { "; \($0)" } ?? "; :help lists the commands"
            return "error: there is no command `\(name)`\(hint)\n"
        }
    }

    func reports() -> [RecordReport] { program.check(records, asOf: asOf) }

    func listRecords() -> String {
        guard !records.isEmpty else { return "no records loaded; :load FILE\n" }
        return reports().map { "\($0.id)  \($0.type)  \($0.outcome.rawValue)\n" }.joined()
    }

    func listRules() -> String {
        guard !program.rules.isEmpty else { return "no rules\n" }
        return program.rules.map { rule in
            "\(rule.name)  for \(program.shapes[rule.shape.index].id.name ?? "?")\(rule.title.map { "  \"\($0)\"" } ?? "")\n"
        }.joined()
    }

    func check(_ arguments: [String]) -> String {
        var chosen = reports()
        if !arguments.isEmpty {
            let id = arguments.joined(separator: " ")
            chosen = chosen.filter { $0.id == id }
            if chosen.isEmpty { return noRecord(id) }
        }
        return CheckReport(reports: chosen, summary: CheckSummary(chosen), files: files).text()
    }

    func showRecord(_ arguments: [String]) -> String {
        guard !arguments.isEmpty else { return "error: write `:show ID` (:records lists them)\n" }
        let id = arguments.joined(separator: " ")
        guard let record = records.first(where: { program.identify($0.value) == id }) else { return noRecord(id) }
        let shape = program.shapes[record.value.shape.index]
        let place = record.place == "$" ? "" : " \(record.place)"
        var out = "\(id)  (\(shape.id.name ?? "record"), \(record.file)\(place))\n"
        for (name, value) in zip(shape.fieldOrder, record.value.fields) {
            out += "  \(name): \(show(value))\n"
        }
        return out + check([id])
    }

    /// The declarations in effect as one `.charter` file, in the canonical layout, with a
    /// comment saying what it is; nil when the session has changed no rule. Laid over the
    /// session's rules (`diff --after`, `lint --rules`, `:load`) it makes the session's rulebook.
    public func whatIfSource() -> String? {
        guard !state.declarationSources.isEmpty else { return nil }
        let body = state.declarationSources.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: "\n\n")
        let text = "# What-ifs of a `rulecheck repl` session, for `rulecheck diff --after` this file.\n\n" + body + "\n"
        if case .formatted(let formatted) = SourceFormatter.format(text: text) { return formatted }
        return text
    }

    func noRecord(_ id: String) -> String {
        let ids = reports().map(\.id)
        let hint = Suggest.didYouMean(id, among: ids).map { "; \($0)" } ?? (ids.isEmpty ? "; no records are loaded" : "")
        return "error: there is no record `\(id)`\(hint)\n"
    }

    func explain(_ arguments: [String]) -> String {
        guard arguments.count >= 2, let rule = arguments.last else { return "error: write `:explain ID RULE`\n" }
        let id = arguments.dropLast().joined(separator: " ")
        guard let record = records.first(where: { program.identify($0.value) == id }) else { return noRecord(id) }
        guard let index = program.rules.firstIndex(where: { $0.name == rule }) else {
            let hint = Suggest.didYouMean(rule, among: program.rules.map(\.name)).map { "; \($0)" } ?? ""
            return "error: there is no rule `\(rule)`\(hint)\n"
        }
        guard program.rules[index].shape == record.value.shape else {
            return "error: rule `\(rule)` is for \(program.shapes[program.rules[index].shape.index].id.name ?? "another type"), not for \(id)\n"
        }
        guard let explainer = program.explainer(rule: rule, rulebook: state.rulebook, files: files) else {
            return "error: rule `\(rule)` cannot be explained\n"
        }
        let report = ExplainReport(rule: explainer.rule, typeName: program.shapes[record.value.shape.index].id.name ?? "record",
                                   files: files, program: program, asOf: asOf,
                                   explained: [(record, id, explainer.explain(record.value, asOf: asOf))])
        return report.text()
    }

    func diffSinceStart() -> String {
        let diff = OutcomeDiff(before: side(initialProgram), after: side(program),
                               records: records, asOf: asOf, known: sideResults)
        keepResults(of: diff)
        guard diff.records.contains(where: { !$0.isEmpty }) else { return "no outcome, route or deadline changes since the session started\n" }
        return DiffReport(diff).text()
    }

    func undo() -> String {
        guard let previous = undoStack.popLast() else { return "nothing to undo\n" }
        return restore(previous, saying: "undone", as: .undo)
    }

    func reset() -> String {
        guard !undoStack.isEmpty else { return "nothing to reset\n" }
        undoStack.removeAll()
        return restore(initial, saying: "reset to the rules and records the session started with", as: .reset)
    }

    func restore(_ target: State, saying what: String, as change: ReplChange) -> String {
        // Every state on the undo stack was checked when it was made.
        guard let checked = Checker.checked(target.rulebook, files: files).checked else {
            return "error: the rules \(what == "undone" ? "before" : "at the start") no longer check; nothing changed\n"
        }
        let nextProgram = Program(checked, limits: limits)
        let nextRecords = recordsUnchanged(from: target.sources, program: nextProgram)
            ?? Self.load(target.sources, program: nextProgram).0
        let diff = replaying ? nil : OutcomeDiff(before: side(program), after: side(nextProgram),
                                                 records: nextRecords, asOf: asOf, known: sideResults)
        state = target
        program = nextProgram
        records = nextRecords
        changes.append(change)
        keepResults(of: diff)
        return what + "\n" + (diff.map { summary($0, since: "before") } ?? "")
    }

    func load(_ words: [String]) -> String {
        let parsed: LoadWords
        do {
            parsed = try LoadWords(words)
        } catch {
            return "error: \(error)\n"
        }
        guard !parsed.paths.isEmpty else { return "error: write `:load PATH...`\n" }
        let format = parsed.dateFormat
        let rulePaths = parsed.paths.filter { $0.hasSuffix(".charter") }
        let recordPaths = parsed.paths.filter { !$0.hasSuffix(".charter") }
        var next = state
        var changes: [String] = []
        if !rulePaths.isEmpty {
            var loaded = RulebookLoader.Result()
            loaded.files = files
            loaded.rulebook = state.rulebook
            let known = files.files.count
            let made = RulebookLoader().load(paths: rulePaths, into: &loaded, overlay: true)
            files = loaded.files
            next.declarationSources += files.files.dropFirst(known).map(\.text)
            if !loaded.unreadable.isEmpty { return loaded.unreadable.map { "error: \($0)\n" }.joined() + "no change: the files cannot be read\n" }
            if loaded.diagnostics.hasErrors { return render(loaded.diagnostics) + "no change: the files have errors\n" }
            next.rulebook = loaded.rulebook
            changes += made.map(\.description)
        }
        next.sources += recordPaths.map { RecordSource(path: $0, typeName: parsed.typeName, dateFormat: format) }
        if !recordPaths.isEmpty {
            let (found, problems) = Self.load(next.sources.suffix(recordPaths.count).map { $0 }, program: program)
            if !problems.isEmpty { return problems.map { "error: \($0)\n" }.joined() + "no change: the records do not load\n" }
            changes.append("loaded \(found.count) \(found.count == 1 ? "record" : "records")")
            let known = Set(records.compactMap { program.identify($0.value) })
            let again = found.compactMap { program.identify($0.value) }.filter { known.contains($0) }
            if !again.isEmpty {
                changes.append("note: \(Suggest.list(again.prefix(5), conjunction: "and"))\(again.count > 5 ? " and \(again.count - 5) more" : "") \(again.count == 1 ? "was" : "were") already loaded; both copies are kept")
            }
        }
        return apply(next, changes: changes, as: .load(parsed.absolute()))
    }

    func calendar(_ arguments: [String]) -> String {
        guard let group = arguments.first else { return "error: write `:calendar GROUP [FROM [TO]]`\n" }
        var dates: [CivilDate] = []
        for text in arguments.dropFirst() {
            guard let date = CivilDate(iso: text) else { return "error: \(CivilDate.whyNotAnISODate(text, "the date"))\n" }
            dates.append(date)
        }
        switch CalendarListing.meetings(in: state.rulebook, group: group, from: dates.first, to: dates.dropFirst().first) {
        case .success(let listing):
            return listing.text()
        case .failure(let problem):
            return problem.diagnostics.isEmpty ? "error: \(problem.message)\n" : render(problem.diagnostics)
        }
    }
}
