/// The time facts of a rulebook: its working-day calendar and each group's meeting schedules,
/// resolved from the syntax tree.
public struct GovernanceCalendar: Sendable {
    /// The calendar when a rulebook has no `charter` header or names none.
    public static let defaultCalendarName = "england_and_wales"

    public let calendar: WorkingDayCalendar
    public let calendarName: String

    /// The calendar the rulebook's `charter` header names, with its own holidays; the
    /// diagnostics say why when it names a calendar that does not exist.
    public static func calendar(of rulebook: Rulebook) -> (GovernanceCalendar?, [Diagnostic]) {
        let header = rulebook.declarations.lazy.compactMap { declaration -> CharterDecl? in
            if case .charter(let decl) = declaration { return decl } else { return nil }
        }.first
        let name = header?.calendar?.text ?? defaultCalendarName
        guard let base = WorkingDayCalendar.builtIn(named: name) else {
            let diagnostic = Diagnostic.error(.unknownCalendar, "there is no calendar `\(name)`", at: header?.calendar?.span,
                                              help: Suggest.didYouMean(name, among: WorkingDayCalendar.builtInNames)
                                                  ?? "the calendars are \(Suggest.list(WorkingDayCalendar.builtInNames))")
            return (nil, [diagnostic])
        }
        let extra = (header?.holidays ?? []).map {
            BankHoliday(date: $0.date, name: $0.name?.value ?? "Programme holiday")
        }
        return (GovernanceCalendar(calendar: base.adding(holidays: extra), calendarName: name), [])
    }

    /// The schedule of one `meets` clause. A cadence without `from` starts at `defaultStart`
    /// (only the phase of cadences that repeat every several weeks or months depends on it).
    public static func schedule(of cadence: Cadence, defaultStart: CivilDate) -> MeetingSchedule {
        let frequency: MeetingSchedule.Frequency = switch cadence.frequency {
        case .weekly(let n): .weekly(interval: n)
        case .monthly(let n): .monthly(interval: n)
        }
        let day: MeetingSchedule.Day? = switch cadence.day {
        case .weekday(let w)?: .weekday(w)
        case .nthWeekday(let ordinal, let w)?: .nthWeekday(ordinal: ordinal, w)
        case .dayOfMonth(let d)?: .dayOfMonth(d)
        case nil: nil
        }
        let exceptions: [MeetingSchedule.Exception] = cadence.exceptions.map {
            switch $0 {
            case .cancelled(let date, let note, _): .cancelled(date, note: note?.value)
            case .moved(let date, let to, let at, let note, _): .moved(date, to: to, at: at, note: note?.value)
            case .extra(let date, let at, let note, _): .extra(date, at: at, note: note?.value)
            }
        }
        return MeetingSchedule(frequency: frequency, day: day, start: cadence.start, lengthMinutes: cadence.lengthMinutes,
                               from: cadence.from ?? defaultStart, until: cadence.until, exceptions: exceptions)
    }
}
