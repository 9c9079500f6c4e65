@testable import Charter

/// Date formats, dates and working-day arithmetic. The first line of the input is a
/// `--date-format` pattern; every other line is a date in that format, an ISO date, or a whole
/// number. Dates are parsed, printed and parsed back; numbers are used as working-day counts
/// and as amounts of every duration unit from each date, on the MHHS calendar and on the
/// built-in ones; and `rulecheck workdays` is run on the lines as its arguments.
@_cdecl("LLVMFuzzerTestOneInput")
public func datesOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let base = DatesBase.shared
    let lines = FuzzSupport.lossyText(data, size).split(separator: "\n", omittingEmptySubsequences: false).prefix(12).map(String.init)
    guard let pattern = lines.first else { return 0 }
    var sink = 0
    var format: DateFormat? = nil
    do {
        format = try DateFormat(pattern)
    } catch {
        sink &+= error.description.utf8.count
    }
    var dates: [CivilDate] = []
    var numbers: [Int] = []
    for line in lines.dropFirst() {
        if let format {
            do {
                let date = try format.parse(line)
                dates.append(date)
                let printed = format.string(from: date)
                sink &+= printed.utf8.count
                _ = format.date(from: printed)
            } catch {
                sink &+= error.description.utf8.count
            }
            sink &+= RecordDecoder.formatHint(line, besides: format).utf8.count
        }
        if let date = CivilDate(iso: line) {
            dates.append(date)
            guard CivilDate(iso: date.description) == date else { fatalError("an ISO date does not read back: \(date)") }
        } else {
            sink &+= CivilDate.whyNotAnISODate(line, "the date").utf8.count
        }
        if let number = Int(line.trimmingCharacters(in: .whitespaces)) { numbers.append(number) }
    }
    for date in dates.prefix(3) {
        sink &+= date.dayNumber &+ date.weekday.isoNumber
        guard CivilDate(dayNumber: date.dayNumber) == date else { fatalError("a day number does not read back: \(date)") }
        for calendar in base.calendars {
            sink &+= calendar.isWorkingDay(date) ? 1 : 0
            sink &+= calendar.nextWorkingDay(onOrAfter: date)?.dayNumber ?? 0
            sink &+= calendar.previousWorkingDay(onOrBefore: date)?.dayNumber ?? 0
            for n in numbers.prefix(3) where DatesBase.isQuick(n) {
                // As documented on `adding(workingDays:to:)`: counting back gives the steps taken.
                if let found = calendar.adding(workingDays: n, to: date), n != 0 {
                    guard calendar.workingDays(from: date, to: found) == n else {
                        fatalError("\(n) working days from \(date) gives \(found), which is not \(n) working days on")
                    }
                }
            }
            for other in dates.prefix(3) where DatesBase.isQuick(date, other) { sink &+= calendar.workingDays(from: date, to: other) }
        }
        for n in numbers.prefix(3) where DatesBase.isQuick(n) {
            for unit in [DurationUnit.minutes, .days, .workingDays, .months] { sink &+= base.program.date(date, plus: n, unit)?.dayNumber ?? 0 }
        }
    }
    // The command line takes the lines as they are, including what is neither a date nor a number.
    if lines.count >= 3, DatesBase.isQuick(arguments: lines[1], lines[2]) {
        for calendar in ["england_and_wales", "scotland"] {
            let io = CapturedIO()
            sink &+= Int(WorkdaysCommand.run(["add", lines[1], lines[2], "--calendar", calendar], io: io))
            sink &+= Int(WorkdaysCommand.run(["between", lines[1], lines[2], "--calendar", calendar, "--format", "json"], io: io))
            sink &+= io.output.utf8.count &+ io.errors.utf8.count
        }
    }
    FuzzSink.keep(sink)
    return 0
}

/// The MHHS program (for its calendar and duration arithmetic) and the built-in calendars.
final class DatesBase {
    let program: Program
    let calendars: [WorkingDayCalendar]

    nonisolated(unsafe) static let shared = DatesBase()

    private init() {
        let mhhs = MHHSBase.shared
        program = mhhs.program
        let governance = GovernanceCalendar.calendar(of: mhhs.loaded.rulebook).0?.calendar
        calendars = [governance].compactMap { $0 } + WorkingDayCalendar.builtInNames.compactMap(WorkingDayCalendar.builtIn(named:))
    }

    // Working-day arithmetic walks the years it spans, by design: a count of a million working
    // days takes thousands of years' holidays. The harness keeps to counts within about 20 years
    // and to counts beyond every date (which are refused at once), so that it runs thousands of
    // inputs a second; the edges of the range are still reached from dates near them.
    static let quickCount = 5_000
    static let quickYears = 20

    static func isQuick(_ n: Int) -> Bool {
        n.magnitude <= UInt(quickCount) || n.magnitude > 3_700_000
    }

    static func isQuick(_ a: CivilDate, _ b: CivilDate) -> Bool {
        (a.year - b.year).magnitude <= UInt(quickYears)
    }

    /// Whether `workdays add A B` / `workdays between A B` stays quick: B is a quick count, or a
    /// date near A, or neither parses as what it should be.
    static func isQuick(arguments first: String, _ second: String) -> Bool {
        guard let start = CivilDate(iso: first) else { return true }
        if let n = Int(second) { return isQuick(n) }
        guard let end = CivilDate(iso: second) else { return true }
        return isQuick(start, end)
    }
}
