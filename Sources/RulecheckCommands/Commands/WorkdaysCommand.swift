import Charter

/// `rulecheck workdays add DATE N` and `rulecheck workdays between DATE DATE`.
enum WorkdaysCommand {
    static let help = """
        usage: rulecheck workdays add DATE N [options]
               rulecheck workdays between DATE DATE [options]

        Working-day arithmetic on the charter's calendar: weekends, bank holidays and the
        charter's own holidays are not working days.

          add DATE N        the Nth working day after DATE (DATE itself never counts;
                            N = 0 gives DATE if it is a working day, else the next one;
                            a negative N counts back)
          between A B       the working days after A up to and including B

        options:
          --calendar NAME   england_and_wales, scotland or northern_ireland, without the
                            charter's own holidays (default: the calendar of the rules)
          --rules PATH      rule files or directories (repeatable; default rules/)
          --format text|json

        exit status: 0 answered, 2 usage error, a date that does not exist, or unusable rules

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let format: String
        let calendarOption: String?
        do {
            parsed = try Arguments(arguments, options: ["calendar", "rules", "format"], flags: ["help"])
            if parsed.flag("help") {
                io.write(help)
                return Driver.ExitStatus.success
            }
            format = try parsed.choice("format", among: ["text", "json"], default: "text")
            calendarOption = try parsed.value("calendar")
        } catch {
            return Driver.usageError("\(error)", command: "workdays", io: io)
        }
        let words = parsed.positionals
        guard words.count == 3, words[0] == "add" || words[0] == "between" else {
            return Driver.usageError("expected `add DATE N` or `between DATE DATE`", command: "workdays", io: io)
        }
        let calendar: WorkingDayCalendar
        let calendarName: String
        if let name = calendarOption {
            guard let builtIn = WorkingDayCalendar.builtIn(named: name) else {
                let hint = Suggest.didYouMean(name, among: WorkingDayCalendar.builtInNames)
                    ?? "the calendars are \(Suggest.list(WorkingDayCalendar.builtInNames))"
                return Driver.usageError("there is no calendar `\(name)`; \(hint)", command: "workdays", io: io)
            }
            calendar = builtIn
            calendarName = name
        } else {
            guard let loaded = CommandSupport.loadRules(parsed.values("rules"), command: "workdays", io: io) else {
                return Driver.ExitStatus.unusable
            }
            let (governance, problems) = GovernanceCalendar.calendar(of: loaded.rulebook)
            guard let governance else {
                io.writeError(DiagnosticRenderer(files: loaded.files).render(problems))
                return Driver.ExitStatus.unusable
            }
            calendar = governance.calendar
            calendarName = governance.calendarName
        }
        do {
            let start = try CommandSupport.date(words[1], "the date")
            if words[0] == "add" {
                guard let n = Int(words[2]), (-1_000_000...1_000_000).contains(n) else {
                    throw Arguments.UsageError(description: "`\(words[2])` is not a whole number of working days from -1000000 to 1000000")
                }
                guard let result = calendar.adding(workingDays: n, to: start) else {
                    throw Arguments.UsageError(description: "\(n) working days from \(start) leaves the years 1 to 9999")
                }
                let skipped = holidays(between: start, and: result, calendar: calendar)
                if format == "json" {
                    io.write(JSON.object([
                        ("date", .string(result.description)), ("weekday", .string(result.weekday.rawValue)),
                        ("from", .string(start.description)), ("working_days", .integer(n)),
                        ("calendar", .string(calendarName)),
                        ("holidays_skipped", .array(skipped.map { .object([("date", .string($0.date.description)), ("name", .string($0.name))]) })),
                    ]).rendered() + "\n")
                } else {
                    var line = "\(result) \(result.weekday.capitalizedName): \(abs(n)) working day\(abs(n) == 1 ? "" : "s") \(n < 0 ? "before" : "after") \(start) on \(calendarName)"
                    if !skipped.isEmpty {
                        line += ", skipping " + skipped.map { "\($0.name) \($0.date)" }.joined(separator: ", ")
                    }
                    io.write(line + "\n")
                }
            } else {
                let end = try CommandSupport.date(words[2], "the second date")
                let count = calendar.workingDays(from: start, to: end)
                let skipped = holidays(between: start, and: end, calendar: calendar)
                if format == "json" {
                    io.write(JSON.object([
                        ("working_days", .integer(count)), ("from", .string(start.description)), ("to", .string(end.description)),
                        ("calendar", .string(calendarName)),
                        ("holidays", .array(skipped.map { .object([("date", .string($0.date.description)), ("name", .string($0.name))]) })),
                    ]).rendered() + "\n")
                } else {
                    var line = "\(count) working day\(abs(count) == 1 ? "" : "s") after \(start) up to and including \(end) on \(calendarName)"
                    if !skipped.isEmpty { line += " (holidays: " + skipped.map { "\($0.name) \($0.date)" }.joined(separator: ", ") + ")" }
                    io.write(line + "\n")
                }
            }
        } catch {
            return Driver.usageError("\(error)", command: "workdays", io: io)
        }
        return Driver.ExitStatus.success
    }

    /// The weekday holidays strictly after the earlier date, up to and including the later.
    static func holidays(between a: CivilDate, and b: CivilDate, calendar: WorkingDayCalendar) -> [BankHoliday] {
        let (low, high) = a < b ? (a, b) : (b, a)
        guard high.year - low.year <= 200 else { return [] }
        return (low.year...high.year).flatMap { calendar.holidays(in: $0) }
            .filter { $0.date > low && $0.date <= high && !$0.date.weekday.isWeekend }
    }
}
