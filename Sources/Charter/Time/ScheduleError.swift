/// Why a meeting schedule could not be expanded or checked. Each case's `description` is a
/// complete sentence fragment suitable for a diagnostic ("the range ends on …").
public enum ScheduleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The requested range ends before it starts.
    case endBeforeStart(from: CivilDate, to: CivilDate)
    /// The requested range is longer than `MeetingSchedule.maximumRangeDays`.
    case rangeTooLarge(from: CivilDate, to: CivilDate, limitDays: Int)
    /// The range holds more than `MeetingSchedule.maximumMeetings` meetings.
    case tooManyMeetings(limit: Int)
    /// The frequency's interval is outside `MeetingSchedule.intervalRange`.
    case invalidInterval(Int)
    /// A `.nthWeekday` ordinal other than 1 to 5 or -1.
    case invalidOrdinal(Int)
    /// A `.dayOfMonth` outside 1 to 31.
    case invalidDayOfMonth(Int)
    /// A weekly cadence given a day of the month, or a monthly one given a bare weekday.
    case dayDoesNotSuitFrequency(day: MeetingSchedule.Day, frequency: MeetingSchedule.Frequency)
    /// The cadence's `until` is before its `from`.
    case untilBeforeFrom(from: CivilDate, until: CivilDate)
    /// A meeting length outside 1 to 1439 minutes.
    case invalidLength(Int)
    /// A meeting starting at `start` and lasting `lengthMinutes` would end after midnight.
    case runsPastMidnight(start: TimeOfDay, lengthMinutes: Int)

    /// What went wrong and what would be accepted.
    public var description: String {
        switch self {
        case .endBeforeStart(let from, let to):
            return "the range ends on \(to), before it starts on \(from)"
        case .rangeTooLarge(let from, let to, let limit):
            let days = to.dayNumber - from.dayNumber + 1
            return "the range \(from) to \(to) spans \(days) days; "
                + "meetings can be listed for at most \(limit) days (100 years) at a time"
        case .tooManyMeetings(let limit):
            return "the range holds more than \(limit) meetings; ask for a shorter range"
        case .invalidInterval(let n):
            let range = MeetingSchedule.intervalRange
            return "a cadence cannot repeat every \(n) weeks or months; "
                + "use a number from \(range.lowerBound) to \(range.upperBound)"
        case .invalidOrdinal(let n):
            return "there is no weekday number \(n) in a month; use 1 to 5, or -1 for the last"
        case .invalidDayOfMonth(let d):
            return "there is no day \(d) in any month; use a day from 1 to 31"
        case .dayDoesNotSuitFrequency(let day, let frequency):
            switch frequency {
            case .weekly:
                return "a cadence repeating \(frequency) meets on a day of the week, not on \(day); "
                    + "use a monthly frequency for that"
            case .monthly:
                return "a cadence repeating \(frequency) needs an ordinal weekday such as "
                    + "`first \(day.description.lowercased())` or a day of the month, not every \(day)"
            }
        case .untilBeforeFrom(let from, let until):
            return "the cadence ends on \(until), before its first possible date \(from)"
        case .invalidLength(let n):
            return "a meeting cannot last \(n) minutes; use 1 to 1439 minutes"
        case .runsPastMidnight(let start, let length):
            return "a meeting starting at \(start) and lasting \(length) minutes would run past midnight, "
                + "which is not supported"
        }
    }
}
