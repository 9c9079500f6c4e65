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

    func location(_ span: SourceSpan) -> String {
        "\(files[span.file]?.path ?? "?"):\(span.line):\(span.column)"
    }

    /// The verdicts for people; `palette` colours PASS, FAIL and the codes of errors.
    public func text(palette: Palette = .plain) -> String {
        var out = ""
        for report in reports {
            out += "\(palette.paint(report.outcome.rawValue.uppercased(), Palette.role(of: report.outcome)))  \(report.id)  (\(report.type), \(report.file)\(report.place == "$" ? "" : " \(report.place)"))\n"
            for verdict in report.verdicts {
                let failed = verdict.outcome == .fail || verdict.outcome == .error
                guard failed || !verdict.notes.isEmpty else { continue }
                out += failed ? "  \(verdict.outcome == .error ? "cannot evaluate" : "fails") \(verdict.rule)\n"
                              : "  \(verdict.outcome == .pass ? "passes" : "does not apply:") \(verdict.rule)\n"
                for failure in verdict.failures {
                    let code = failure.code.map { palette.paint("error[\($0.id)]", .cannotEvaluate) + ": " } ?? ""
                    out += "    - \(code)\(failure.message)\n      at \(location(failure.span))\n"
                }
                for note in verdict.notes { out += "    note: \(note)\n" }
            }
        }
        let noun = summary.records == 1 ? "record" : "records"
        out += "\(summary.records) \(noun): \(summary.passed) passed, \(summary.failed) failed, \(summary.notApplicable) not applicable"
        out += summary.errors > 0 ? ", \(summary.errors) could not be evaluated\n" : "\n"
        return out
    }

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
                                         ("at", .string(location(failure.span)))])
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
