/// What changes for each record between two rulebooks: every rule outcome that differs, and
/// for each process for the record's type, the route, the deciding bodies and the deadlines.
public struct OutcomeDiff: Sendable {
    public struct RuleChange: Sendable, Equatable {
        public let rule: String
        /// nil when the rule does not exist on that side.
        public let before: RuleVerdict.Outcome?
        public let after: RuleVerdict.Outcome?
        public let message: String?
    }

    public struct RouteChange: Sendable, Equatable {
        public let process: String
        /// nil when the process does not exist on that side.
        public let before: Route?
        public let after: Route?
    }

    public struct RecordChanges: Sendable {
        public let id: String
        public let type: String
        public let rules: [RuleChange]
        public let routes: [RouteChange]
        public var isEmpty: Bool { rules.isEmpty && routes.isEmpty }
    }

    public let records: [RecordChanges]

    /// One side of a comparison: a compiled rulebook and its processes.
    public struct Side {
        public let program: Program
        public let processes: [String: ProcessModel]

        public init(program: Program, processes: [String: ProcessModel]) {
            self.program = program
            self.processes = processes
        }
    }

    /// Compares `before` and `after` on `records`, which were loaded against `after`'s shapes.
    /// A record is re-read into `before`'s shapes by field name, so the two rulebooks may
    /// declare records differently.
    public init(before: Side, after: Side, records: [LoadedRecord], asOf: CivilDate?) {
        // The rules on each side read every record, in that side's shapes. The rules before
        // are the caller's (often a program kept for many comparisons): they are given the
        // records for this comparison only, and left with what they had.
        let kept = before.program.context.records
        defer { if before.program !== after.program { before.program.context.records = kept } }
        if before.program !== after.program {
            before.program.provide(records.compactMap { Self.convert($0.value, from: after.program, to: before.program) })
        }
        after.program.provide(records.map(\.value))
        let beforeEvaluator = before.program.evaluator()
        let afterEvaluator = after.program.evaluator()
        var found: [RecordChanges] = []
        for loaded in records {
            let record = loaded.value
            let typeName = after.program.shapes[record.shape.index].id.name ?? "record"
            let old = Self.convert(record, from: after.program, to: before.program)
            var outcomes: [String: (RuleVerdict.Outcome?, RuleVerdict.Outcome?, String?)] = [:]
            var order: [String] = []
            if let old {
                for index in beforeEvaluator.ruleIndices(for: old.shape) {
                    let name = before.program.rules[index].name
                    order.append(name)
                    outcomes[name] = (beforeEvaluator.outcome(rule: index, on: old, asOf: asOf), nil, nil)
                }
            }
            for index in afterEvaluator.ruleIndices(for: record.shape) {
                let name = after.program.rules[index].name
                if outcomes[name] == nil { order.append(name) }
                let verdict = afterEvaluator.verdict(rule: index, on: record, asOf: asOf)
                outcomes[name] = (outcomes[name]?.0, verdict.outcome, verdict.message)
            }
            let rules = order.compactMap { name -> RuleChange? in
                guard let (b, a, message) = outcomes[name], b != a else { return nil }
                return RuleChange(rule: name, before: b, after: a, message: a == .fail || a == .error ? message : nil)
            }
            var routes: [RouteChange] = []
            let names = Set(before.processes.keys).union(after.processes.keys).sorted()
            for name in names {
                let oldRoute = before.processes[name].flatMap { process -> Route? in
                    guard let old, process.shape == nil || process.shape == old.shape else { return nil }
                    return process.route(of: old, program: before.program, asOf: asOf)
                }
                let newRoute = after.processes[name].flatMap { process -> Route? in
                    guard process.shape == nil || process.shape == record.shape else { return nil }
                    return process.route(of: record, program: after.program, asOf: asOf)
                }
                if oldRoute != newRoute { routes.append(RouteChange(process: name, before: oldRoute, after: newRoute)) }
            }
            found.append(RecordChanges(id: after.program.identify(record) ?? "\(loaded.file) \(loaded.place)",
                                       type: typeName, rules: rules, routes: routes))
        }
        self.records = found
    }

    /// `record` in the other program's shape of the same name, field by field; nil when that
    /// program has no such record type or a required field is missing there.
    static func convert(_ record: RecordValue, from source: Program, to target: Program) -> RecordValue? {
        guard let name = source.shapes[record.shape.index].id.name, let id = target.shapeByName[name] else { return nil }
        return convert(record, source: source.shapes, target: target.shapes, into: id)
    }

    static func convert(_ record: RecordValue, source: [RecordShape], target: [RecordShape], into id: RecordShape.ID) -> RecordValue? {
        let from = source[record.shape.index]
        let to = target[id.index]
        var fields: [Value] = []
        for name in to.fieldOrder {
            let type = to.fields[name] ?? .unknown
            guard let slot = from.slots[name] else {
                if case .list = type.widenedBase { fields.append(.list([])); continue }
                if case .optional = type { fields.append(.absent); continue }
                return nil
            }
            guard let value = convert(record.fields[slot], source: source, target: target, as: type) else { return nil }
            fields.append(value)
        }
        return RecordValue(shape: id, fields: fields)
    }

    static func convert(_ value: Value, source: [RecordShape], target: [RecordShape], as type: CharterType) -> Value? {
        switch (value, type.widenedBase) {
        case (.record(let inner), .record(let id)):
            return convert(inner, source: source, target: target, into: id).map(Value.record)
        case (.list(let items), .list(let element)):
            var converted: [Value] = []
            for item in items {
                guard let next = convert(item, source: source, target: target, as: element) else { return nil }
                converted.append(next)
            }
            return .list(converted)
        default:
            return value
        }
    }
}
