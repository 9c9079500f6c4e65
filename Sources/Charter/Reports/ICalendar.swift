import Foundation

/// Groups' meetings as an iCalendar document (RFC 5545), for Outlook, Google Calendar and every
/// other calendar that imports `.ics` files.
///
/// - One `VEVENT` per meeting, cancelled ones included as `STATUS:CANCELLED` so that an import
///   over an earlier one removes them from people's calendars.
/// - A meeting's `UID` is made from its group and the date of the regular occurrence it stands
///   for, so it is the same on every run and stays the same when an exception moves the meeting
///   (with `SEQUENCE:1`, which tells a calendar that the event it has was changed).
/// - Times are local times in the charter's time zone (`TZID`), described by a `VTIMEZONE`
///   with every change of offset from a year before the first meeting to a year after the last.
/// - A meeting with no time is an all-day event; one with a start and no length has a start only.
/// - Lines end in CRLF and are folded at 75 octets, never inside a UTF-8 sequence.
public struct ICalendar: Sendable {
    public let listings: [CalendarListing]
    /// The charter's title, for the calendar's name and the events' UIDs.
    public let charterTitle: String?
    public let timeZone: TimeZone
    /// When the document is made (`DTSTAMP`).
    public let stamp: Date

    public init(listings: [CalendarListing], charterTitle: String?, timeZone: TimeZone, stamp: Date) {
        self.listings = listings
        self.charterTitle = charterTitle
        self.timeZone = timeZone
        self.stamp = stamp
    }

    /// The time zone of every working-day calendar Charter knows (`england_and_wales`,
    /// `scotland`, `northern_ireland`): the UK's.
    public static let defaultTimeZone = "Europe/London"

    public func document() -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Charter//rulecheck calendar//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH"]
        if let charterTitle { lines.append("X-WR-CALNAME:" + Self.escaped(charterTitle)) }
        lines.append("X-WR-TIMEZONE:" + timeZone.identifier)
        let dates = listings.flatMap(\.meetings).map(\.date)
        if let first = dates.min(), let last = dates.max() {
            lines += timeZoneComponent(from: first, to: last)
        }
        let stampText = Self.utc(stamp)
        let domain = Self.slug(charterTitle ?? "") ?? "rulebook"
        var uids: Set<String> = []
        for listing in listings {
            for meeting in listing.meetings {
                var uid = "\(listing.group.name.text)-\(Self.basic(Self.regularDate(of: meeting)))"
                if meeting.status == .extra { uid += "-extra" }
                var candidate = uid
                var n = 2
                while !uids.insert(candidate).inserted {
                    candidate = "\(uid)-\(n)"
                    n += 1
                }
                lines += event(meeting, of: listing, uid: "\(candidate)@\(domain)", stamp: stampText)
            }
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.folded).joined()
    }

    func event(_ meeting: Meeting, of listing: CalendarListing, uid: String, stamp: String) -> [String] {
        let group = listing.group
        var lines = ["BEGIN:VEVENT", "UID:" + Self.escaped(uid), "DTSTAMP:" + stamp]
        let zone = "TZID=" + timeZone.identifier
        if let start = meeting.start {
            lines.append("DTSTART;\(zone):\(Self.basic(meeting.date))T\(Self.basic(start))")
            if let end = meeting.end { lines.append("DTEND;\(zone):\(Self.basic(meeting.date))T\(Self.basic(end))") }
        } else {
            lines.append("DTSTART;VALUE=DATE:" + Self.basic(meeting.date))
            if let next = meeting.date.adding(days: 1) { lines.append("DTEND;VALUE=DATE:" + Self.basic(next)) }
        }
        let name = group.name.text
        let summary = group.title.map { "\($0.value) (\(name))" } ?? name
        lines.append("SUMMARY:" + Self.escaped(meeting.status == .extra ? "\(summary), extraordinary" : summary))
        var about: [String] = []
        switch meeting.status {
        case .regular: break
        case .moved(let original): about.append("Moved from \(original).")
        case .extra: about.append("An extra meeting.")
        case .cancelled: about.append("Cancelled.")
        }
        if let note = meeting.note { about.append(note) }
        if let holiday = meeting.holiday, meeting.status != .cancelled { about.append("Falls on \(holiday).") }
        about.append("From the rules of \(charterTitle ?? "the rulebook"), calendar \(listing.calendarName).")
        lines.append("DESCRIPTION:" + Self.escaped(about.joined(separator: "\n")))
        switch meeting.status {
        case .cancelled: lines += ["STATUS:CANCELLED", "SEQUENCE:1"]
        case .moved: lines += ["STATUS:CONFIRMED", "SEQUENCE:1"]
        case .regular, .extra: lines += ["STATUS:CONFIRMED", "SEQUENCE:0"]
        }
        lines.append("END:VEVENT")
        return lines
    }

    /// The date of the regular occurrence a meeting stands for: where a moved one came from.
    static func regularDate(of meeting: Meeting) -> CivilDate {
        if case .moved(let original) = meeting.status { return original }
        return meeting.date
    }

    // MARK: - The time zone

    /// `VTIMEZONE` with one observance per change of offset in the years around the meetings,
    /// each starting at the local time (in the offset before it) when the change happens.
    func timeZoneComponent(from first: CivilDate, to last: CivilDate) -> [String] {
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + timeZone.identifier]
        let lower = Self.midnightUTC(CivilDate(year: first.year - 1, month: 1, day: 1) ?? first)
        let upper = Self.midnightUTC(CivilDate(year: last.year + 1, month: 12, day: 31) ?? last)
        let before = timeZone.secondsFromGMT(for: lower)
        lines += observance(daylight: timeZone.isDaylightSavingTime(for: lower), onset: lower, from: before, to: before)
        var cursor = lower
        // A zone changes offset a few times a year; the bound keeps a zone database that
        // reports a transition that does not advance from looping.
        for _ in 0..<400 {
            guard let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next > cursor, next <= upper else { break }
            let from = timeZone.secondsFromGMT(for: next.addingTimeInterval(-1))
            let to = timeZone.secondsFromGMT(for: next)
            lines += observance(daylight: timeZone.isDaylightSavingTime(for: next), onset: next, from: from, to: to)
            cursor = next
        }
        lines.append("END:VTIMEZONE")
        return lines
    }

    func observance(daylight: Bool, onset: Date, from: Int, to: Int) -> [String] {
        let kind = daylight ? "DAYLIGHT" : "STANDARD"
        return ["BEGIN:\(kind)", "DTSTART:" + Self.local(onset, offset: from),
                "TZOFFSETFROM:" + Self.offset(from), "TZOFFSETTO:" + Self.offset(to), "END:\(kind)"]
    }

    // MARK: - Text

    static func basic(_ date: CivilDate) -> String {
        String(format: "%04d%02d%02d", date.year, date.month, date.day)
    }

    static func basic(_ time: TimeOfDay) -> String {
        String(format: "%02d%02d00", time.minutes / 60, time.minutes % 60)
    }

    static func midnightUTC(_ date: CivilDate) -> Date {
        var components = DateComponents()
        (components.year, components.month, components.day) = (date.year, date.month, date.day)
        return utcCalendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    static var utcCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }

    /// `20240313T100000Z`.
    static func utc(_ date: Date) -> String { local(date, offset: 0) + "Z" }

    /// The wall-clock time `offset` seconds from UTC at `date`, `20240331T010000`.
    static func local(_ date: Date, offset: Int) -> String {
        let c = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date.addingTimeInterval(TimeInterval(offset)))
        return String(format: "%04d%02d%02dT%02d%02d%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// `+0100`, `-0500`, `+0530`.
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return String(format: "%@%02d%02d", sign, minutes / 60, minutes % 60)
    }

    /// A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11).
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// `mhhs-programme` from `Market-wide Half-Hourly Settlement (MHHS) Programme`: letters and
    /// digits, lowercased, runs of anything else as one hyphen, at most 40 characters.
    static func slug(_ title: String) -> String? {
        var out = ""
        for scalar in title.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        out = String(out.prefix(40))
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? nil : out
    }

    /// One content line, folded: at most 75 octets a line, each continuation starting with a
    /// space, cut between characters; then CRLF.
    static func folded(_ line: String) -> String {
        var out = ""
        var width = 0
        for character in line {
            let size = String(character).utf8.count
            if width + size > 75 {
                out += "\r\n "
                width = 1
            }
            out.append(character)
            width += size
        }
        return out + "\r\n"
    }
}
