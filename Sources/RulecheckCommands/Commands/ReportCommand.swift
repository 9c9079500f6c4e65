import Charter
import Foundation

/// `rulecheck report FILE...`: one self-contained HTML page of the chart, the register of
/// records, where each stands in each process, what is overdue and the next meetings.
enum ReportCommand {
    static let help = """
        usage: rulecheck report FILE... [--out FILE] [--as-of DATE] [--rules PATH]...

        Writes one HTML page, with nothing to fetch (styles, script and chart are in it), to
        share before a meeting: the governance chart; the register of the records in FILE with
        each outcome and the reasons for each rule it fails, in a table that sorts by any
        column and filters as you type; where each record stands in each process for its type,
        with deadlines and overdue steps; the actions of meetings past their due date and not
        closed (a status ending in closed, complete, completed or done); the next meeting of each group; and the date and the
        rule files the page came from. It prints, and reads without colour.

        options:
          --out FILE           write the page to FILE (default: standard output), replaced
                               whole, never left half-written
          --as-of DATE         the date the page is as of (default: today in Europe/London, or
                               the day of SOURCE_DATE_EPOCH when that is set)
          --rules PATH         rule files or directories (repeatable; default rules/)
        \(RecordCommandOptions.help)

        exit status: 0 written (whatever the outcomes), 2 usage error, or rules or records that
        cannot be used

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let asOf: CivilDate
        let out: String?
        let limits: EvaluationLimits
        let colors: ColorChoice
        do {
            guard let options = try RecordCommandOptions.parse(arguments, extra: ["out"], help: help, io: io) else {
                return Driver.ExitStatus.success
            }
            try options.requireFiles()
            parsed = options.parsed
            guard let date = options.asOf ?? today(io.environment) else {
                throw Arguments.UsageError(description: "today's date is not known here; give --as-of DATE")
            }
            asOf = date
            out = try parsed.value("out")
            limits = options.limits
            colors = options.colors
        } catch {
            return Driver.usageError("\(error)", command: "report", io: io)
        }
        guard let loaded = CommandSupport.loadRules(parsed.values("rules"), command: "report", io: io, palette: colors.errors) else {
            return Driver.ExitStatus.unusable
        }
        let program = Program(loaded, limits: limits)
        guard let records = CommandSupport.loadRecords(parsed, program: program, command: "report", io: io, palette: colors.errors) else {
            return Driver.ExitStatus.unusable
        }
        let reports = program.check(records, asOf: asOf)
        let check = CheckReport(reports: reports, summary: CheckSummary(reports), files: loaded.files)

        let models = program.processes()
        var processes: [(name: String, title: String?, positions: [HTMLReport.Position])] = []
        var groups: [GroupDecl] = []
        var title: String?
        for declaration in loaded.rulebook.declarations {
            switch declaration {
            case .process(let process):
                guard let model = models[process.name.text], !processes.contains(where: { $0.name == model.name }) else { continue }
                var positions: [HTMLReport.Position] = []
                for record in records {
                    if let shape = model.shape, shape != record.value.shape { continue }
                    guard model.shape != nil else { continue }
                    let id = program.identify(record.value) ?? "\(record.file) \(record.place)"
                    let status = model.status(of: record.value, program: program, asOf: asOf)
                    var stepTitle: String?
                    if case .atStep(let step, _) = status.position { stepTitle = model.step(named: step)?.title }
                    positions.append(HTMLReport.Position(record: id, status: status, stepTitle: stepTitle))
                }
                processes.append((model.name, model.title, positions))
            case .group(let group) where group.clauses.contains(where: { if case .meets = $0 { true } else { false } }):
                groups.append(group)
            case .charter(let charter):
                title = title ?? charter.title?.value
            default:
                break
            }
        }
        var meetings: [HTMLReport.NextMeeting] = []
        let horizon = asOf.adding(days: 92) ?? asOf
        for group in groups {
            // A cadence that cannot be listed (a day some months lack) has no next meeting here.
            let listing = try? CalendarListing.meetings(in: loaded.rulebook, group: group.name.text, from: asOf, to: horizon).get()
            let next = listing?.meetings.first { $0.status != .cancelled && $0.date >= asOf }
            meetings.append(HTMLReport.NextMeeting(group: group.name.text, title: group.title?.value, meeting: next))
        }
        let identified = records.map { (id: program.identify($0.value) ?? "\($0.file) \($0.place)", value: $0.value) }
        let actions = HTMLReport.overdueActions(in: identified, shapes: program.shapes, asOf: asOf)
        let chart = GovernanceChart(loaded.rulebook)
        let rulePaths = parsed.values("rules").isEmpty ? ["rules"] : parsed.values("rules")
        let page = HTMLReport(title: title ?? "Governance report", asOf: asOf, rulePaths: rulePaths, recordPaths: parsed.positionals,
                              check: check, processes: processes, meetings: meetings, actions: actions,
                              chart: chart.levels.isEmpty || chart.boxes.isEmpty ? nil : chart, version: Driver.version)
        return ChartCommand.write(page.document(), to: out, command: "report", io: io)
    }

    /// Today in Europe/London, the zone of every working-day calendar Charter knows.
    static func today(_ environment: [String: String]) -> CivilDate? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: ICalendar.defaultTimeZone) ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: CalendarCommand.stamp(environment))
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }
}
