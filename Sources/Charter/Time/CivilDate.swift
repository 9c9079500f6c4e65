/// A day in the proleptic Gregorian calendar, with no time zone: governance dates are civil
/// dates in the programme's own calendar ("13 March 2024"), never instants.
///
/// Arithmetic is exact and uses a day number (days since 1970-01-01) so that subtracting two
/// dates or adding days never goes through floating point or Foundation's time zones.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The smallest and largest years Charter accepts. Governance records are about years a
    /// person could meet in; the bound keeps every day number well inside `Int` arithmetic.
    public static let yearRange: ClosedRange<Int> = 1...9999

    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date only when it exists: `CivilDate(year: 2024, month: 2, day: 30)` is `nil`.
    public init?(year: Int, month: Int, day: Int) {
        guard Self.yearRange.contains(year), (1...12).contains(month),
              day >= 1, day <= Self.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `dayNumber` days after 1970-01-01 (negative before it), or `nil` outside `yearRange`.
    public init?(dayNumber: Int) {
        // Outside these the arithmetic below could overflow; inside, every value is small.
        guard Self.dayNumberRange.contains(dayNumber) else { return nil }
        // Civil-from-days (H. Hinnant's algorithm), exact in integer arithmetic.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.init(year: y, month: m, day: d)
    }

    /// The day numbers of the first and last supported dates, 0001-01-01 and 9999-12-31.
    public static let dayNumberRange: ClosedRange<Int> = -719_162...2_932_896

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((dayNumber % 7) + 7 + 3) % 7
        return Weekday.allCases[index]
    }

    /// The date `days` later (earlier when negative), or `nil` outside `yearRange`.
    public func adding(days: Int) -> CivilDate? {
        let (sum, overflow) = dayNumber.addingReportingOverflow(days)
        return overflow ? nil : CivilDate(dayNumber: sum)
    }

    /// Days from `other` to `self`: positive when `self` is later.
    public func days(since other: CivilDate) -> Int { dayNumber - other.dayNumber }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        case 1...12: return 31
        default: return 0
        }
    }

    /// Parses ISO 8601 `YYYY-MM-DD` exactly (four-digit year, two-digit month and day).
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let y = Self.digits(bytes[0..<4]), let m = Self.digits(bytes[5..<7]),
              let d = Self.digits(bytes[8..<10]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The English names of the months, January first.
    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                    "August", "September", "October", "November", "December"]

    /// Why `year-month-day` is not a date ("February 2024 has 29 days, not 30"), or nil when it is.
    /// Every place that reads dates (rule files, arguments, record files) explains them alike.
    public static func whyNotADate(year: Int, month: Int, day: Int) -> String? {
        if !yearRange.contains(year) {
            return "year \(year) is outside the supported years \(yearRange.lowerBound) to \(yearRange.upperBound)"
        }
        if !(1...12).contains(month) { return "there is no month \(month)" }
        if day < 1 { return "there is no day \(day)" }
        let days = daysInMonth(year: year, month: month)
        return day > days ? "\(monthNames[month - 1]) \(year) has \(days) days, not \(day)" : nil
    }

    /// Why `text`, given as `what` ("the date", "--as-of"), is not an ISO date: a date that does
    /// not exist ("February 2024 has 29 days, not 30"), or text that is not written YYYY-MM-DD.
    public static func whyNotAnISODate(_ text: String, _ what: String) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
           let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
           let reason = whyNotADate(year: y, month: m, day: d) {
            return "\(what) `\(text)` does not exist: \(reason)"
        }
        return "\(what) `\(text)` is not a date; write YYYY-MM-DD, as in 2024-03-13"
    }

    static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return bytes.isEmpty ? nil : value
    }

    /// `2024-03-13`.
    public var description: String {
        let y = String(year)
        let yy = String(repeating: "0", count: max(0, 4 - y.count)) + y
        return "\(yy)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A day of the week, Monday first as in ISO 8601.
public enum Weekday: String, CaseIterable, Sendable, Hashable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// 1 for Monday through 7 for Sunday.
    public var isoNumber: Int { (Weekday.allCases.firstIndex(of: self) ?? 0) + 1 }

    public var isWeekend: Bool { self == .saturday || self == .sunday }

    /// `Wednesday`.
    public var capitalizedName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// A time of day to the minute (`10:00`), as agendas and cadences state it.
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Minutes since midnight, 0 through 1439.
    public let minutes: Int

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        minutes = hour * 60 + minute
    }

    public init?(minutes: Int) {
        guard (0..<1440).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }

    /// `10:05`.
    public var description: String {
        "\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }
}
