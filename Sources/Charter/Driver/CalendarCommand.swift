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
        let listing: Listing
        switch meetings(in: loaded.rulebook, group: name, from: from, to: to) {
        case .success(let found): listing = found
        case .failure(let problem):
            if !problem.diagnostics.isEmpty {
                io.writeError(DiagnosticRenderer(files: loaded.files).render(problem.diagnostics))
                return Driver.ExitStatus.unusable
            }
            return fail(problem.message, io: io)
        }
        let (group, lower, upper, meetings, governance) = (listing.group, listing.from, listing.to, listing.meetings, listing.calendarName)
        if format == "json" {
            io.write(json(group: group, from: lower, to: upper, calendar: governance, meetings: meetings).rendered() + "\n")
        } else {
            io.write(text(group: group, from: lower, to: upper, meetings: meetings))
        }
        return Driver.ExitStatus.success
    }

    /// A group's meetings over a range, as `calendar` lists them.
    struct Listing {
        let group: GroupDecl
        let from: CivilDate
        let to: CivilDate
        let meetings: [Meeting]
        let calendarName: String
    }

    struct Problem: Error {
        let message: String
        let diagnostics: [Diagnostic]
    }

    /// The meetings of group `name` from its cadences, between `from` and `to` (defaults: the
    /// cadence's own dates, or a year on).
    static func meetings(in rulebook: Rulebook, group name: String, from: CivilDate?, to: CivilDate?) -> Result<Listing, Problem> {
        let groups = rulebook.declarations.compactMap { d -> GroupDecl? in
            if case .group(let g) = d { return g } else { return nil }
        }
        guard let group = groups.first(where: { $0.name.text == name }) else {
            let hint = Suggest.didYouMean(name, among: groups.map(\.name.text)).map { "; \($0)" } ?? ""
            return .failure(Problem(message: "there is no group `\(name)` in the rules\(hint)", diagnostics: []))
        }
        let cadences = group.clauses.compactMap { c -> Cadence? in if case .meets(let m) = c { return m } else { return nil } }
        guard !cadences.isEmpty else {
            return .failure(Problem(message: "group `\(name)` has no `meets` clause, so no meeting dates", diagnostics: []))
        }
        let (governance, problems) = GovernanceCalendar.calendar(of: rulebook)
        guard let governance else { return .failure(Problem(message: "", diagnostics: problems)) }
        guard let lower = from ?? cadences.compactMap(\.from).min() else {
            return .failure(Problem(message: "group `\(name)`'s cadence has no `from` date; give `--from DATE`", diagnostics: []))
        }
        let upper = to ?? cadences.compactMap(\.until).max() ?? lower.adding(days: 365) ?? lower
        var meetings: [Meeting] = []
        for cadence in cadences {
            let schedule = GovernanceCalendar.schedule(of: cadence, defaultStart: lower)
            switch schedule.meetings(from: lower, to: upper, calendar: governance.calendar) {
            case .success(let found): meetings += found
            case .failure(let problem): return .failure(Problem(message: "\(problem)", diagnostics: []))
            }
            if let missing = monthsMissing(cadence, schedule, from: lower, to: upper), !missing.isEmpty {
                let months = missing.prefix(6).map(\.description).joined(separator: ", ") + (missing.count > 6 ? ", …" : "")
                let day = schedule.day.map { "the \($0)" } ?? "its day"
                return .failure(Problem(message: "group `\(name)` meets on \(day) of the month, which \(missing.count) month\(missing.count == 1 ? "" : "s") in the range do not have (\(months)); meet on the `last` weekday or an earlier day so that every month has a meeting", diagnostics: []))
            }
        }
        meetings.sort { ($0.date, $0.start?.minutes ?? -1) < ($1.date, $1.start?.minutes ?? -1) }
        return .success(Listing(group: group, from: lower, to: upper, meetings: meetings, calendarName: governance.calendarName))
    }

    /// Months of the range with no meeting, for cadences on a day not every month has.
    static func monthsMissing(_ cadence: Cadence, _ schedule: MeetingSchedule, from: CivilDate, to: CivilDate) -> [YearMonth]? {
        switch cadence.day {
        case .nthWeekday(5, _)?, .dayOfMonth(29...)?:
            guard case .success(let missing) = schedule.monthsWithoutOccurrence(from: max(from, schedule.from), to: to) else { return nil }
            return missing
        default:
            return nil
        }
    }

    static func fail(_ message: String, io: TextIO) -> Int32 {
        io.writeError("rulecheck calendar: \(message)\n")
        return Driver.ExitStatus.unusable
    }

    static func statusWord(_ status: Meeting.Status) -> String {
        switch status {
        case .regular: "regular"
        case .moved: "moved"
        case .extra: "extra"
        case .cancelled: "cancelled"
        }
    }

    static func text(group: GroupDecl, from: CivilDate, to: CivilDate, meetings: [Meeting]) -> String {
        var out = "\(group.name.text)\(group.title.map { " — \($0.value)" } ?? ""): meetings from \(from) to \(to)\n"
        for meeting in meetings {
            var line = "  \(meeting.date)  \(meeting.date.weekday.capitalizedName.padding(9))"
            if let start = meeting.start { line += "  \(start)" + (meeting.end.map { "–\($0)" } ?? "") }
            var remarks: [String] = []
            switch meeting.status {
            case .regular: break
            case .moved(let original): remarks.append("moved from \(original)")
            case .extra: remarks.append("extra")
            case .cancelled: remarks.append("cancelled")
            }
            if let note = meeting.note { remarks.append(note) }
            if let holiday = meeting.holiday, meeting.status != .cancelled { remarks.append("falls on \(holiday)") }
            if !remarks.isEmpty { line += "  (" + remarks.joined(separator: "; ") + ")" }
            out += line + "\n"
        }
        let held = meetings.filter { $0.status != .cancelled }.count
        let cancelled = meetings.count - held
        out += "\(held) meeting\(held == 1 ? "" : "s")\(cancelled > 0 ? ", \(cancelled) cancelled" : "")\n"
        return out
    }

    static func json(group: GroupDecl, from: CivilDate, to: CivilDate, calendar: String, meetings: [Meeting]) -> JSON {
        .object([
            ("group", .string(group.name.text)),
            ("title", .optional(group.title?.value)),
            ("from", .string(from.description)),
            ("to", .string(to.description)),
            ("calendar", .string(calendar)),
            ("meetings", .array(meetings.map { meeting in
                var movedFrom: String?
                if case .moved(let original) = meeting.status { movedFrom = original.description }
                return .object([
                    ("date", .string(meeting.date.description)),
                    ("weekday", .string(meeting.date.weekday.rawValue)),
                    ("start", .optional(meeting.start?.description)),
                    ("end", .optional(meeting.end?.description)),
                    ("status", .string(statusWord(meeting.status))),
                    ("moved_from", .optional(movedFrom)),
                    ("note", .optional(meeting.note)),
                    ("holiday", .optional(meeting.holiday)),
                ])
            })),
        ])
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
