/// A month of a particular year (`2024-04`), as cadence checks report months with no meeting.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year, inside `CivilDate.yearRange`.
    public let year: Int
    /// 1 for January through 12 for December.
    public let month: Int

    /// Creates a month only when it exists and its year is inside `CivilDate.yearRange`.
    public init?(year: Int, month: Int) {
        guard CivilDate.yearRange.contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// The month containing `date`.
    public init(_ date: CivilDate) {
        year = date.year
        month = date.month
    }

    /// Months counted from January of year 0, so that stepping by months is one addition.
    var index: Int { year * 12 + month - 1 }

    init?(index: Int) {
        let (y, m) = index.quotientAndRemainder(dividingBy: 12)
        self.init(year: y, month: m + 1)
    }

    /// The number of days in the month.
    public var dayCount: Int { CivilDate.daysInMonth(year: year, month: month) }

    /// `2024-04`.
    public var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + (month < 10 ? "-0" : "-") + String(month)
    }

    /// Earlier months sort first.
    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.index < rhs.index }
}

extension Weekday {
    /// The weekday of a day number; safe for any `Int` because the remainder is taken first.
    init(dayNumber: Int) {
        // 1970-01-01 (day 0) was a Thursday, index 3 in Monday-first order.
        let index = ((dayNumber % 7) + 10) % 7
        self = Weekday.allCases[index]
    }
}

extension CivilDate {
    /// The `ordinal`th `weekday` of a month (1 to 5, or -1 for the last), or `nil` when the
    /// month has no such day, as in "fifth Monday" in most months.
    public static func nthWeekday(_ ordinal: Int, _ weekday: Weekday, year: Int, month: Int) -> CivilDate? {
        guard let first = CivilDate(year: year, month: month, day: 1) else { return nil }
        if (1...5).contains(ordinal) {
            let offset = (weekday.isoNumber - first.weekday.isoNumber + 7) % 7
            return CivilDate(year: year, month: month, day: 1 + offset + 7 * (ordinal - 1))
        }
        guard ordinal == -1 else { return nil }
        let lastDay = daysInMonth(year: year, month: month)
        guard let last = CivilDate(year: year, month: month, day: lastDay) else { return nil }
        let back = (last.weekday.isoNumber - weekday.isoNumber + 7) % 7
        return CivilDate(year: year, month: month, day: lastDay - back)
    }

    /// Whether the day number falls Monday to Friday.
    static func isWeekday(dayNumber: Int) -> Bool { !Weekday(dayNumber: dayNumber).isWeekend }

    /// Mondays to Fridays in the closed day-number range `lower...upper` (0 when it is empty),
    /// in constant time so that working-day arithmetic can jump whole years.
    static func weekdayCount(from lower: Int, through upper: Int) -> Int {
        guard lower <= upper else { return 0 }
        return weekdaysBefore(upper + 1) - weekdaysBefore(lower)
    }

    /// Mondays to Fridays from the Monday 1970-01-05 (day 4) up to but excluding `dayNumber`,
    /// negative before it; floor division keeps the count right on both sides.
    private static func weekdaysBefore(_ dayNumber: Int) -> Int {
        let offset = dayNumber - 4
        var weeks = offset / 7
        var rest = offset % 7
        if rest < 0 {
            weeks -= 1
            rest += 7
        }
        return weeks * 5 + min(rest, 5)
    }
}

/// The date of Easter, on which Good Friday and Easter Monday depend.
public enum Easter {
    /// Easter Sunday in the Gregorian calendar by the anonymous ("Meeus/Jones/Butcher")
    /// algorithm, or `nil` outside `CivilDate.yearRange`.
    public static func sunday(in year: Int) -> CivilDate? {
        guard CivilDate.yearRange.contains(year) else { return nil }
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(year: year, month: month, day: day)
    }
}
