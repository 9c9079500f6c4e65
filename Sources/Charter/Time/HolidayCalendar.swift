/// A named day off: a bank holiday, its substitute day, or a holiday a charter adds.
public struct BankHoliday: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The day observed, which for a substitute is the weekday the holiday moved to.
    public let date: CivilDate
    /// The published name, e.g. `Good Friday` or `Christmas Day (substitute day)`.
    public let name: String

    /// A holiday on `date` called `name`.
    public init(date: CivilDate, name: String) {
        self.date = date
        self.name = name
    }

    /// `2024-12-25 Christmas Day`.
    public var description: String { "\(date) \(name)" }

    /// Earlier dates first; the name only breaks ties so that sorting is deterministic.
    public static func < (lhs: BankHoliday, rhs: BankHoliday) -> Bool {
        (lhs.date, lhs.name) < (rhs.date, rhs.name)
    }
}

/// The UK's built-in bank-holiday calendars, computed for any year from the statutory pattern
/// plus the one-off changes in `OneOffHolidayChange.table`.
///
/// The modern pattern is applied to every year, including years before a holiday existed
/// (the early May bank holiday dates from 1978), except St Andrew's Day, a Scottish bank
/// holiday only since 2007. Names follow gov.uk, with straight apostrophes.
public enum HolidayCalendar: String, CaseIterable, Sendable {
    /// England and Wales: Easter Monday and the last Monday of August.
    case englandAndWales = "england_and_wales"
    /// Scotland: 2 January, St Andrew's Day and the first Monday of August; no Easter Monday.
    case scotland = "scotland"
    /// Northern Ireland: the England and Wales days plus St Patrick's Day and the Battle of the Boyne.
    case northernIreland = "northern_ireland"

    /// The name a charter writes: `england_and_wales`, `scotland`, `northern_ireland`.
    public var name: String { rawValue }

    /// `England and Wales`, for messages.
    public var displayName: String {
        switch self {
        case .englandAndWales: "England and Wales"
        case .scotland: "Scotland"
        case .northernIreland: "Northern Ireland"
        }
    }

    /// The calendar a charter names, or `nil` for an unknown name.
    public init?(name: String) { self.init(rawValue: name) }

    /// The bank holidays observed in `year`, in date order, as gov.uk lists them: a holiday
    /// falling at a weekend appears only as its substitute weekday. Empty outside `CivilDate.yearRange`.
    public func holidays(in year: Int) -> [BankHoliday] {
        guard CivilDate.yearRange.contains(year) else { return [] }
        var regular: [(holiday: BankHoliday, substitutable: Bool)] = []
        for rule in rules where year >= rule.firstYear {
            if let date = rule.date(in: year) {
                regular.append((BankHoliday(date: date, name: rule.name), rule.substitutable))
            }
        }
        for change in OneOffHolidayChange.table where change.year == year && change.calendars.contains(self) {
            guard let date = CivilDate(year: year, month: change.month, day: change.day) else { continue }
            switch change.kind {
            case .moved(let regularName, let newName):
                if let i = regular.firstIndex(where: { $0.holiday.name == regularName }) {
                    // A moved holiday keeps its place in law but not its weekday rule, so no substitute.
                    regular[i] = (BankHoliday(date: date, name: newName ?? regularName), false)
                }
            case .added(let name):
                regular.append((BankHoliday(date: date, name: name), false))
            }
        }
        return Self.substituting(regular)
    }

    /// Moves each weekend holiday to the next weekday not already a holiday, earliest first,
    /// so that Christmas on a Saturday gives Monday 27 and Boxing Day on the Sunday Tuesday 28.
    private static func substituting(_ entries: [(holiday: BankHoliday, substitutable: Bool)]) -> [BankHoliday] {
        var taken = Set<Int>()
        var result: [BankHoliday] = []
        var pending: [BankHoliday] = []
        for entry in entries {
            if entry.substitutable && entry.holiday.date.weekday.isWeekend {
                pending.append(entry.holiday)
            } else {
                taken.insert(entry.holiday.date.dayNumber)
                result.append(entry.holiday)
            }
        }
        for holiday in pending.sorted() {
            var day = holiday.date.dayNumber + 1
            while !CivilDate.isWeekday(dayNumber: day) || taken.contains(day) { day += 1 }
            // A substitute beyond 9999-12-31 cannot be represented; it is dropped, not trapped on.
            guard let date = CivilDate(dayNumber: day) else { continue }
            taken.insert(day)
            result.append(BankHoliday(date: date, name: holiday.name + " (substitute day)"))
        }
        return result.sorted()
    }

    private var rules: [HolidayRule] {
        let newYear = HolidayRule(name: "New Year's Day", kind: .fixed(month: 1, day: 1))
        let goodFriday = HolidayRule(name: "Good Friday", kind: .easter(offset: -2))
        let easterMonday = HolidayRule(name: "Easter Monday", kind: .easter(offset: 1))
        let earlyMay = HolidayRule(name: "Early May bank holiday", kind: .nth(1, .monday, month: 5))
        let spring = HolidayRule(name: "Spring bank holiday", kind: .nth(-1, .monday, month: 5))
        let lateSummer = HolidayRule(name: "Summer bank holiday", kind: .nth(-1, .monday, month: 8))
        let christmas = HolidayRule(name: "Christmas Day", kind: .fixed(month: 12, day: 25))
        let boxing = HolidayRule(name: "Boxing Day", kind: .fixed(month: 12, day: 26))
        switch self {
        case .englandAndWales:
            return [newYear, goodFriday, easterMonday, earlyMay, spring, lateSummer, christmas, boxing]
        case .scotland:
            return [newYear, HolidayRule(name: "2nd January", kind: .fixed(month: 1, day: 2)), goodFriday,
                    earlyMay, spring, HolidayRule(name: "Summer bank holiday", kind: .nth(1, .monday, month: 8)),
                    HolidayRule(name: "St Andrew's Day", kind: .fixed(month: 11, day: 30), firstYear: 2007),
                    christmas, boxing]
        case .northernIreland:
            return [newYear, HolidayRule(name: "St Patrick's Day", kind: .fixed(month: 3, day: 17)), goodFriday,
                    easterMonday, earlyMay, spring,
                    HolidayRule(name: "Battle of the Boyne (Orangemen's Day)", kind: .fixed(month: 7, day: 12)),
                    lateSummer, christmas, boxing]
        }
    }
}

/// One recurring bank holiday and how its date follows from the year.
struct HolidayRule: Sendable {
    enum Kind: Sendable {
        /// A calendar date, substituted when it falls at a weekend.
        case fixed(month: Int, day: Int)
        /// Days from Easter Sunday.
        case easter(offset: Int)
        /// The nth (or -1 for last) weekday of a month, which is never at a weekend.
        case nth(Int, Weekday, month: Int)
    }

    let name: String
    let kind: Kind
    var firstYear: Int = CivilDate.yearRange.lowerBound

    var substitutable: Bool {
        if case .fixed = kind { return true }
        return false
    }

    func date(in year: Int) -> CivilDate? {
        switch kind {
        case .fixed(let month, let day): CivilDate(year: year, month: month, day: day)
        case .easter(let offset): Easter.sunday(in: year)?.adding(days: offset)
        case .nth(let ordinal, let weekday, let month): CivilDate.nthWeekday(ordinal, weekday, year: year, month: month)
        }
    }
}
