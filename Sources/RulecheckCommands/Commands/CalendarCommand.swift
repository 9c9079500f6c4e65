import Charter
import Foundation

/// `rulecheck calendar [GROUP...]`: groups' meeting dates from their cadences, as a listing,
/// JSON, or an iCalendar file for people's calendars.
enum CalendarCommand {
    static let help = """
        usage: rulecheck calendar [GROUP...] [--from DATE] [--to DATE] [--format text|json|ics]
                                  [--time-zone ZONE] [--out FILE] [--rules PATH]...

        Lists the meetings of each GROUP (every group with a `meets` clause when none is named)
        from their `meets` clauses: regular, moved, extra and cancelled meetings, with times
        where declared, and any meeting that falls on a bank holiday.

        options:
          --from DATE        first day of the range (default: the cadence's `from`)
          --to DATE          last day of the range (default: the cadence's `until`, or a year on)
          --format text|json|ics
                             text for people (default), json for scripts, ics (RFC 5545) for
                             Outlook, Google Calendar and other calendars
          --time-zone ZONE   the zone meeting times are in, for ics (default Europe/London, the
                             zone of every working-day calendar Charter knows)
          --out FILE         write to FILE (replaced whole, never left half-written)
          --rules PATH       rule files or directories (repeatable; default rules/)

        With --format ics, DTSTAMP is the time of the run, or SOURCE_DATE_EPOCH (seconds since
        1970) when that is set, for output that is the same on every run.

        exit status: 0 listed, 2 usage error, unknown group, or rules that cannot be used

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let format: String
        var from: CivilDate?
        var to: CivilDate?
        let zone: TimeZone
        let out: String?
        do {
            parsed = try Arguments(arguments, options: ["from", "to", "format", "rules", "time-zone", "out"], flags: ["help"])
            if parsed.flag("help") {
                io.write(help)
                return Driver.ExitStatus.success
            }
            format = try parsed.choice("format", among: ["text", "json", "ics"], default: "text")
            from = try parsed.value("from").map { try CommandSupport.date($0, "--from") }
            to = try parsed.value("to").map { try CommandSupport.date($0, "--to") }
            let zoneName = try parsed.value("time-zone") ?? ICalendar.defaultTimeZone
            guard let found = TimeZone(identifier: zoneName) else {
                throw Arguments.UsageError(description: "--time-zone: `\(zoneName)` is not a time zone; give one such as Europe/London or America/New_York")
            }
            zone = found
            out = try parsed.value("out")
        } catch {
            return Driver.usageError("\(error)", command: "calendar", io: io)
        }
        guard let loaded = CommandSupport.loadRules(parsed.values("rules"), command: "calendar", io: io) else {
            return Driver.ExitStatus.unusable
        }
        var names = parsed.positionals
        if names.isEmpty {
            names = loaded.rulebook.declarations.compactMap { declaration -> String? in
                guard case .group(let group) = declaration, group.clauses.contains(where: { if case .meets = $0 { true } else { false } })
                else { return nil }
                return group.name.text
            }
            if names.isEmpty { return fail("no group in the rules has a `meets` clause, so there are no meeting dates", io: io) }
        }
        var listings: [CalendarListing] = []
        for name in names {
            switch CalendarListing.meetings(in: loaded.rulebook, group: name, from: from, to: to) {
            case .success(let found): listings.append(found)
            case .failure(let problem):
                if !problem.diagnostics.isEmpty {
                    io.writeError(DiagnosticRenderer(files: loaded.files).render(problem.diagnostics))
                    return Driver.ExitStatus.unusable
                }
                return fail(problem.message, io: io)
            }
        }
        let output: String
        switch format {
        case "json":
            output = (parsed.positionals.count == 1 ? listings[0].json() : .object([("calendars", .array(listings.map { $0.json() }))]))
                .rendered() + "\n"
        case "ics":
            let title = loaded.rulebook.declarations.lazy.compactMap { declaration -> String? in
                if case .charter(let charter) = declaration { return charter.title?.value }
                return nil
            }.first
            output = ICalendar(listings: listings, charterTitle: title, timeZone: zone, stamp: stamp(io.environment)).document()
        default:
            output = listings.map { $0.text() }.joined(separator: "\n")
        }
        if let path = out {
            do {
                try AtomicFile.write(Data(output.utf8), to: path)
            } catch {
                return fail("\(error)", io: io)
            }
        } else {
            io.write(output)
        }
        return Driver.ExitStatus.success
    }

    /// `SOURCE_DATE_EPOCH` (the reproducible-builds convention) when set, else now.
    static func stamp(_ environment: [String: String]) -> Date {
        if let text = environment["SOURCE_DATE_EPOCH"], let seconds = Int64(text), seconds >= 0, seconds < 253_402_300_800 {
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        return Date()
    }

    static func fail(_ message: String, io: TextIO) -> Int32 {
        io.writeError("rulecheck calendar: \(message)\n")
        return Driver.ExitStatus.unusable
    }
}
