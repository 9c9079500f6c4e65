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
    /// What each side gave the records, for comparing either side again on the same records
    /// without evaluating it again (see `SideResults`); nil for a side that read the records
    /// converted into other shapes.
    public let results: (before: SideResults?, after: SideResults)

    /// One side of a comparison: a compiled rulebook and its processes.
    public struct Side {
        public let program: Program
        public let processes: [String: ProcessModel]

        public init(program: Program, processes: [String: ProcessModel]) {
            self.program = program
            self.processes = processes
        }
    }

    /// What one side gives each record of a comparison: every rule's verdict and outcome, and
    /// each process's route. A REPL session compares the rules in effect after every change,
    /// and those rules are the side before of the next comparison: kept, they are evaluated
    /// once, not twice.
    public struct SideResults: @unchecked Sendable {
        struct Rule {
            let name: String
            /// The verdict's outcome and message (what the side after reports).
            let verdict: RuleVerdict.Outcome
            let message: String?
            /// The outcome alone, without messages (what the side before reports). It may differ
            /// from the verdict's where working out the messages meets an error.
            let alone: RuleVerdict.Outcome
        }

        struct Record {
            let rules: [Rule]
            let routes: [String: Route]
        }

        let program: Program
        let processNames: Set<String>
        /// The records evaluated, in this program's own shapes, kept to tell them from others.
        let records: [LoadedRecord]
        let asOf: CivilDate?
        let byRecord: [Record]

        /// The results for `side` on `records` (in its program's shapes) as of `asOf`, as a
        /// comparison on them would work them out. The program is given the records while they
        /// are worked out, and left with what it had.
        public init(_ side: Side, records: [LoadedRecord], asOf: CivilDate?) {
            let kept = side.program.context.records
            defer { side.program.context.records = kept }
            side.program.provide(records.map(\.value))
            self.init(side, records: records, asOf: asOf, values: records.map(\.value))
        }

        /// `values` are `records` as `side` reads them.
        init(_ side: Side, records: [LoadedRecord], asOf: CivilDate?, values: [RecordValue?]) {
            let evaluator = side.program.evaluator()
            let names = side.processes.keys.sorted()
            byRecord = values.map { record -> Record in
                guard let record else { return Record(rules: [], routes: [:]) }
                let rules = evaluator.ruleIndices(for: record.shape).map { index -> Rule in
                    let verdict = evaluator.verdict(rule: index, on: record, asOf: asOf)
                    // A `fail` verdict is a failure of the outcome alone; any other verdict may
                    // come from working out the messages of one (an error while making them).
                    let alone = verdict.outcome == .fail ? .fail : evaluator.outcome(rule: index, on: record, asOf: asOf)
                    return Rule(name: side.program.rules[index].name, verdict: verdict.outcome, message: verdict.message, alone: alone)
                }
                var routes: [String: Route] = [:]
                for name in names {
                    guard let process = side.processes[name], process.shape == nil || process.shape == record.shape else { continue }
                    routes[name] = process.route(of: record, program: side.program, asOf: asOf)
                }
                return Record(rules: rules, routes: routes)
            }
            program = side.program
            processNames = Set(names)
            self.records = records
            self.asOf = asOf
        }

        /// True when these are the results of `side` on the very same `records` as of `asOf`.
        func are(of side: Side, on records: [LoadedRecord], asOf: CivilDate?) -> Bool {
            program === side.program && self.asOf == asOf && processNames.count == side.processes.count
                && side.processes.keys.allSatisfy(processNames.contains) && Self.same(self.records, records)
        }

        /// Whether two arrays of records are one array: the same storage, or both empty. Held
        /// here, the storage cannot be freed and reused for other records meanwhile.
        static func same(_ a: [LoadedRecord], _ b: [LoadedRecord]) -> Bool {
            guard a.count == b.count else { return false }
            guard !a.isEmpty else { return true }
            return a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
        }
    }

    /// Compares `before` and `after` on `records`, which were loaded against `after`'s shapes.
    /// A record is re-read into `before`'s shapes by field name, so the two rulebooks may
    /// declare records differently. A side whose results on these records are in `known` is
    /// not evaluated again.
    public init(before: Side, after: Side, records: [LoadedRecord], asOf: CivilDate?, known: [SideResults] = []) {
        after.program.provide(records.map(\.value))
        let afterResults = known.first { $0.are(of: after, on: records, asOf: asOf) }
            ?? SideResults(after, records: records, asOf: asOf, values: records.map(\.value))
        // Records in the same shapes on both sides are the same records on both.
        let sameShapes = before.program === after.program
            || (before.program.shapeByName == after.program.shapeByName && before.program.shapes == after.program.shapes)
        var beforeResults: SideResults?
        if sameShapes, before.program === after.program, afterResults.are(of: before, on: records, asOf: asOf) {
            beforeResults = afterResults
        } else if sameShapes, let found = known.first(where: { $0.are(of: before, on: records, asOf: asOf) }) {
            beforeResults = found
        }
        let converted = records.map { Self.convert($0.value, from: after.program, to: before.program) }
        let beforeSide: SideResults
        if let beforeResults {
            beforeSide = beforeResults
        } else {
            // The rules before are the caller's (often a program kept for many comparisons):
            // they are given the records for this comparison only, and left with what they had.
            let kept = before.program.context.records
            before.program.provide(converted.compactMap { $0 })
            beforeSide = SideResults(before, records: records, asOf: asOf, values: converted)
            before.program.context.records = kept
            if sameShapes { beforeResults = beforeSide }
        }
        let allNames = Set(before.processes.keys).union(after.processes.keys).sorted()
        var found: [RecordChanges] = []
        for (offset, loaded) in records.enumerated() {
            let record = loaded.value
            let typeName = after.program.shapes[record.shape.index].id.name ?? "record"
            let hasOld = converted[offset] != nil
            var outcomes: [String: (RuleVerdict.Outcome?, RuleVerdict.Outcome?, String?)] = [:]
            var order: [String] = []
            if hasOld {
                for rule in beforeSide.byRecord[offset].rules {
                    order.append(rule.name)
                    outcomes[rule.name] = (rule.alone, nil, nil)
                }
            }
            for rule in afterResults.byRecord[offset].rules {
                if outcomes[rule.name] == nil { order.append(rule.name) }
                outcomes[rule.name] = (outcomes[rule.name]?.0, rule.verdict, rule.message)
            }
            let rules = order.compactMap { name -> RuleChange? in
                guard let (b, a, message) = outcomes[name], b != a else { return nil }
                return RuleChange(rule: name, before: b, after: a, message: a == .fail || a == .error ? message : nil)
            }
            var routes: [RouteChange] = []
            for name in allNames {
                let oldRoute = hasOld ? beforeSide.byRecord[offset].routes[name] : nil
                let newRoute = afterResults.byRecord[offset].routes[name]
                if oldRoute != newRoute { routes.append(RouteChange(process: name, before: oldRoute, after: newRoute)) }
            }
            found.append(RecordChanges(id: after.program.identify(record) ?? "\(loaded.file) \(loaded.place)",
                                       type: typeName, rules: rules, routes: routes))
        }
        self.records = found
        results = (beforeResults, afterResults)
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
