import Testing
@testable import Charter

@Suite("Working-day arithmetic")
struct WorkingDayCalendarTests {
    let england = WorkingDayCalendar(base: .englandAndWales)
    let date = TimeFixtures.date

    /// The slow, obviously right answer: walk one day at a time.
    func walk(_ calendar: WorkingDayCalendar, _ n: Int, from start: CivilDate) -> CivilDate? {
        guard n != 0 else {
            var day: CivilDate? = start
            while let d = day, !calendar.isWorkingDay(d) { day = d.adding(days: 1) }
            return day
        }
        var remaining = abs(n)
        var day: CivilDate? = start
        while remaining > 0, let d = day {
            day = d.adding(days: n > 0 ? 1 : -1)
            if let next = day, calendar.isWorkingDay(next) { remaining -= 1 }
        }
        return day
    }

    @Test func acrossEaster2024() throws {
        // 14–28 March give 11; Good Friday 29 March and Easter Monday 1 April are skipped; 2–12 April give 9.
        #expect(england.adding(workingDays: 20, to: try date("2024-03-13")) == (try date("2024-04-12")))
        #expect(england.workingDays(from: try date("2024-03-13"), to: try date("2024-04-12")) == 20)
        let weekendsOnly = WorkingDayCalendar(base: nil)
        #expect(weekendsOnly.adding(workingDays: 20, to: try date("2024-03-13")) == (try date("2024-04-10")))
        #expect(!england.isWorkingDay(try date("2024-03-29")))
        #expect(england.holiday(on: try date("2024-04-01")) == "Easter Monday")
        #expect(england.adding(workingDays: -20, to: try date("2024-04-12")) == (try date("2024-03-13")))
        #expect(england.workingDays(from: try date("2024-04-12"), to: try date("2024-03-13")) == -20)
    }

    @Test func acrossChristmas2022() throws {
        #expect(england.holiday(on: try date("2022-12-27")) == "Christmas Day (substitute day)")
        #expect(england.holiday(on: try date("2023-01-02")) == "New Year's Day (substitute day)")
        #expect(england.holiday(on: try date("2022-12-25")) == nil)
        #expect(!england.isWorkingDay(try date("2022-12-25")))
        #expect(england.adding(workingDays: 1, to: try date("2022-12-23")) == (try date("2022-12-28")))
        #expect(england.adding(workingDays: 4, to: try date("2022-12-23")) == (try date("2023-01-03")))
        let scotland = try #require(WorkingDayCalendar.builtIn(named: "scotland"))
        #expect(scotland.adding(workingDays: 4, to: try date("2022-12-23")) == (try date("2023-01-04")))
        #expect(england.workingDays(from: try date("2022-12-23"), to: try date("2023-01-03")) == 4)
        #expect(england.adding(workingDays: -1, to: try date("2023-01-03")) == (try date("2022-12-30")))
    }

    @Test func addingZeroAndNeighbours() throws {
        let wednesday = try date("2024-03-13")
        #expect(england.adding(workingDays: 0, to: wednesday) == wednesday)
        #expect(england.adding(workingDays: 0, to: try date("2024-03-29")) == (try date("2024-04-02")))
        #expect(england.adding(workingDays: 0, to: try date("2024-03-30")) == (try date("2024-04-02")))
        #expect(england.nextWorkingDay(onOrAfter: try date("2024-03-30")) == (try date("2024-04-02")))
        #expect(england.nextWorkingDay(onOrAfter: wednesday) == wednesday)
        #expect(england.previousWorkingDay(onOrBefore: try date("2024-04-01")) == (try date("2024-03-28")))
        #expect(england.adding(workingDays: 1, to: wednesday) == (try date("2024-03-14")))
        #expect(england.adding(workingDays: -1, to: wednesday) == (try date("2024-03-12")))
        #expect(england.workingDays(from: wednesday, to: wednesday) == 0)
        // Start not counted, arrival counted: from a Friday to the Monday is one step either way.
        #expect(england.workingDays(from: try date("2024-03-08"), to: try date("2024-03-11")) == 1)
        #expect(england.workingDays(from: try date("2024-03-11"), to: try date("2024-03-08")) == -1)
    }

    @Test func matchesDayByDayWalkAndRoundTrips() throws {
        let calendars = [england, WorkingDayCalendar(base: .scotland),
                         england.adding(holidays: [BankHoliday(date: try date("2022-12-29"), name: "Shutdown")])]
        let first = try date("2022-12-15")
        for calendar in calendars {
            for offset in 0..<30 {
                let start = try #require(first.adding(days: offset))
                for n in [-25, -7, -2, -1, 0, 1, 2, 5, 9, 25] {
                    let result = calendar.adding(workingDays: n, to: start)
                    #expect(result == walk(calendar, n, from: start), "\(n) from \(start)")
                    if n != 0, let result {
                        #expect(calendar.workingDays(from: start, to: result) == n, "\(n) from \(start)")
                    }
                }
            }
        }
    }

    @Test func charterHolidaysAreRespected() throws {
        let shutdown = BankHoliday(date: try date("2024-12-27"), name: "Programme shutdown")
        let saturday = BankHoliday(date: try date("2024-12-28"), name: "Weekend closure")
        let clash = BankHoliday(date: try date("2024-12-25"), name: "Christmas closure")
        let calendar = WorkingDayCalendar(base: .englandAndWales, extraHolidays: [shutdown, saturday, clash, shutdown])
        #expect(calendar.extraHolidays.count == 3)
        #expect(!calendar.isWorkingDay(shutdown.date))
        #expect(calendar.holiday(on: shutdown.date) == "Programme shutdown")
        #expect(calendar.holiday(on: clash.date) == "Christmas Day")
        #expect(calendar.adding(workingDays: 1, to: try date("2024-12-24")) == (try date("2024-12-30")))
        #expect(england.adding(workingDays: 1, to: try date("2024-12-24")) == shutdown.date)
        #expect(calendar.workingDays(from: try date("2024-12-20"), to: try date("2024-12-31")) == 4)
        #expect(calendar.holidays(in: 2024).count == 10)
        #expect(calendar.holidays(in: 2025) == england.holidays(in: 2025))
        let weekendsOnly = WorkingDayCalendar(base: nil, extraHolidays: [shutdown])
        #expect(weekendsOnly.holidays(in: 2024) == [shutdown])
    }

    @Test func largeCountsAreFastAndExact() throws {
        // A working day, so that going back the same number of working days returns to it.
        let start = try date("2024-01-02")
        let far = try #require(england.adding(workingDays: 1_000_000, to: start))
        #expect(far.year > 5800 && far.year < 6000)
        #expect(england.workingDays(from: start, to: far) == 1_000_000)
        #expect(england.isWorkingDay(far))
        let back = try #require(england.adding(workingDays: -1_000_000, to: far))
        #expect(back == start)
        let whole = england.workingDays(from: try date("0001-01-01"), to: try date("9999-12-31"))
        #expect(whole > 2_500_000 && whole < 2_610_000)
        // Backwards the start (Friday 9999-12-31, a working day) is dropped and the arrival
        // (New Year's Day 0001, a holiday) added, so the count is one smaller.
        #expect(england.workingDays(from: try date("9999-12-31"), to: try date("0001-01-01")) == -(whole - 1))
    }

    @Test func leavingTheYearRangeGivesNil() throws {
        let last = try date("9999-12-31")
        let first = try date("0001-01-01")
        #expect(england.adding(workingDays: 1, to: last) == nil)
        #expect(england.adding(workingDays: 0, to: last) == last)
        #expect(england.adding(workingDays: -1, to: first) == nil)
        #expect(england.previousWorkingDay(onOrBefore: first) == nil)
        #expect(england.nextWorkingDay(onOrAfter: try date("9999-12-25")) == (try date("9999-12-29")))
        #expect(england.adding(workingDays: 10_000_000, to: first) == nil)
        #expect(england.adding(workingDays: .max, to: first) == nil)
        #expect(england.adding(workingDays: .min, to: last) == nil)
        #expect(england.adding(workingDays: -.max, to: last) == nil)
        #expect(england.workingDays(from: last, to: last) == 0)
    }
}
