/// What `check` does for each record, one record at a time, so that a command can stream the
/// verdicts (`CheckReportWriter`) and spread the records over threads, one `Evaluator` each.
extension Program {
    /// The verdicts on one record against the rules for its type (only `only`, when given),
    /// evaluated with `evaluator`, which must be one of this program's: as `check` gives them.
    public func report(_ loaded: LoadedRecord, evaluator: Evaluator, asOf: CivilDate? = nil,
                       only: Set<String>? = nil) -> RecordReport {
        let record = loaded.value
        let indices = evaluator.ruleIndices(for: record.shape)
        var verdicts: [RuleVerdict] = []
        verdicts.reserveCapacity(indices.count)
        for index in indices where only?.contains(rules[index].name) ?? true {
            verdicts.append(evaluator.verdict(rule: index, on: record, asOf: asOf))
        }
        return RecordReport(id: identify(record) ?? "\(loaded.file) \(loaded.place)",
                            type: typeName(of: record), file: loaded.file, place: loaded.place,
                            asOf: today(for: record, asOf: asOf), verdicts: verdicts)
    }
}

extension CheckSummary {
    /// No records yet.
    public static let empty = CheckSummary([])

    /// Counts one more record with `outcome`.
    public mutating func count(_ outcome: RuleVerdict.Outcome) {
        records += 1
        switch outcome {
        case .pass: passed += 1
        case .fail: failed += 1
        case .notApplicable: notApplicable += 1
        case .error: errors += 1
        }
    }

    /// Adds the counts of `other`, records checked elsewhere.
    public mutating func add(_ other: CheckSummary) {
        records += other.records
        passed += other.passed
        failed += other.failed
        notApplicable += other.notApplicable
        errors += other.errors
    }
}
