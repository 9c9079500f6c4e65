extension DeclarationChecker {
    /// A `meets` clause can be expanded (G010), has a phase (G011), meets every month it
    /// should (G008, a warning) and changes only meetings it has (G009).
    mutating func checkCadence(_ cadence: Cadence, of group: GroupDecl) {
        guard let defaultStart = Self.defaultCadenceStart else { return }
        let schedule = GovernanceCalendar.schedule(of: cadence, defaultStart: defaultStart)
        let name = group.name.text
        if let problem = schedule.validationError {
            let text = problem.description
            let parts = text.split(separator: "; ", maxSplits: 1, omittingEmptySubsequences: false)
            let help = parts.count == 2 ? String(parts[1]) : "correct the `meets` clause of `\(name)`"
            diagnostics.append(.error(.invalidCadence, "`\(name)` cannot meet as written: \(parts.first ?? Substring(text))",
                                      at: cadence.span, help: help))
            return
        }
        let periods: String? = switch cadence.frequency {
        case .weekly(let n): n > 1 ? "weeks" : nil
        case .monthly(let n): n > 1 ? "months" : nil
        }
        if let periods, cadence.from == nil {
            // Which weeks or months it meets in is unknown, so its dates cannot be checked either.
            diagnostics.append(.error(.cadenceWithoutPhase,
                                      "`\(name)` meets \(schedule.frequency) but has no `from` date, "
                                      + "so which \(periods) it meets in is undefined",
                                      at: cadence.span, help: "add `from DATE` with the date of a first meeting"))
            return
        }
        checkMissingMonths(schedule, of: name, at: cadence.span)
        for exception in cadence.exceptions {
            switch exception {
            case .cancelled(let date, _, let span):
                checkException(date, verb: "cancel", schedule: schedule, of: name, at: span)
            case .moved(let date, _, _, _, let span):
                checkException(date, verb: "move", schedule: schedule, of: name, at: span)
            case .extra:
                break
            }
        }
    }

    /// G008: the months in the cadence's first year that lack its day (a fifth Friday, a 31st).
    private mutating func checkMissingMonths(_ schedule: MeetingSchedule, of name: String, at span: SourceSpan) {
        let start = schedule.from
        guard case .monthly = schedule.frequency,
              let sameDay = CivilDate(year: start.year + 1, month: start.month, day: 1)?
                  .adding(days: min(start.day, CivilDate.daysInMonth(year: start.year + 1, month: start.month)) - 1),
              let end = sameDay.adding(days: -1),
              case .success(let missing) = schedule.monthsWithoutOccurrence(from: start, to: end),
              !missing.isEmpty else { return }
        let day = switch schedule.resolvedDay {
        case .nthWeekday: "the \(schedule.resolvedDay) of the month"
        case .dayOfMonth, .weekday: "\(schedule.resolvedDay) of the month"
        }
        let months = missing.count == 1 ? "1 month of its first year does" : "\(missing.count) months of its first year do"
        diagnostics.append(.warning(.cadenceSkipsMonths,
                                    "`\(name)` meets on \(day), which \(months) not have: "
                                    + missing.map(\.description).joined(separator: ", "),
                                    at: span,
                                    help: "meet on the `last` weekday or an earlier day so that every month has a meeting"))
    }

    /// G009: `except DATE` cancels or moves a date the cadence meets on.
    private mutating func checkException(_ date: CivilDate, verb: String, schedule: MeetingSchedule,
                                         of name: String, at span: SourceSpan) {
        guard !schedule.isRegularOccurrence(date) else { return }
        var help = "\(verb) a date `\(name)` meets on, or use `extra` for a meeting of its own"
        if let nearest = nearestOccurrence(to: date, in: schedule) {
            help = "the nearest meeting is on \(nearest); " + help
        }
        diagnostics.append(.error(.exceptionNotAMeeting, "`\(name)` does not meet on \(date), so there is no meeting to \(verb)",
                                  at: span, help: help))
    }

    /// The cadence's meeting closest to `date`, within about a month either side.
    private func nearestOccurrence(to date: CivilDate, in schedule: MeetingSchedule) -> CivilDate? {
        guard let lower = date.adding(days: -45), let upper = date.adding(days: 45) else { return nil }
        return schedule.occurrences(from: lower, to: upper).min { a, b in
            abs(a.days(since: date)) < abs(b.days(since: date))
        }
    }
}
