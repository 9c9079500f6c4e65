/// The verdicts of `check` (and the REPL's `:check`), as text for people and JSON for scripts.
public struct CheckReport: Sendable {
    public let reports: [RecordReport]
    public let summary: CheckSummary
    /// The rule files, for where each failing rule is written.
    public let files: SourceFiles

    public init(reports: [RecordReport], summary: CheckSummary, files: SourceFiles) {
        self.reports = reports
        self.summary = summary
        self.files = files
    }

    /// The verdicts for people; `palette` colours PASS, FAIL and the codes of errors.
    public func text(palette: Palette = .plain) -> String {
        String(decoding: rendered(CheckReportWriter(format: .text(palette), files: files)), as: UTF8.self)
    }

    /// The verdicts as JSON text, ended by a new line: the same bytes as `json().rendered() + "\n"`.
    public func jsonText() -> String {
        String(decoding: rendered(CheckReportWriter(format: .json, files: files)), as: UTF8.self)
    }

    private func rendered(_ start: CheckReportWriter) -> [UInt8] {
        var writer = start
        var bytes = writer.header()
        bytes += writer.take(writer.render(reports))[...]
        bytes += writer.footer(summary)
        return bytes
    }

    /// The verdicts as a JSON tree.
    public func json() -> JSON {
        .object([
            ("records", .array(reports.map { report in
                .object([
                    ("id", .string(report.id)),
                    ("type", .string(report.type)),
                    ("file", .string(report.file)),
                    ("place", .string(report.place)),
                    ("as_of", .optional(report.asOf?.description)),
                    ("outcome", .string(report.outcome.rawValue)),
                    ("rules", .array(report.verdicts.map { verdict in
                        var fields: [(String, JSON)] = [
                            ("rule", .string(verdict.rule)),
                            ("outcome", .string(verdict.outcome.rawValue)),
                            ("message", .optional(verdict.message)),
                            ("failures", .array(verdict.failures.map { failure in
                                .object([("message", .string(failure.message)), ("code", .optional(failure.code?.id)),
                                         ("at", .string(CheckReportWriter.location(failure.span, in: files)))])
                            })),
                        ]
                        // Only where there are any, so that the verdicts of rulebooks without votes read as before.
                        if !verdict.notes.isEmpty { fields.append(("notes", .array(verdict.notes.map(JSON.string)))) }
                        return .object(fields)
                    })),
                ])
            })),
            ("summary", .object([
                ("records", .integer(summary.records)),
                ("passed", .integer(summary.passed)),
                ("failed", .integer(summary.failed)),
                ("not_applicable", .integer(summary.notApplicable)),
                ("errors", .integer(summary.errors)),
            ])),
        ])
    }
}

/// Writes the verdicts of `check` as they are produced, a run of records at a time, in text or
/// JSON, so that no report of the whole run is ever held: `header`, then for each run of
/// records `render` (which can be called on any thread) followed by `take` in input order,
/// then `footer`. The bytes are those of `CheckReport.text` and `CheckReport.jsonText`.
public struct CheckReportWriter: Sendable {
    public enum Format: Sendable {
        /// For people, PASS and FAIL coloured by the palette.
        case text(Palette)
        /// One JSON document: `records`, then `summary`.
        case json
    }

    public let format: Format
    /// The rule files, for where each failing rule is written.
    public let files: SourceFiles
    /// Whether `take` has passed on a record yet.
    private var listedAny = false

    public init(format: Format, files: SourceFiles) {
        self.format = format
        self.files = files
    }

    /// What comes before the first record.
    public func header() -> [UInt8] {
        guard case .json = format else { return [] }
        return Array("{\n  \"records\": [".utf8)
    }

    /// The records in `reports`, in order, ready for `take`.
    public func render(_ reports: some Sequence<RecordReport>) -> [UInt8] {
        var bytes: [UInt8] = []
        for report in reports { append(report, to: &bytes) }
        return bytes
    }

    /// One record, as `render` gives it.
    public func append(_ report: RecordReport, to bytes: inout [UInt8]) {
        switch format {
        case .text(let palette): appendText(report, palette: palette, to: &bytes)
        case .json: appendJSON(report, to: &bytes)
        }
    }

    /// The bytes of `render` to write next: each JSON record comes with the comma that parts it
    /// from the one before, which the first record of the document goes without.
    public mutating func take(_ rendered: [UInt8]) -> ArraySlice<UInt8> {
        guard !rendered.isEmpty else { return rendered[...] }
        defer { listedAny = true }
        if case .json = format, !listedAny { return rendered.dropFirst() }
        return rendered[...]
    }

    /// What comes after the last record: the summary, which counts every record checked.
    public func footer(_ summary: CheckSummary) -> [UInt8] {
        switch format {
        case .text:
            let noun = summary.records == 1 ? "record" : "records"
            var line = "\(summary.records) \(noun): \(summary.passed) passed, \(summary.failed) failed, \(summary.notApplicable) not applicable"
            line += summary.errors > 0 ? ", \(summary.errors) could not be evaluated\n" : "\n"
            return Array(line.utf8)
        case .json:
            var bytes = Array((listedAny ? "\n  ],\n  \"summary\": " : "],\n  \"summary\": ").utf8)
            var json = JSONStream(depth: 1)
            json.openObject()
            let counts: [(StaticString, Int)] = [("records", summary.records), ("passed", summary.passed),
                                                 ("failed", summary.failed), ("not_applicable", summary.notApplicable),
                                                 ("errors", summary.errors)]
            for (key, count) in counts {
                json.plainKey(key)
                json.integer(count)
            }
            json.closeObject()
            bytes += json.bytes
            bytes += "\n}\n".utf8
            return bytes
        }
    }

    /// `rules/change_control.charter:25:11`.
    static func location(_ span: SourceSpan, in files: SourceFiles) -> String {
        var bytes: [UInt8] = []
        appendLocation(span, in: files, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `location`, written as bytes.
    static func appendLocation(_ span: SourceSpan, in files: SourceFiles, to bytes: inout [UInt8]) {
        if let file = files[span.file] { bytes.append(file.path) } else { bytes.append(UInt8(ascii: "?")) }
        bytes.append(UInt8(ascii: ":"))
        bytes.appendDecimal(span.line)
        bytes.append(UInt8(ascii: ":"))
        bytes.appendDecimal(span.column)
    }

    /// The word that starts a record's text: its outcome in capitals.
    private static func label(_ outcome: RuleVerdict.Outcome) -> StaticString {
        switch outcome {
        case .pass: "PASS"
        case .fail: "FAIL"
        case .notApplicable: "NOT_APPLICABLE"
        case .error: "ERROR"
        }
    }

    private func appendText(_ report: RecordReport, palette: Palette, to bytes: inout [UInt8]) {
        let outcome = report.outcome
        if palette.colored {
            bytes.append(palette.paint(report.outcome.rawValue.uppercased(), Palette.role(of: outcome)))
        } else {
            bytes.append(Self.label(outcome))
        }
        bytes.append("  " as StaticString); bytes.append(report.id)
        bytes.append("  (" as StaticString); bytes.append(report.type)
        bytes.append(", " as StaticString); bytes.append(report.file)
        if report.place != "$" { bytes.append(UInt8(ascii: " ")); bytes.append(report.place) }
        bytes.append(")\n" as StaticString)
        for verdict in report.verdicts {
            let failed = verdict.outcome == .fail || verdict.outcome == .error
            guard failed || !verdict.notes.isEmpty else { continue }
            let heading: StaticString = switch verdict.outcome {
            case .fail: "  fails "
            case .error: "  cannot evaluate "
            case .pass: "  passes "
            case .notApplicable: "  does not apply: "
            }
            bytes.append(heading); bytes.append(verdict.rule); bytes.append(UInt8(ascii: "\n"))
            for failure in verdict.failures {
                bytes.append("    - " as StaticString)
                if let code = failure.code { bytes.append(palette.paint("error[\(code.id)]", .cannotEvaluate)); bytes.append(": " as StaticString) }
                failure.withMessageUTF8 { bytes.append(contentsOf: $0) }
                bytes.append("\n      at " as StaticString)
                Self.appendLocation(failure.span, in: files, to: &bytes)
                bytes.append(UInt8(ascii: "\n"))
            }
            for note in verdict.notes { bytes.append("    note: " as StaticString); bytes.append(note); bytes.append(UInt8(ascii: "\n")) }
        }
    }

    /// The record as an element of the document's `records`, two levels deep, after a comma.
    private func appendJSON(_ report: RecordReport, to bytes: inout [UInt8]) {
        var json = JSONStream(depth: 2)
        swap(&json.bytes, &bytes)
        json.bytes += ",\n    ".utf8
        json.openObject()
        json.plainKey("id"); json.string(report.id)
        json.plainKey("type"); json.string(report.type)
        json.plainKey("file"); json.string(report.file)
        json.plainKey("place"); json.string(report.place)
        json.plainKey("as_of"); json.optional(date: report.asOf)
        json.plainKey("outcome"); json.string(report.outcome.rawValue)
        json.plainKey("rules")
        json.openArray()
        for verdict in report.verdicts {
            json.element()
            json.openObject()
            json.plainKey("rule"); json.string(verdict.rule)
            json.plainKey("outcome"); json.string(verdict.outcome.rawValue)
            json.plainKey("message")
            if let first = verdict.failures.first { first.withMessageUTF8 { json.string(utf8: $0) } } else { json.null() }
            json.plainKey("failures")
            json.openArray()
            for failure in verdict.failures {
                json.element()
                json.openObject()
                json.plainKey("message"); failure.withMessageUTF8 { json.string(utf8: $0) }
                json.plainKey("code"); json.optional(failure.code?.id)
                json.plainKey("at"); json.location(failure.span, in: files)
                json.closeObject()
            }
            json.closeArray()
            // Only where there are any, so that the verdicts of rulebooks without votes read as before.
            if !verdict.notes.isEmpty {
                json.plainKey("notes")
                json.openArray()
                for note in verdict.notes { json.element(); json.string(note) }
                json.closeArray()
            }
            json.closeObject()
        }
        json.closeArray()
        json.closeObject()
        swap(&json.bytes, &bytes)
    }
}
