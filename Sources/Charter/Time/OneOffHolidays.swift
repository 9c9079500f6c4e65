/// A change to one year's bank holidays made by royal proclamation rather than by the
/// recurring rules: a regular holiday moved, or an extra holiday added.
///
/// Every entry here was announced and observed; future one-offs are added when proclaimed,
/// since the calendar cannot know them in advance. A charter can add its own closures with
/// `WorkingDayCalendar(base:extraHolidays:)` without waiting for this table to change.
struct OneOffHolidayChange: Sendable {
    enum Kind: Sendable {
        /// The regular holiday called `regular` falls on this change's date instead,
        /// optionally under a new name (2020's early May holiday became "VE day").
        case moved(regular: String, newName: String?)
        /// An extra holiday on this change's date.
        case added(name: String)
    }

    let year: Int
    let month: Int
    let day: Int
    let kind: Kind
    /// The nations where the change applied; all the changes since 1999 were UK-wide.
    let calendars: [HolidayCalendar]

    init(_ year: Int, _ month: Int, _ day: Int, _ kind: Kind,
         calendars: [HolidayCalendar] = HolidayCalendar.allCases) {
        self.year = year
        self.month = month
        self.day = day
        self.kind = kind
        self.calendars = calendars
    }

    /// The proclaimed changes, in date order.
    ///
    /// Sources: the gov.uk bank-holiday lists (2012 on) and the proclamations for earlier years.
    /// Each of these applied in England and Wales, Scotland and Northern Ireland alike.
    static let table: [OneOffHolidayChange] = [
        // Millennium: an extra day on Friday 31 December 1999.
        OneOffHolidayChange(1999, 12, 31, .added(name: "Millennium Day")),
        // Golden Jubilee: the spring holiday moved from Monday 27 May to Tuesday 4 June,
        // with the jubilee itself on Monday 3 June.
        OneOffHolidayChange(2002, 6, 3, .added(name: "Golden Jubilee")),
        OneOffHolidayChange(2002, 6, 4, .moved(regular: "Spring bank holiday", newName: nil)),
        // Wedding of Prince William and Catherine Middleton, Friday 29 April 2011.
        OneOffHolidayChange(2011, 4, 29, .added(name: "Royal wedding")),
        // Diamond Jubilee: the spring holiday moved from Monday 28 May to Monday 4 June,
        // with the jubilee on Tuesday 5 June.
        OneOffHolidayChange(2012, 6, 4, .moved(regular: "Spring bank holiday", newName: nil)),
        OneOffHolidayChange(2012, 6, 5, .added(name: "Queen's Diamond Jubilee")),
        // 75th anniversary of VE Day: the early May holiday moved from Monday 4 May to Friday 8 May.
        OneOffHolidayChange(2020, 5, 8, .moved(regular: "Early May bank holiday",
                                               newName: "Early May bank holiday (VE day)")),
        // Platinum Jubilee: the spring holiday moved from Monday 30 May to Thursday 2 June,
        // with the jubilee on Friday 3 June.
        OneOffHolidayChange(2022, 6, 2, .moved(regular: "Spring bank holiday", newName: nil)),
        OneOffHolidayChange(2022, 6, 3, .added(name: "Platinum Jubilee bank holiday")),
        // State Funeral of Queen Elizabeth II, Monday 19 September 2022.
        OneOffHolidayChange(2022, 9, 19, .added(name: "Bank Holiday for the State Funeral of Queen Elizabeth II")),
        // Coronation of King Charles III, Monday 8 May 2023.
        OneOffHolidayChange(2023, 5, 8, .added(name: "Bank holiday for the coronation of King Charles III")),
    ]
}
