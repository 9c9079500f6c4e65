/// A group's meetings over a range, from its `meets` clauses (`calendar`, and the REPL's
/// `:calendar`), as text for people and JSON for scripts.
public struct CalendarListing: Sendable {
    public let group: GroupDecl
    public let from: CivilDate
    public let to: CivilDate
    public let meetings: [Meeting]
    /// The charter's working-day calendar, by name.
    public let calendarName: String

    /// Why there is no listing: a message, or the diagnostics of a calendar that does not check.
    public struct Problem: Error, Sendable {
        public let message: String
        public let diagnostics: [Diagnostic]
    }

    /// The meetings of group `name` from its cadences, between `from` and `to` (defaults: the
    /// cadence's own dates, or a year on).
    public static func meetings(in rulebook: Rulebook, group name: String, from: CivilDate?, to: CivilDate?) -> Result<CalendarListing, Problem> {
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
        return .success(CalendarListing(group: group, from: lower, to: upper, meetings: meetings, calendarName: governance.calendarName))
    }

    /// Months of the range with no meeting, for cadences on a day not every month has.
    private static func monthsMissing(_ cadence: Cadence, _ schedule: MeetingSchedule, from: CivilDate, to: CivilDate) -> [YearMonth]? {
        switch cadence.day {
        case .nthWeekday(5, _)?, .dayOfMonth(29...)?:
            guard case .success(let missing) = schedule.monthsWithoutOccurrence(from: max(from, schedule.from), to: to) else { return nil }
            return missing
        default:
            return nil
        }
    }

    private static func statusWord(_ status: Meeting.Status) -> String {
        switch status {
        case .regular: "regular"
        case .moved: "moved"
        case .extra: "extra"
        case .cancelled: "cancelled"
        }
    }

    public func text() -> String {
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

    public func json() -> JSON {
        .object([
            ("group", .string(group.name.text)),
            ("title", .optional(group.title?.value)),
            ("from", .string(from.description)),
            ("to", .string(to.description)),
            ("calendar", .string(calendarName)),
            ("meetings", .array(meetings.map { meeting in
                var movedFrom: String?
                if case .moved(let original) = meeting.status { movedFrom = original.description }
                return .object([
                    ("date", .string(meeting.date.description)),
                    ("weekday", .string(meeting.date.weekday.rawValue)),
                    ("start", .optional(meeting.start?.description)),
                    ("end", .optional(meeting.end?.description)),
                    ("status", .string(Self.statusWord(meeting.status))),
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
