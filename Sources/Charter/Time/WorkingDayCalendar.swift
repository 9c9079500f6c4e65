/// Which days count as working days for a charter: Monday to Friday, less a built-in
/// bank-holiday calendar and any holidays the charter adds (`holiday 2024-12-27 "Programme shutdown"`).
///
/// Counting is exact and fast: whole years are skipped using a constant-time weekday count, so
/// adding a million working days costs a few thousand holiday computations, not a million steps.
public struct WorkingDayCalendar: Hashable, Sendable {
    /// The bank holidays the calendar starts from; `nil` means weekends only.
    public let base: HolidayCalendar?
    /// The charter's own holidays, in date order, one per date.
    public let extraHolidays: [BankHoliday]
    /// `extraHolidays` by year, so that a year's holidays are found without scanning them all.
    private let extrasByYear: [Int: [BankHoliday]]

    /// A calendar of `base` (or weekends only) plus `extraHolidays`. When two extra holidays share
    /// a date the first listed is kept.
    public init(base: HolidayCalendar?, extraHolidays: [BankHoliday] = []) {
        var seen = Set<CivilDate>()
        let unique = extraHolidays.filter { seen.insert($0.date).inserted }.sorted()
        self.base = base
        self.extraHolidays = unique
        self.extrasByYear = Dictionary(grouping: unique, by: \.date.year)
    }

    /// The names a charter may give after `calendar`: `england_and_wales`, `scotland`, `northern_ireland`.
    public static var builtInNames: [String] { HolidayCalendar.allCases.map(\.name) }

    /// The built-in calendar called `name`, or `nil` when there is none.
    public static func builtIn(named name: String) -> WorkingDayCalendar? {
        HolidayCalendar(name: name).map { WorkingDayCalendar(base: $0) }
    }

    /// This calendar with `holidays` added to the charter's own.
    public func adding(holidays: [BankHoliday]) -> WorkingDayCalendar {
        WorkingDayCalendar(base: base, extraHolidays: extraHolidays + holidays)
    }

    /// Every holiday in `year`, in date order and one per date. Where a charter's holiday falls
    /// on a bank holiday the bank holiday's published name is kept. Extra holidays at a weekend
    /// are listed although they change no working day.
    public func holidays(in year: Int) -> [BankHoliday] {
        let builtIn = base?.holidays(in: year) ?? []
        let extras = extrasByYear[year] ?? []
        guard !extras.isEmpty else { return builtIn }
        let taken = Set(builtIn.map(\.date))
        return (builtIn + extras.filter { !taken.contains($0.date) }).sorted()
    }

    /// The name of the holiday on `date`, or `nil` when it is not one (a plain weekend included).
    public func holiday(on date: CivilDate) -> String? {
        holidays(in: date.year).first { $0.date == date }?.name
    }

    /// Whether `date` is Monday to Friday and not a holiday.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        !date.weekday.isWeekend && holiday(on: date) == nil
    }

    /// `date` when it is a working day, else the first working day after it; `nil` past 9999-12-31.
    public func nextWorkingDay(onOrAfter date: CivilDate) -> CivilDate? {
        workingDay(count: 1, startingAt: date.dayNumber, forward: true).flatMap(CivilDate.init(dayNumber:))
    }

    /// `date` when it is a working day, else the last working day before it; `nil` before 0001-01-01.
    public func previousWorkingDay(onOrBefore date: CivilDate) -> CivilDate? {
        workingDay(count: 1, startingAt: date.dayNumber, forward: false).flatMap(CivilDate.init(dayNumber:))
    }

    /// The date `workingDays` working days after `date`; the start day itself is never counted.
    ///
    /// - `n > 0`: the nth working day after `date` (1 is the next working day, even when `date` is one).
    /// - `0`: `date` if it is a working day, else the next working day.
    /// - `n < 0`: the |n|th working day before `date`.
    ///
    /// `nil` when the answer would fall outside `CivilDate.yearRange`. For every `n != 0`,
    /// `workingDays(from: date, to: adding(workingDays: n, to: date)) == n`.
    public func adding(workingDays n: Int, to date: CivilDate) -> CivilDate? {
        let start = date.dayNumber
        let found: Int?
        if n == 0 {
            found = workingDay(count: 1, startingAt: start, forward: true)
        } else if n > 0 {
            found = workingDay(count: n, startingAt: start + 1, forward: true)
        } else {
            // Int.min has no positive counterpart; it is far beyond any reachable date anyway.
            guard n != .min else { return nil }
            found = workingDay(count: -n, startingAt: start - 1, forward: false)
        }
        return found.flatMap(CivilDate.init(dayNumber:))
    }

    /// Working-day steps from `from` to `to`: the working days d with `from < d <= to`, or when
    /// `to` is earlier, minus the working days d with `to <= d < from`.
    ///
    /// The day you start on is not counted and the day you arrive on is, in either direction,
    /// which makes this the inverse of `adding(workingDays:to:)`.
    public func workingDays(from: CivilDate, to: CivilDate) -> Int {
        if to >= from {
            return workingDayCount(from: from.dayNumber + 1, through: to.dayNumber)
        }
        return -workingDayCount(from: to.dayNumber, through: from.dayNumber - 1)
    }

    // MARK: - Counting

    /// Day numbers of the holidays in `year` that fall Monday to Friday, ascending; only these
    /// take a day away from the weekday count.
    private func holidayWeekdays(in year: Int) -> [Int] {
        holidays(in: year).map(\.date.dayNumber).filter(CivilDate.isWeekday(dayNumber:))
    }

    /// Working days in the closed day-number range `lower...upper`, year by year.
    private func workingDayCount(from lower: Int, through upper: Int) -> Int {
        guard lower <= upper, let first = CivilDate(dayNumber: lower), let last = CivilDate(dayNumber: upper) else {
            return 0
        }
        var count = CivilDate.weekdayCount(from: lower, through: upper)
        for year in first.year...last.year {
            count -= holidayWeekdays(in: year).count { (lower...upper).contains($0) }
        }
        return count
    }

    /// The day number of the `count`th working day met walking from `start` (inclusive) forward
    /// or backward, or `nil` when the walk leaves `CivilDate.yearRange`.
    private func workingDay(count: Int, startingAt start: Int, forward: Bool) -> Int? {
        guard count >= 1, let startDate = CivilDate(dayNumber: start),
              let first = CivilDate(year: CivilDate.yearRange.lowerBound, month: 1, day: 1),
              let last = CivilDate(year: CivilDate.yearRange.upperBound, month: 12, day: 31) else { return nil }
        // More weekdays than remain before the edge of the range can never be reached: say so at once.
        let weekdaysLeft = forward ? CivilDate.weekdayCount(from: start, through: last.dayNumber)
                                   : CivilDate.weekdayCount(from: first.dayNumber, through: start)
        guard count <= weekdaysLeft else { return nil }
        var remaining = count
        var year = startDate.year
        var cursor = start
        while let jan1 = CivilDate(year: year, month: 1, day: 1), let dec31 = CivilDate(year: year, month: 12, day: 31) {
            let end = forward ? dec31.dayNumber : jan1.dayNumber
            let span = forward ? cursor...end : end...cursor
            let holidays = holidayWeekdays(in: year)
            let available = CivilDate.weekdayCount(from: span.lowerBound, through: span.upperBound)
                - holidays.count { span.contains($0) }
            if available >= remaining {
                // The answer is in this year: at most 366 single steps.
                let closed = Set(holidays)
                var day = cursor
                while span.contains(day) {
                    if CivilDate.isWeekday(dayNumber: day) && !closed.contains(day) {
                        remaining -= 1
                        if remaining == 0 { return day }
                    }
                    day += forward ? 1 : -1
                }
                return nil
            }
            remaining -= available
            year += forward ? 1 : -1
            cursor = forward ? end + 1 : end - 1
        }
        return nil
    }
}
