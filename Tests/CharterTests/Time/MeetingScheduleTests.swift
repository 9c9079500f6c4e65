import Testing
@testable import Charter

@Suite("Meeting cadences")
struct MeetingScheduleTests {
    let england = WorkingDayCalendar(base: .englandAndWales)
    let date = TimeFixtures.date

    func monthly(_ ordinal: Int, _ weekday: Weekday, from: String, start: TimeOfDay? = nil,
                 length: Int? = nil, exceptions: [MeetingSchedule.Exception] = []) throws -> MeetingSchedule {
        MeetingSchedule(frequency: .monthly(interval: 1), day: .nthWeekday(ordinal: ordinal, weekday),
                        start: start, lengthMinutes: length, from: try date(from), exceptions: exceptions)
    }

    func dates(_ schedule: MeetingSchedule, _ from: String, _ to: String) throws -> [CivilDate] {
        try schedule.meetings(from: try date(from), to: try date(to), calendar: england).get().map(\.date)
    }

    @Test("The seed groups' first meetings", arguments: [
        (1, Weekday.wednesday, "2024-02-01", "2024-02-07"),  // PSG
        (2, .wednesday, "2024-02-01", "2024-02-14"),  // DAG
        (3, .wednesday, "2024-02-21", "2024-02-21"),  // SITAG
        (3, .thursday, "2024-02-15", "2024-02-15"),  // QAG
        (4, .tuesday, "2024-02-27", "2024-02-27"),  // MCAG
        (4, .wednesday, "2024-02-01", "2024-02-28"),  // CCAG
    ])
    func seedFirstMeetings(_ ordinal: Int, _ weekday: Weekday, _ from: String, _ first: String) throws {
        let schedule = try monthly(ordinal, weekday, from: from)
        #expect(try dates(schedule, from, "2024-12-31").first == (try date(first)))
        #expect(schedule.isOccurrence(try date(first)))
    }

    @Test func designAuthorityGroupTimesAndRange() throws {
        let ten = try #require(TimeOfDay(hour: 10, minute: 0))
        let dag = try monthly(2, .wednesday, from: "2024-02-01", start: ten, length: 150)
        let all = try dag.meetings(from: try date("2024-02-01"), to: try date("2024-06-30"), calendar: england).get()
        #expect(all.map(\.date) == (try TimeFixtures.dates(["2024-02-14", "2024-03-13", "2024-04-10",
                                                            "2024-05-08", "2024-06-12"])))
        #expect(all.allSatisfy { $0.start == ten && $0.end == TimeOfDay(hour: 12, minute: 30) })
        #expect(all.allSatisfy { $0.status == .regular && $0.isWorkingDay && $0.holiday == nil })
        #expect(try dates(dag, "2024-03-01", "2024-06-30")
                    == TimeFixtures.dates(["2024-03-13", "2024-04-10", "2024-05-08", "2024-06-12"]))
        #expect(all.first?.description == "2024-02-14 10:00–12:30")
    }

    @Test func anchoringAndIntervals() throws {
        // Monthly anchored at from's month: February's first Wednesday (7th) is before from.
        #expect(try dates(try monthly(1, .wednesday, from: "2024-02-15"), "2024-01-01", "2024-04-30")
                    == TimeFixtures.dates(["2024-03-06", "2024-04-03"]))
        // Fortnightly anchored at the first Tuesday on or after from (9 January).
        let fortnightly = MeetingSchedule(frequency: .weekly(interval: 2), day: .weekday(.tuesday),
                                          from: try date("2024-01-03"))
        #expect(try dates(fortnightly, "2024-02-01", "2024-02-29")
                    == TimeFixtures.dates(["2024-02-06", "2024-02-20"]))
        #expect(fortnightly.isOccurrence(try date("2024-01-09")))
        #expect(!fortnightly.isOccurrence(try date("2024-01-16")))
        let quarterly = MeetingSchedule(frequency: .monthly(interval: 3), day: .dayOfMonth(15),
                                        from: try date("2024-01-10"), until: try date("2024-10-14"))
        #expect(try dates(quarterly, "2023-01-01", "2025-12-31")
                    == TimeFixtures.dates(["2024-01-15", "2024-04-15", "2024-07-15"]))
        #expect(try dates(try monthly(-1, .friday, from: "2024-01-01"), "2024-01-01", "2024-03-31")
                    == TimeFixtures.dates(["2024-01-26", "2024-02-23", "2024-03-29"]))
        // A missing day is taken from `from`: weekly on its weekday, monthly on its day of month.
        let implicit = MeetingSchedule(frequency: .monthly(interval: 1), day: nil, from: try date("2024-01-20"))
        #expect(try dates(implicit, "2024-01-01", "2024-03-31")
                    == TimeFixtures.dates(["2024-01-20", "2024-02-20", "2024-03-20"]))
        let weekly = MeetingSchedule(frequency: .weekly(interval: 1), day: nil, from: try date("2024-01-03"))
        #expect(try dates(weekly, "2024-01-01", "2024-01-17")
                    == TimeFixtures.dates(["2024-01-03", "2024-01-10", "2024-01-17"]))
    }

    @Test func exceptionsCancelMoveAndAdd() throws {
        let ten = try #require(TimeOfDay(hour: 10, minute: 0))
        let two = try #require(TimeOfDay(hour: 14, minute: 0))
        let schedule = try monthly(3, .wednesday, from: "2024-02-21", start: ten, length: 90, exceptions: [
            .cancelled(try date("2024-03-20"), note: "Easter"),
            .moved(try date("2024-04-17"), to: try date("2024-04-18"), at: two),
            .moved(try date("2024-05-15"), to: try date("2024-07-01")),
            .extra(try date("2024-03-11"), note: "Extraordinary SITAG"),
            .cancelled(try date("2024-03-21")),  // not an occurrence: no effect
            .cancelled(try date("2024-04-17")),  // already moved: the first exception wins
        ])
        let all = try schedule.meetings(from: try date("2024-03-01"), to: try date("2024-05-31"), calendar: england).get()
        #expect(all.map(\.date) == (try TimeFixtures.dates(["2024-03-11", "2024-03-20", "2024-04-18"])))
        #expect(all.map(\.status) == [.extra, .cancelled, .moved(from: try date("2024-04-17"))])
        #expect(all[0].note == "Extraordinary SITAG" && all[0].start == ten)
        #expect(all[1].note == "Easter")
        #expect(all[2].start == two && all[2].end == TimeOfDay(hour: 15, minute: 30))
        #expect(!schedule.isOccurrence(try date("2024-03-21")))
        #expect(!schedule.isOccurrence(try date("2024-04-18")))
        // Moved out of one range and into another.
        let july = try schedule.meetings(from: try date("2024-07-01"), to: try date("2024-07-31"), calendar: england).get()
        #expect(july.map(\.date) == (try TimeFixtures.dates(["2024-07-01", "2024-07-17"])))
        #expect(july.first?.status == .moved(from: try date("2024-05-15")))
    }

    @Test func meetingsOnHolidaysAreReportedNotMoved() throws {
        let mondays = MeetingSchedule(frequency: .weekly(interval: 1), day: .weekday(.monday),
                                      from: try date("2024-01-01"), exceptions: [.extra(try date("2024-05-11"))])
        let may = try mondays.meetings(from: try date("2024-05-01"), to: try date("2024-05-31"), calendar: england).get()
        #expect(may.map(\.date) == (try TimeFixtures.dates(["2024-05-06", "2024-05-11", "2024-05-13",
                                                            "2024-05-20", "2024-05-27"])))
        #expect(may.map(\.holiday) == ["Early May bank holiday", nil, nil, nil, "Spring bank holiday"])
        #expect(may.map(\.isWorkingDay) == [false, false, true, true, false])
        #expect(may[0].description == "2024-05-06 [Early May bank holiday]")
    }

    @Test func monthsWithoutAnOccurrence() throws {
        let fifthMonday = try monthly(5, .monday, from: "2024-01-01")
        let missing = try fifthMonday.monthsWithoutOccurrence(from: try date("2024-01-01"),
                                                               to: try date("2024-12-31")).get()
        #expect(missing.map(\.month) == [2, 3, 5, 6, 8, 10, 11])
        #expect(try dates(fifthMonday, "2024-01-01", "2024-12-31").count == 5)
        let day31 = MeetingSchedule(frequency: .monthly(interval: 1), day: .dayOfMonth(31), from: try date("2024-01-01"))
        let short = try day31.monthsWithoutOccurrence(from: try date("2024-01-01"), to: try date("2024-12-31")).get()
        #expect(short.map(\.description) == ["2024-02", "2024-04", "2024-06", "2024-09", "2024-11"])
        let weekly = MeetingSchedule(frequency: .weekly(interval: 1), day: .weekday(.friday), from: try date("2024-01-01"))
        #expect(try weekly.monthsWithoutOccurrence(from: try date("2024-01-01"), to: try date("2024-12-31")).get() == [])
    }

    @Test func errorsAreTyped() throws {
        let jan = try date("2024-01-01")
        let good = try monthly(1, .monday, from: "2024-01-01")
        func failure(_ schedule: MeetingSchedule, _ from: CivilDate, _ to: CivilDate) -> ScheduleError? {
            if case .failure(let e) = schedule.meetings(from: from, to: to, calendar: england) { return e }
            return nil
        }
        let dec = try date("2023-12-31")
        #expect(failure(good, jan, dec) == .endBeforeStart(from: jan, to: dec))
        let far = try date("2125-01-01")
        #expect(failure(good, jan, far) == .rangeTooLarge(from: jan, to: far, limitDays: 36_525))
        #expect(failure(try monthly(6, .monday, from: "2024-01-01"), jan, jan) == .invalidOrdinal(6))
        #expect(failure(try monthly(0, .monday, from: "2024-01-01"), jan, jan) == .invalidOrdinal(0))
        var schedule = good
        schedule.day = .dayOfMonth(32)
        #expect(failure(schedule, jan, jan) == .invalidDayOfMonth(32))
        schedule.day = .weekday(.monday)
        #expect(failure(schedule, jan, jan) == .dayDoesNotSuitFrequency(day: .weekday(.monday), frequency: .monthly(interval: 1)))
        schedule.frequency = .weekly(interval: 0)
        #expect(failure(schedule, jan, jan) == .invalidInterval(0))
        schedule.frequency = .weekly(interval: .max)
        #expect(failure(schedule, jan, jan) == .invalidInterval(.max))
        schedule.frequency = .weekly(interval: 1)
        schedule.until = dec
        #expect(failure(schedule, jan, jan) == .untilBeforeFrom(from: jan, until: dec))
        schedule.until = nil
        schedule.lengthMinutes = 0
        #expect(failure(schedule, jan, jan) == .invalidLength(0))
        schedule.lengthMinutes = 90
        schedule.exceptions = [.extra(jan, at: TimeOfDay(hour: 23, minute: 0))]
        #expect(failure(schedule, jan, jan) == .runsPastMidnight(start: try #require(TimeOfDay(hour: 23, minute: 0)),
                                                               lengthMinutes: 90))
        schedule.exceptions = (0..<5_000).map { _ in .extra(jan) }
        schedule.lengthMinutes = nil
        let later = try date("2120-01-01")
        #expect(failure(schedule, jan, later) == .tooManyMeetings(limit: 10_000))
        #expect(!good.isOccurrence(dec))
        let tuesday = try date("2024-01-02")
        let onCadence = schedule.isOccurrence(tuesday)
        #expect(!onCadence)
    }

    @Test func errorDescriptionsNameTheProblem() throws {
        let jan = try date("2024-01-01")
        let dec = try date("2023-12-31")
        #expect(ScheduleError.endBeforeStart(from: jan, to: dec).description
                    == "the range ends on 2023-12-31, before it starts on 2024-01-01")
        #expect(ScheduleError.invalidOrdinal(7).description.contains("7"))
        #expect(ScheduleError.invalidDayOfMonth(32).description == "there is no day 32 in any month; use a day from 1 to 31")
        #expect(ScheduleError.dayDoesNotSuitFrequency(day: .dayOfMonth(3), frequency: .weekly(interval: 2)).description
                    == "a cadence repeating every 2 weeks meets on a day of the week, not on day 3; "
                    + "use a monthly frequency for that")
        #expect(ScheduleError.dayDoesNotSuitFrequency(day: .weekday(.monday), frequency: .monthly(interval: 1))
                    .description == "a cadence repeating monthly needs an ordinal weekday such as `first monday` "
                    + "or a day of the month, not every Monday")
        let far = try date("2125-01-01")
        #expect(ScheduleError.rangeTooLarge(from: jan, to: far, limitDays: 36_525).description
                    == "the range 2024-01-01 to 2125-01-01 spans 36891 days; "
                    + "meetings can be listed for at most 36525 days (100 years) at a time")
        #expect(MeetingSchedule.Day.nthWeekday(ordinal: -1, .friday).description == "last Friday")
        #expect(MeetingSchedule.Frequency.monthly(interval: 3).description == "every 3 months")
    }

    @Test func yearBoundsNeverTrap() throws {
        let fridays = MeetingSchedule(frequency: .weekly(interval: 1), day: .weekday(.friday),
                                      from: try date("0001-01-01"),
                                      exceptions: [.moved(try date("9999-12-31"), to: try date("9999-12-30"))])
        let last = try fridays.meetings(from: try date("9999-01-01"), to: try date("9999-12-31"), calendar: england).get()
        #expect(last.count == 53 && last.allSatisfy { $0.date.weekday == .friday || $0.status != .regular })
        #expect(last.last?.date == (try date("9999-12-30")))
        let lastFriday = try monthly(-1, .friday, from: "9990-01-01")
        #expect(try dates(lastFriday, "9999-12-01", "9999-12-31") == [try date("9999-12-31")])
        let fifth = try monthly(5, .friday, from: "0001-01-01")
        #expect(try fifth.monthsWithoutOccurrence(from: try date("0001-01-01"), to: try date("0001-12-31")).get().count == 8)
        #expect(try dates(fifth, "0001-01-01", "0001-12-31").allSatisfy { $0.day >= 29 })
        #expect(try dates(fifth, "9900-01-01", "9999-12-31").count > 300)
    }
}
