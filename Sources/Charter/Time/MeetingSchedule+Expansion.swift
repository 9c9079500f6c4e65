/// One meeting produced by expanding a `MeetingSchedule`.
public struct Meeting: Hashable, Sendable, CustomStringConvertible {
    /// How the meeting came about; cancelled meetings are kept so a tool can show them.
    public enum Status: Hashable, Sendable {
        /// An occurrence of the cadence, unchanged.
        case regular
        /// Moved here from the regular occurrence on the given date.
        case moved(from: CivilDate)
        /// Added by an `extra` exception.
        case extra
        /// An occurrence that an exception cancelled.
        case cancelled
    }

    /// The day the meeting happens (for a cancelled one, the day it would have happened).
    public let date: CivilDate
    /// The start time: the exception's own time for moved and extra meetings, else the cadence's.
    public let start: TimeOfDay?
    /// Known only when both the start and the length are.
    public let end: TimeOfDay?
    /// Whether the meeting is regular, moved, extra or cancelled.
    public let status: Status
    /// Monday to Friday and not a holiday in the calendar used.
    public let isWorkingDay: Bool
    /// The holiday's name when the meeting falls on one; reported, never acted on.
    public let holiday: String?
    /// The note the exception gave, if any.
    public let note: String?

    /// `2024-03-13 10:00–12:30` with the status and holiday when there are any.
    public var description: String {
        var text = date.description
        if let start { text += " \(start)" + (end.map { "–\($0)" } ?? "") }
        switch status {
        case .regular: break
        case .moved(let original): text += " (moved from \(original))"
        case .extra: text += " (extra)"
        case .cancelled: text += " (cancelled)"
        }
        if let holiday { text += " [\(holiday)]" }
        return text
    }
}

extension MeetingSchedule {
    /// The widest range expanded at once: 100 years of days.
    public static let maximumRangeDays = 36_525
    /// The most meetings returned at once.
    public static let maximumMeetings = 10_000

    /// Every meeting dated `lower...upper` (inclusive) in date and time order: regular
    /// occurrences, cancelled ones (marked), moved ones at their new date, and extras.
    /// A meeting moved into the range from outside it is included; one moved out is not.
    public func meetings(from lower: CivilDate, to upper: CivilDate,
                         calendar: WorkingDayCalendar) -> Result<[Meeting], ScheduleError> {
        if let problem = checkRange(lower, upper) ?? validationError { return .failure(problem) }
        var cancelled: [CivilDate: String?] = [:]
        var moves: [(original: CivilDate, target: CivilDate, at: TimeOfDay?, note: String?)] = []
        var changed = Set<CivilDate>()
        var found: [(date: CivilDate, start: TimeOfDay?, status: Meeting.Status, note: String?)] = []
        for exception in exceptions {
            switch exception {
            case .cancelled(let date, let note):
                if isRegularOccurrence(date), changed.insert(date).inserted { cancelled[date] = note }
            case .moved(let date, let target, let at, let note):
                if isRegularOccurrence(date), changed.insert(date).inserted,
                   (lower...upper).contains(target) {
                    moves.append((date, target, at, note))
                }
            case .extra(let date, let at, let note):
                if (lower...upper).contains(date) { found.append((date, at ?? start, .extra, note)) }
            }
        }
        for date in occurrences(from: lower, to: upper) {
            if let note = cancelled[date] {
                found.append((date, start, .cancelled, note))
            } else if !changed.contains(date) {
                found.append((date, start, .regular, nil))
            }
        }
        for move in moves { found.append((move.target, move.at ?? start, .moved(from: move.original), move.note)) }
        guard found.count <= Self.maximumMeetings else { return .failure(.tooManyMeetings(limit: Self.maximumMeetings)) }

        let ordered = found.enumerated().sorted { a, b in
            (a.element.date, a.element.start?.minutes ?? -1, a.offset) < (b.element.date, b.element.start?.minutes ?? -1, b.offset)
        }
        var holidaysByYear: [Int: [CivilDate: String]] = [:]
        return .success(ordered.map { _, item in
            let year = item.date.year
            let holidays = holidaysByYear[year] ?? Dictionary(
                calendar.holidays(in: year).map { ($0.date, $0.name) }, uniquingKeysWith: { first, _ in first })
            holidaysByYear[year] = holidays
            let holiday = holidays[item.date]
            let end = item.start.flatMap { s in lengthMinutes.flatMap { TimeOfDay(minutes: s.minutes + $0) } }
            return Meeting(date: item.date, start: item.start, end: end, status: item.status,
                           isWorkingDay: holiday == nil && !item.date.weekday.isWeekend, holiday: holiday, note: item.note)
        })
    }

    /// The months in `lower...upper` where the cadence should meet but the month has no such
    /// day (a fifth Monday, a 31st), so a checker can warn. Always empty for weekly cadences.
    public func monthsWithoutOccurrence(from lower: CivilDate, to upper: CivilDate) -> Result<[YearMonth], ScheduleError> {
        if let problem = checkRange(lower, upper) ?? validationError { return .failure(problem) }
        guard case .monthly(let interval) = frequency else { return .success([]) }
        let first = max(lower, from)
        let last = until.map { min(upper, $0) } ?? upper
        guard first <= last else { return .success([]) }
        return .success(cycleMonths(interval: interval, from: YearMonth(first), to: YearMonth(last))
            .filter { occurrence(in: $0) == nil })
    }

    /// Regular occurrence dates in `lower...upper` within `from...until`, ascending, before exceptions.
    func occurrences(from lower: CivilDate, to upper: CivilDate) -> [CivilDate] {
        let first = max(lower, from)
        let last = until.map { min(upper, $0) } ?? upper
        guard first <= last else { return [] }
        switch (frequency, resolvedDay) {
        case (.weekly(let interval), .weekday(let weekday)):
            let anchor = weeklyAnchor(weekday)
            let step = 7 * interval
            // Jump straight to the first cycle date in range rather than walking from the anchor.
            let skipped = max(0, first.dayNumber - anchor + step - 1) / step
            return stride(from: anchor + skipped * step, through: last.dayNumber, by: step)
                .compactMap(CivilDate.init(dayNumber:))
        case (.monthly(let interval), _):
            return cycleMonths(interval: interval, from: YearMonth(first), to: YearMonth(last))
                .compactMap { occurrence(in: $0) }
                .filter { $0 >= first && $0 <= last }
        default:
            return []
        }
    }

    /// The months of the monthly cycle anchored at `from`'s month that lie in `first...last`.
    private func cycleMonths(interval: Int, from first: YearMonth, to last: YearMonth) -> [YearMonth] {
        let anchor = YearMonth(from).index
        let skipped = max(0, first.index - anchor + interval - 1) / interval
        return stride(from: anchor + skipped * interval, through: last.index, by: interval)
            .compactMap(YearMonth.init(index:))
    }

    private func checkRange(_ lower: CivilDate, _ upper: CivilDate) -> ScheduleError? {
        guard lower <= upper else { return .endBeforeStart(from: lower, to: upper) }
        let days = upper.dayNumber - lower.dayNumber + 1
        guard days <= Self.maximumRangeDays else {
            return .rangeTooLarge(from: lower, to: upper, limitDays: Self.maximumRangeDays)
        }
        return nil
    }
}
