import Testing
@testable import Charter

/// Shared by the time tests: dates written as ISO text, failing the test rather than trapping.
enum TimeFixtures {
    static func date(_ iso: String) throws -> CivilDate {
        try #require(CivilDate(iso: iso), "bad fixture date \(iso)")
    }

    static func dates(_ isos: [String]) throws -> [CivilDate] {
        try isos.map(date)
    }
}

@Suite("Easter and bank holidays")
struct HolidayCalendarTests {
    @Test("Easter Sunday by the anonymous Gregorian algorithm", arguments: [
        "2000-04-23", "2002-03-31", "2008-03-23", "2011-04-24", "2018-04-01", "2019-04-21",
        "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25", "1818-03-22", "1943-04-25",
    ])
    func easter(_ iso: String) throws {
        let expected = try TimeFixtures.date(iso)
        #expect(Easter.sunday(in: expected.year) == expected)
        #expect(expected.weekday == .sunday)
    }

    @Test func easterOutsideYearRangeIsNil() {
        #expect(Easter.sunday(in: 0) == nil)
        #expect(Easter.sunday(in: 10_000) == nil)
        #expect(Easter.sunday(in: .min) == nil)
        #expect(Easter.sunday(in: 1) != nil)
        #expect(Easter.sunday(in: 9999) != nil)
    }

    /// gov.uk's published England and Wales dates.
    static let englandAndWales: [Int: [String]] = [
        2002: ["01-01", "03-29", "04-01", "05-06", "06-03", "06-04", "08-26", "12-25", "12-26"],
        2011: ["01-03", "04-22", "04-25", "04-29", "05-02", "05-30", "08-29", "12-26", "12-27"],
        2012: ["01-02", "04-06", "04-09", "05-07", "06-04", "06-05", "08-27", "12-25", "12-26"],
        2015: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
        2016: ["01-01", "03-25", "03-28", "05-02", "05-30", "08-29", "12-26", "12-27"],
        2017: ["01-02", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"],
        2018: ["01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"],
        2019: ["01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"],
        2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
        2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
        2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"],
        2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
        2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
        2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
        2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
        2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
    ]

    @Test("England and Wales matches gov.uk", arguments: englandAndWales.keys.sorted())
    func englandAndWalesPublished(_ year: Int) throws {
        let expected = try TimeFixtures.dates((Self.englandAndWales[year] ?? []).map { "\(year)-\($0)" })
        #expect(HolidayCalendar.englandAndWales.holidays(in: year).map(\.date) == expected)
    }

    @Test func scotlandAndNorthernIrelandMatchGovUK() throws {
        let cases: [(HolidayCalendar, Int, [String])] = [
            (.scotland, 2020, ["01-01", "01-02", "04-10", "05-08", "05-25", "08-03", "11-30", "12-25", "12-28"]),
            (.scotland, 2021, ["01-01", "01-04", "04-02", "05-03", "05-31", "08-02", "11-30", "12-27", "12-28"]),
            (.scotland, 2022, ["01-03", "01-04", "04-15", "05-02", "06-02", "06-03", "08-01", "09-19", "11-30",
                               "12-26", "12-27"]),
            (.scotland, 2023, ["01-02", "01-03", "04-07", "05-01", "05-08", "05-29", "08-07", "11-30", "12-25",
                               "12-26"]),
            (.scotland, 2024, ["01-01", "01-02", "03-29", "05-06", "05-27", "08-05", "12-02", "12-25", "12-26"]),
            (.northernIreland, 2020, ["01-01", "03-17", "04-10", "04-13", "05-08", "05-25", "07-13", "08-31",
                                      "12-25", "12-28"]),
            (.northernIreland, 2023, ["01-02", "03-17", "04-07", "04-10", "05-01", "05-08", "05-29", "07-12",
                                      "08-28", "12-25", "12-26"]),
            (.northernIreland, 2024, ["01-01", "03-18", "03-29", "04-01", "05-06", "05-27", "07-12", "08-26",
                                      "12-25", "12-26"]),
        ]
        for (calendar, year, days) in cases {
            let expected = try TimeFixtures.dates(days.map { "\(year)-\($0)" })
            #expect(calendar.holidays(in: year).map(\.date) == expected, "\(calendar.name) \(year)")
        }
    }

    @Test func namesFollowGovUK() throws {
        func name(_ calendar: HolidayCalendar, _ iso: String) throws -> String? {
            let date = try TimeFixtures.date(iso)
            return calendar.holidays(in: date.year).first { $0.date == date }?.name
        }
        #expect(try name(.englandAndWales, "2024-03-29") == "Good Friday")
        #expect(try name(.englandAndWales, "2022-12-27") == "Christmas Day (substitute day)")
        #expect(try name(.englandAndWales, "2022-12-26") == "Boxing Day")
        #expect(try name(.englandAndWales, "2021-12-28") == "Boxing Day (substitute day)")
        #expect(try name(.englandAndWales, "2020-05-08") == "Early May bank holiday (VE day)")
        #expect(try name(.englandAndWales, "2022-06-02") == "Spring bank holiday")
        #expect(try name(.englandAndWales, "2022-06-03") == "Platinum Jubilee bank holiday")
        #expect(try name(.englandAndWales, "2022-09-19") == "Bank Holiday for the State Funeral of Queen Elizabeth II")
        #expect(try name(.englandAndWales, "2023-05-08") == "Bank holiday for the coronation of King Charles III")
        #expect(try name(.englandAndWales, "2011-04-29") == "Royal wedding")
        #expect(try name(.englandAndWales, "1999-12-31") == "Millennium Day")
        #expect(try name(.scotland, "2022-01-04") == "2nd January (substitute day)")
        #expect(try name(.scotland, "2024-12-02") == "St Andrew's Day (substitute day)")
        #expect(try name(.northernIreland, "2020-07-13") == "Battle of the Boyne (Orangemen's Day) (substitute day)")
        #expect(try name(.northernIreland, "2024-03-18") == "St Patrick's Day (substitute day)")
    }

    @Test("The rules hold every year 2000–2040")
    func rulesHold() throws {
        let extraInEnglandAndWales = [2002: 1, 2011: 1, 2012: 1, 2022: 2, 2023: 1]
        for year in 2000...2040 {
            let easter = try #require(Easter.sunday(in: year))
            let extra = extraInEnglandAndWales[year] ?? 0
            for calendar in HolidayCalendar.allCases {
                let holidays = calendar.holidays(in: year)
                let usual = switch calendar {
                case .englandAndWales: 8
                case .scotland: year >= 2007 ? 9 : 8
                case .northernIreland: 10
                }
                #expect(holidays.count == usual + extra, "\(calendar.name) \(year)")
                #expect(holidays.allSatisfy { !$0.date.weekday.isWeekend && $0.date.year == year })
                #expect(Set(holidays.map(\.date)).count == holidays.count)
                #expect(holidays.map(\.date) == holidays.map(\.date).sorted())
                let goodFriday = holidays.first { $0.name == "Good Friday" }?.date
                #expect(goodFriday == easter.adding(days: -2))
                let easterMonday = holidays.first { $0.name == "Easter Monday" }?.date
                #expect(easterMonday == (calendar == .scotland ? nil : easter.adding(days: 1)))
            }
        }
    }

    @Test func yearBoundsNeverTrap() {
        for calendar in HolidayCalendar.allCases {
            #expect(calendar.holidays(in: 0).isEmpty)
            #expect(calendar.holidays(in: 10_000).isEmpty)
            #expect(calendar.holidays(in: .max).isEmpty)
            #expect(calendar.holidays(in: .min).isEmpty)
            #expect(!calendar.holidays(in: 1).isEmpty)
            #expect(calendar.holidays(in: 9999).allSatisfy { $0.date.year == 9999 })
        }
    }

    @Test func lookupByName() {
        #expect(WorkingDayCalendar.builtInNames == ["england_and_wales", "scotland", "northern_ireland"])
        #expect(WorkingDayCalendar.builtIn(named: "scotland")?.base == .scotland)
        #expect(WorkingDayCalendar.builtIn(named: "wales") == nil)
        #expect(WorkingDayCalendar.builtIn(named: "England_and_Wales") == nil)
        #expect(HolidayCalendar(name: "northern_ireland") == .northernIreland)
        #expect(HolidayCalendar.northernIreland.displayName == "Northern Ireland")
    }
}
