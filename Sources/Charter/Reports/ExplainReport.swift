/// How a rule reached its verdicts (`explain`, and the REPL's `:explain`), as text for people and
/// JSON for scripts.
public struct ExplainReport {
    public let rule: CompiledRule
    public let typeName: String
    public let files: SourceFiles
    public let program: Program
    public let asOf: CivilDate?
    public let explained: [(record: LoadedRecord, id: String, explanation: Explanation)]

    public init(rule: CompiledRule, typeName: String, files: SourceFiles, program: Program, asOf: CivilDate?,
                explained: [(record: LoadedRecord, id: String, explanation: Explanation)]) {
        self.rule = rule
        self.typeName = typeName
        self.files = files
        self.program = program
        self.asOf = asOf
        self.explained = explained
    }

    var location: String {
        "\(files[rule.span.file]?.path ?? "?"):\(rule.span.line):\(rule.span.column)"
    }

    /// The trees for people; `palette` colours PASS and FAIL, ✓, ✗ and `!`.
    public func text(palette: Palette = .plain) -> String {
        var out = "rule \(rule.name)\(rule.title.map { " \"\($0)\"" } ?? "")  (\(location))\n"
        for item in explained {
            let place = item.record.place == "$" ? "" : " \(item.record.place)"
            let outcome = item.explanation.outcome
            out += "\n\(palette.paint(outcome.rawValue.uppercased(), Palette.role(of: outcome)))  \(item.id)  (\(typeName), \(item.record.file)\(place))\n"
            out += item.explanation.text(indent: 2, palette: palette)
        }
        let outcomes = explained.map(\.explanation.outcome)
        let count = { (outcome: RuleVerdict.Outcome) in outcomes.filter { $0 == outcome }.count }
        let noun = outcomes.count == 1 ? "record" : "records"
        out += "\n\(outcomes.count) \(noun): \(count(.pass)) passed, \(count(.fail)) failed, \(count(.notApplicable)) not applicable"
        out += count(.error) > 0 ? ", \(count(.error)) could not be evaluated\n" : "\n"
        return out
    }

    public func json() -> JSON {
        .object([
            ("rule", .string(rule.name)),
            ("title", .optional(rule.title)),
            ("at", .string(location)),
            ("records", .array(explained.map { item in
                .object([
                    ("id", .string(item.id)),
                    ("type", .string(typeName)),
                    ("file", .string(item.record.file)),
                    ("place", .string(item.record.place)),
                    ("as_of", .optional(program.today(for: item.record.value, asOf: asOf)?.description)),
                ] + item.explanation.jsonMembers())
            })),
        ])
    }
}
