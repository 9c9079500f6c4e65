import Charter

/// What the commands that read a rulebook share.
enum CommandSupport {
    /// Loads and checks the rulebook at `paths` (default `rules/`). Prints its errors; returns
    /// nil when it cannot be used (unreadable, or with errors), for the command to exit 2.
    static func loadRules(_ paths: [String], overlay: [String] = [], command: String, io: TextIO,
                          palette: Palette = .plain) -> CheckedRulebook? {
        var loaded = RulebookLoader().load(paths: paths.isEmpty ? ["rules"] : paths)
        if !overlay.isEmpty { RulebookLoader().load(paths: overlay, into: &loaded, overlay: true) }
        let checked = loaded.check()
        for problem in loaded.unreadable {
            io.writeError("rulecheck \(command): \(problem)\n")
        }
        io.reportForJSON(loaded.unreadable.map { JSONOutcomeIO.diagnostic(.commandFailed, $0) })
        let errors = loaded.diagnostics.filter { $0.severity == .error }.sortedBySource()
        if !errors.isEmpty, loaded.unreadable.isEmpty {
            io.reportForJSON(DiagnosticJSON(errors, files: loaded.files).json().elements)
        }
        if !errors.isEmpty {
            io.writeError(DiagnosticRenderer(files: loaded.files, palette: palette).render(errors))
            io.writeError("rulecheck \(command): the rules have errors; run `rulecheck lint` for details\n")
        }
        return loaded.unreadable.isEmpty ? checked : nil
    }

    /// The records in the command's files (`--type`, `--date-format`), or nil after printing
    /// why they cannot be used (in `palette`, on standard error): an unknown type, a bad format,
    /// a record that does not load.
    static func loadRecords(_ parsed: Arguments, program: Program, command: String, io: TextIO,
                            palette: Palette = .plain) -> [LoadedRecord]? {
        guard let files = recordFiles(parsed, program: program, command: command, io: io) else { return nil }
        let input = parsed.positionals.contains("-") ? io.readStandardInput() : nil
        let (records, errors, warnings) = files.load(paths: parsed.positionals, standardInput: input)
        reportWarnings(warnings, io: io, palette: palette)
        guard errors.isEmpty else {
            var recordFiles = SourceFiles()
            let diagnostics = errors.diagnostics(into: &recordFiles)
            if parsed.values("format").last == "json" {
                io.write(JSON.object([("diagnostics", DiagnosticJSON(diagnostics, files: recordFiles).json())]).rendered() + "\n")
            } else {
                io.writeError(DiagnosticRenderer(files: recordFiles, palette: palette).render(diagnostics))
            }
            let count = Set(errors.map(\.file)).count
            io.writeError("rulecheck \(command): no verdicts: \(count == 1 ? "a record file has" : "\(count) record files have") \(errors.count == 1 ? "an error" : "errors"); every record must load\n")
            return nil
        }
        program.provide(records.map(\.value))
        return records
    }

    /// The warnings of reading record files (CSV columns no field claims), on standard error.
    static func reportWarnings(_ warnings: [RecordFileError], io: TextIO, palette: Palette) {
        guard !warnings.isEmpty else { return }
        var recordFiles = SourceFiles()
        let diagnostics = warnings.diagnostics(into: &recordFiles)
        io.writeError(DiagnosticRenderer(files: recordFiles, palette: palette).render(diagnostics))
    }

    /// How the command's files are read (`--type`, `--date-format`, `--delimiter`, …), or nil
    /// after printing the usage error.
    static func recordFiles(_ parsed: Arguments, program: Program, command: String, io: TextIO) -> RecordFiles? {
        let dateFormat: DateFormat
        let options: RecordFiles.Options
        do {
            dateFormat = try self.dateFormat(parsed)
            options = try fileOptions(parsed)
            if let typeName = try parsed.value("type"), program.shapeByName[typeName] == nil {
                let hint = Suggest.didYouMean(typeName, among: program.shapeByName.keys.sorted()).map { "; \($0)" } ?? ""
                throw Arguments.UsageError(description: "there is no record type `\(typeName)`\(hint)")
            }
        } catch {
            _ = Driver.usageError("\(error)", command: command, io: io)
            return nil
        }
        return RecordFiles(shapes: program.shapes, byName: program.shapeByName, dateFormat: dateFormat,
                           typeName: parsed.values("type").first, options: options)
    }

    /// `--budget STEPS`, checked; the standard limits when not given.
    static func limits(_ parsed: Arguments) throws -> EvaluationLimits {
        guard let text = try parsed.value("budget") else { return .standard }
        guard let steps = Int(text), (1...EvaluationLimits.largestSteps).contains(steps) else {
            throw Arguments.UsageError(description: "--budget: `\(text)` is not a whole number of steps from 1 to \(EvaluationLimits.largestSteps)")
        }
        return EvaluationLimits(steps: steps)
    }

    /// `--delimiter`, `--input-format` and `--strict`, checked.
    static func fileOptions(_ parsed: Arguments) throws -> RecordFiles.Options {
        var options = RecordFiles.Options(strict: parsed.flag("strict"), sheet: try parsed.value("sheet"))
        if let text = try parsed.value("delimiter") {
            switch text.lowercased() {
            case ",", "comma": options.delimiter = UInt8(ascii: ",")
            case ";", "semicolon": options.delimiter = UInt8(ascii: ";")
            case "\t", "\\t", "tab": options.delimiter = UInt8(ascii: "\t")
            default:
                throw Arguments.UsageError(description: "--delimiter takes `comma`, `semicolon` or `tab` (or `,`, `;`), not `\(text)`")
            }
        }
        if let text = try parsed.value("input-format") {
            guard let format = RecordFiles.InputFormat(rawValue: text) else {
                let names = RecordFiles.InputFormat.allCases.map(\.rawValue)
                let hint = Suggest.didYouMean(text, among: names).map { "; \($0)" } ?? ""
                throw Arguments.UsageError(description: "--input-format takes \(Suggest.list(names)), not `\(text)`\(hint)")
            }
            options.inputFormat = format
        }
        if parsed.positionals.filter({ $0 == "-" }).count > 1 {
            throw Arguments.UsageError(description: "`-` (standard input) can be given once")
        }
        return options
    }

    /// `--date-format`, checked; ISO when not given.
    static func dateFormat(_ parsed: Arguments) throws -> DateFormat {
        guard let text = try parsed.value("date-format") else { return .iso }
        do { return try DateFormat(text) } catch { throw Arguments.UsageError(description: "--date-format: \(error)") }
    }

    /// A date argument in ISO form, or a usage error naming it.
    static func date(_ text: String, _ what: String) throws -> CivilDate {
        guard let date = CivilDate(iso: text) else {
            throw Arguments.UsageError(description: CivilDate.whyNotAnISODate(text, what))
        }
        return date
    }
}

/// The options of the commands that read record files (`check`, `explain`, `status`, `diff`):
/// `--rules`, `--format text|json`, `--as-of`, `--type` and `--date-format`, with the files
/// as positional arguments, plus each command's own options.
struct RecordCommandOptions {
    /// The lines of `--help` for the options that say how record files are read.
    static let help = """
        \(ColorChoice.help)
          --type NAME          the record type of CSV rows, and of JSON records with no "type"
          --date-format FMT    how dates are written in the files (default yyyy-mm-dd):
                               yyyy-mm-dd, dd/mm/yyyy, mm/dd/yyyy, dd/mm/yy, mm/dd/yy,
                               d-MMM-yy or "d MMMM yyyy" (or any order of yyyy|yy,
                               mm|m|MMM|MMMM and dd|d with / - . , or space between)
          --delimiter D        the CSV field separator: comma, semicolon or tab (default:
                               the one the header row uses)
          --input-format F     read every file as csv, json or xlsx (default: from its name,
                               else its first bytes)
          --sheet NAME         the worksheet of an .xlsx workbook to read (default: the first)
          --strict             refuse CSV columns no field claims (default: warn, ignore them)
          FILE                 a record file, or - for standard input
        """

    let parsed: Arguments
    let format: String
    let asOf: CivilDate?
    /// `--budget STEPS`: the work each rule may do on one record.
    let limits: EvaluationLimits
    /// `--color`: what standard output and standard error are coloured with (standard output
    /// never, for `--format json`).
    let colors: ColorChoice

    /// The options (with the command's own, `extra` taking a value and `extraFlags` not), or nil
    /// after printing `help` for `--help`. Throws a usage error.
    static func parse(_ arguments: [String], extra: Set<String>, extraFlags: Set<String> = [], help: String,
                      io: TextIO) throws -> RecordCommandOptions? {
        let parsed = try Arguments(arguments, options: extra.union(["rules", "format", "as-of", "type", "date-format", "budget",
                                                                    "delimiter", "input-format", "sheet", "color"]),
                                   flags: extraFlags.union(["help", "strict"]))
        if parsed.flag("help") {
            io.write(help)
            return nil
        }
        let format = try parsed.choice("format", among: ["text", "json"], default: "text")
        let colors = try ColorChoice(parsed, io: io)
        let options = RecordCommandOptions(parsed: parsed, format: format,
                                           asOf: try parsed.value("as-of").map { try CommandSupport.date($0, "--as-of") },
                                           limits: try CommandSupport.limits(parsed),
                                           colors: format == "json" ? ColorChoice(output: .plain, errors: colors.errors) : colors)
        _ = try CommandSupport.dateFormat(parsed)
        _ = try CommandSupport.fileOptions(parsed)
        _ = try parsed.value("type")
        return options
    }

    /// A usage error unless files were given.
    func requireFiles() throws {
        guard !parsed.positionals.isEmpty else {
            throw Arguments.UsageError(description: "give one or more record files (JSON or CSV)")
        }
    }
}
