/// The verdicts on one record, and the record's outcome over all of them.
public struct RecordReport: Sendable {
    public let id: String
    public let type: String
    public let file: String
    public let place: String
    /// The date `today` stood for: `--as-of`, or the record's own date.
    public let asOf: CivilDate?
    public let verdicts: [RuleVerdict]

    /// `error` if a rule could not be evaluated, else `fail` if one failed, `pass` if one
    /// passed, and `not_applicable` when no rule applied.
    public var outcome: RuleVerdict.Outcome {
        var failed = false, passed = false
        for verdict in verdicts {
            switch verdict.outcome {
            case .error: return .error
            case .fail: failed = true
            case .pass: passed = true
            case .notApplicable: break
            }
        }
        return failed ? .fail : passed ? .pass : .notApplicable
    }
}

/// Counts of record outcomes.
public struct CheckSummary: Sendable, Equatable {
    public var records = 0, passed = 0, failed = 0, notApplicable = 0, errors = 0

    public init(_ reports: [RecordReport]) {
        for report in reports {
            records += 1
            switch report.outcome {
            case .pass: passed += 1
            case .fail: failed += 1
            case .notApplicable: notApplicable += 1
            case .error: errors += 1
            }
        }
    }
}

extension Program {
    /// Checks each record against the rules for its type (only `only`, when given).
    public func check(_ records: [LoadedRecord], asOf: CivilDate? = nil, only: Set<String>? = nil) -> [RecordReport] {
        let evaluator = evaluator()
        return records.map { loaded in
            let record = loaded.value
            let indices = evaluator.ruleIndices(for: record.shape).filter { only?.contains(rules[$0].name) ?? true }
            let verdicts = indices.map { evaluator.verdict(rule: $0, on: record, asOf: asOf) }
            return RecordReport(id: identify(record) ?? "\(loaded.file) \(loaded.place)",
                                type: typeName(of: record), file: loaded.file, place: loaded.place,
                                asOf: today(for: record, asOf: asOf), verdicts: verdicts)
        }
    }

    /// The type of `record`, as a report gives it.
    func typeName(of record: RecordValue) -> String {
        identityFields.indices.contains(record.shape.index) ? identityFields[record.shape.index].typeName : "record"
    }

    /// What a person calls the record: its `id`, a meeting's group and date, or an Impact
    /// Assessment's change request.
    public func identify(_ record: RecordValue) -> String? {
        guard identityFields.indices.contains(record.shape.index) else { return nil }
        let fields = identityFields[record.shape.index]
        func field(_ slot: Int?) -> Value? {
            guard let slot, record.fields.indices.contains(slot) else { return nil }
            return record.fields[slot]
        }
        if case .text(let id)? = field(fields.id) { return id }
        if let group = field(fields.group)?.display, case .date(let date)? = field(fields.date) { return "\(group) \(date)" }
        if case .text(let cr)? = field(fields.cr) { return "\(cr) \(fields.assessedKind)" }
        if case .text(let ref)? = field(fields.ref) { return ref }
        return nil
    }
}

/// The slots of the fields that name a record of one shape (`Program.identify`), found once
/// rather than by name for every record checked.
struct IdentityFields {
    let id: Int?, group: Int?, date: Int?, cr: Int?, ref: Int?
    /// What follows an Impact Assessment's change request in its name: `IA`, or the shape's name.
    let assessedKind: String
    /// The shape's name, as a report gives a record's type.
    let typeName: String

    init(_ shape: RecordShape) {
        typeName = shape.id.name ?? "record"
        id = shape.slots["id"]
        group = shape.slots["group"]
        date = shape.slots["date"]
        cr = shape.slots["cr"]
        ref = shape.slots["ref"]
        assessedKind = shape.id.name == "impact_assessment" ? "IA" : shape.id.name ?? ""
    }
}
