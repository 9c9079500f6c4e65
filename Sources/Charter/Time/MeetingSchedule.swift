/// When a group meets: a repeating cadence ("monthly on the second Wednesday at 10:00 for
/// 2h30m from 2024-02-01") plus dated exceptions.
///
/// Occurrences come from the cadence alone; exceptions then cancel, move or add meetings.
/// Meetings on holidays are reported by `meetings(from:to:calendar:)`, never moved silently.
public struct MeetingSchedule: Hashable, Sendable {
    /// How often the cadence repeats.
    public enum Frequency: Hashable, Sendable, CustomStringConvertible {
        /// Every `interval` weeks: 1 is weekly, 2 fortnightly.
        case weekly(interval: Int)
        /// Every `interval` months: 1 is monthly, 3 quarterly.
        case monthly(interval: Int)

        /// `weekly`, `every 2 weeks`, `monthly`, `every 3 months`.
        public var description: String {
            switch self {
            case .weekly(let n): n == 1 ? "weekly" : "every \(n) weeks"
            case .monthly(let n): n == 1 ? "monthly" : "every \(n) months"
            }
        }
    }

    /// Which day of the period the group meets.
    public enum Day: Hashable, Sendable, CustomStringConvertible {
        /// A day of the week; for weekly cadences only.
        case weekday(Weekday)
        /// The `ordinal`th weekday of the month (1 to 5, or -1 for the last); for monthly cadences.
        case nthWeekday(ordinal: Int, Weekday)
        /// A day of the month, 1 to 31; months without that day have no meeting (see
        /// `monthsWithoutOccurrence(from:to:)`), rather than a guessed nearby day.
        case dayOfMonth(Int)

        /// `Wednesday`, `second Wednesday`, `last Friday`, `day 15`.
        public var description: String {
            switch self {
            case .weekday(let w): return w.capitalizedName
            case .nthWeekday(let ordinal, let w):
                let words = [-1: "last", 1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"]
                return "\(words[ordinal] ?? "number \(ordinal)") \(w.capitalizedName)"
            case .dayOfMonth(let d): return "day \(d)"
            }
        }
    }

    /// A dated change to the cadence. Cancelling or moving a date that is not an occurrence
    /// changes nothing; check exceptions with `isOccurrence(_:)` to warn about them.
    public enum Exception: Hashable, Sendable {
        /// The meeting on the date does not happen (it is still listed, as cancelled).
        case cancelled(CivilDate, note: String? = nil)
        /// The meeting on the date happens on `to` instead, at `at` or else the usual time.
        case moved(CivilDate, to: CivilDate, at: TimeOfDay? = nil, note: String? = nil)
        /// An additional meeting on the date, at `at` or else the usual time.
        case extra(CivilDate, at: TimeOfDay? = nil, note: String? = nil)
    }

    /// The widest interval accepted, as the charter language accepts (`every 520 weeks`).
    public static let intervalRange: ClosedRange<Int> = 1...520

    /// How often the cadence repeats.
    public var frequency: Frequency
    /// The meeting day; `nil` means the weekday of `from` (weekly) or its day of the month (monthly).
    public var day: Day?
    /// The usual start time, if the cadence states one.
    public var start: TimeOfDay?
    /// Minutes from start to end, 1 to 1439; meetings may not run past midnight.
    public var lengthMinutes: Int?
    /// The first possible date. Weekly cycles with an interval over 1 are anchored at the
    /// first occurrence on or after it; monthly cycles at its month.
    public var from: CivilDate
    /// The last possible date of a regular occurrence, if the cadence ends.
    public var until: CivilDate?
    /// Applied in order; for a date with several cancellations or moves, the first wins.
    public var exceptions: [Exception]

    /// A schedule; nothing is checked until it is used (see `validationError`).
    public init(frequency: Frequency, day: Day?, start: TimeOfDay? = nil, lengthMinutes: Int? = nil,
                from: CivilDate, until: CivilDate? = nil, exceptions: [Exception] = []) {
        self.frequency = frequency
        self.day = day
        self.start = start
        self.lengthMinutes = lengthMinutes
        self.from = from
        self.until = until
        self.exceptions = exceptions
    }

    /// The first problem that stops the schedule being expanded, or `nil` when it is sound.
    public var validationError: ScheduleError? {
        switch frequency {
        case .weekly(let n), .monthly(let n):
            guard Self.intervalRange.contains(n) else { return .invalidInterval(n) }
        }
        switch resolvedDay {
        case .nthWeekday(let ordinal, _):
            guard (1...5).contains(ordinal) || ordinal == -1 else { return .invalidOrdinal(ordinal) }
        case .dayOfMonth(let d):
            guard (1...31).contains(d) else { return .invalidDayOfMonth(d) }
        case .weekday:
            break
        }
        switch (frequency, resolvedDay) {
        case (.weekly, .weekday), (.monthly, .nthWeekday), (.monthly, .dayOfMonth): break
        default: return .dayDoesNotSuitFrequency(day: resolvedDay, frequency: frequency)
        }
        if let until, until < from { return .untilBeforeFrom(from: from, until: until) }
        if let length = lengthMinutes {
            guard (1...1439).contains(length) else { return .invalidLength(length) }
            let starts = [start] + exceptions.map { exception -> TimeOfDay? in
                switch exception {
                case .cancelled: nil
                case .moved(_, _, let at, _), .extra(_, let at, _): at
                }
            }
            for case let time? in starts where time.minutes + length > 1439 {
                return .runsPastMidnight(start: time, lengthMinutes: length)
            }
        }
        return nil
    }

    /// Whether the cadence alone, before exceptions, meets on `date`; `false` for a schedule
    /// with a `validationError`.
    public func isOccurrence(_ date: CivilDate) -> Bool {
        validationError == nil && isRegularOccurrence(date)
    }

    /// `isOccurrence(_:)` for a schedule already validated, so that checking many exceptions
    /// does not validate the schedule again for each.
    func isRegularOccurrence(_ date: CivilDate) -> Bool {
        guard date >= from, until.map({ date <= $0 }) ?? true else { return false }
        switch (frequency, resolvedDay) {
        case (.weekly(let interval), .weekday(let weekday)):
            let offset = date.dayNumber - weeklyAnchor(weekday)
            return date.weekday == weekday && offset >= 0 && offset % (7 * interval) == 0
        case (.monthly(let interval), _):
            let month = YearMonth(date)
            let offset = month.index - YearMonth(from).index
            return offset % interval == 0 && occurrence(in: month) == date
        default:
            return false
        }
    }

    /// The day the cadence actually uses once a missing `day` is taken from `from`.
    var resolvedDay: Day {
        if let day { return day }
        switch frequency {
        case .weekly: return .weekday(from.weekday)
        case .monthly: return .dayOfMonth(from.day)
        }
    }

    /// Day number of the first `weekday` on or after `from`, where a weekly cycle starts.
    func weeklyAnchor(_ weekday: Weekday) -> Int {
        from.dayNumber + (weekday.isoNumber - from.weekday.isoNumber + 7) % 7
    }

    /// The date the monthly rule picks in `month`, or `nil` when the month has no such day.
    func occurrence(in month: YearMonth) -> CivilDate? {
        switch resolvedDay {
        case .nthWeekday(let ordinal, let weekday):
            CivilDate.nthWeekday(ordinal, weekday, year: month.year, month: month.month)
        case .dayOfMonth(let d):
            CivilDate(year: month.year, month: month.month, day: d)
        case .weekday:
            nil
        }
    }
}
