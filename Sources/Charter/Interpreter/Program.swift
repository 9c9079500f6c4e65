/// A checked rulebook compiled for evaluation: each rule's expressions as closures over slots,
/// the rules grouped by the record type they apply to, and each group's governance. Compile
/// once, then evaluate any number of records.
public final class Program {
    /// The rulebook this program was compiled from, with its shapes and expression types.
    public let checked: CheckedRulebook
    public var shapes: [RecordShape] { checked.shapes }
    public var shapeByName: [String: RecordShape.ID] { checked.shapeByName }
    public let rules: [CompiledRule]
    /// Indices into `rules` by record shape index.
    let rulesByShape: [[Int]]
    /// The slot of a `date` field, by shape index: a record's own "today" when none is given.
    let dateSlots: [Int?]
    /// The fields that name a record, by shape index.
    let identityFields: [IdentityFields]
    let context: EvaluationContext

    /// Compiles a checked rulebook; `limits` bound the work of each rule on each record. Every
    /// rule compiles: the checker has accepted every name, field and operand in it.
    public init(_ checked: CheckedRulebook, limits: EvaluationLimits = .standard) {
        self.checked = checked
        let rulebook = checked.rulebook
        let calendar = GovernanceCalendar.calendar(of: rulebook).0?.calendar
            ?? WorkingDayCalendar.builtIn(named: GovernanceCalendar.defaultCalendarName)
            ?? WorkingDayCalendar(base: nil)
        var groups: [String: GroupGovernance] = [:]
        var rules: [CompiledRule] = []
        for (index, declaration) in rulebook.declarations.enumerated() {
            switch declaration {
            case .group(let group): groups[group.name.text] = GroupGovernance(group, at: index, checked: checked)
            case .rule(let rule):
                // A checked rule always has a subject of a declared type and a frame, so always compiles.
                if let compiled = CompiledRule(rule, at: index, checked: checked) { rules.append(compiled) }
            default: break
            }
        }
        self.rules = rules
        var byShape = [[Int]](repeating: [], count: checked.shapes.count)
        for (index, rule) in rules.enumerated() { byShape[rule.shape.index].append(index) }
        rulesByShape = byShape
        dateSlots = checked.shapes.map { shape in shape.fields["date"] == .date ? shape.slots["date"] : nil }
        identityFields = checked.shapes.map(IdentityFields.init)
        context = EvaluationContext(calendar: calendar, groups: groups, limits: limits)
    }

    /// Every place in the rules and groups that compiled to a node that fails because the
    /// compiler could not resolve it. Empty for every checked rulebook, or the checker has a
    /// bug; the tests hold every rulebook they have to this.
    var unresolved: [SourceSpan] {
        rules.flatMap(\.unresolved) + context.groups.values.flatMap(\.unresolved)
    }

    /// Gives the rules the records the command loaded, which any rule reads by type
    /// (`impact_assessments`, `meetings`): only these, never a file the command was not given.
    public func provide(_ records: [RecordValue]) {
        var byShape: [Int: [Value]] = [:]
        for record in records { byShape[record.shape.index, default: []].append(.record(record)) }
        context.records = byShape.mapValues(Value.list)
    }

    /// The limits each rule's evaluation on one record keeps to.
    public var limits: EvaluationLimits { context.limits }

    /// The rules that apply to records of `shape`, in rulebook order.
    public func rules(for shape: RecordShape.ID) -> [CompiledRule] {
        guard rulesByShape.indices.contains(shape.index) else { return [] }
        return rulesByShape[shape.index].map { rules[$0] }
    }

    /// The date a record stands at: `asOf` when given, else the record's own `date` field.
    public func today(for record: RecordValue, asOf: CivilDate?) -> CivilDate? {
        if let asOf { return asOf }
        guard dateSlots.indices.contains(record.shape.index), let slot = dateSlots[record.shape.index],
              case .date(let date) = record.fields[slot] else { return nil }
        return date
    }

    /// Evaluates every rule for the record's type.
    public func evaluate(_ record: RecordValue, asOf: CivilDate? = nil) -> [RuleVerdict] {
        let today = self.today(for: record, asOf: asOf)
        let messages = MessageStore()
        return rules(for: record.shape).map { $0.evaluate(record, today: today, context: context, messages: messages) }
    }

    /// A reusable evaluator: frames allocated once per rule, for evaluating many records.
    public func evaluator() -> Evaluator { Evaluator(program: self) }
}

/// Evaluates records one after another, reusing one frame per rule.
public final class Evaluator {
    let program: Program
    private let frames: [Frame]
    /// Where the messages of the verdicts given are kept.
    private let messages = MessageStore()

    /// Each rule with its frame, not retained, for `outcome`: reading them from arrays would
    /// retain and release both on every record.
    // INVARIANT: the rules are `program.rules` and the frames `frames`, both constants held by
    // this evaluator from `init` to `deinit`, so every reference here outlives any call that
    // reads it; `outcome` checks the index against `count` before reading.
    private let unretained: UnsafeMutableBufferPointer<(rule: Unmanaged<CompiledRule>, frame: Unmanaged<Frame>)>

    init(program: Program) {
        self.program = program
        frames = program.rules.map { Frame(size: $0.frameSize, context: program.context) }
        unretained = .allocate(capacity: Swift.max(frames.count, 1))
        _ = unretained.initialize(fromContentsOf: zip(program.rules, frames).map { (Unmanaged.passUnretained($0), Unmanaged.passUnretained($1)) })
    }

    deinit { unretained.deallocate() }

    /// The verdict of rule number `index` (in `program.rules`) on `record`.
    public func verdict(rule index: Int, on record: RecordValue, asOf: CivilDate? = nil) -> RuleVerdict {
        // A number not from `ruleIndices` is a mistake of the caller's, as an array's index is.
        precondition(index >= 0 && index < frames.count, "there is no rule number \(index)")
        let (rule, frame) = unretained[index]
        return rule._withUnsafeGuaranteedRef { rule in
            frame._withUnsafeGuaranteedRef { frame in
                rule.evaluate(record, today: today(for: rule, record, asOf), frame: frame, messages: messages)
            }
        }
    }

    /// The outcome alone of rule number `index` on `record`: no messages are built.
    public func outcome(rule index: Int, on record: RecordValue, asOf: CivilDate? = nil) -> RuleVerdict.Outcome {
        guard index >= 0, index < frames.count else { return .error }
        let (rule, frame) = unretained[index]
        return rule._withUnsafeGuaranteedRef { rule in
            frame._withUnsafeGuaranteedRef { frame in
                rule.outcome(record, today: today(for: rule, record, asOf), frame: frame)
            }
        }
    }

    /// The date `record` stands at for `rule`, found only when the rule reads `today`.
    @inline(__always)
    private func today(for rule: CompiledRule, _ record: RecordValue, _ asOf: CivilDate?) -> CivilDate? {
        rule.readsToday ? program.today(for: record, asOf: asOf) : nil
    }

    /// The verdicts of every rule for the record's type.
    public func evaluate(_ record: RecordValue, asOf: CivilDate? = nil) -> [RuleVerdict] {
        guard program.rulesByShape.indices.contains(record.shape.index) else { return [] }
        let today = program.today(for: record, asOf: asOf)
        return program.rulesByShape[record.shape.index].map {
            program.rules[$0].evaluate(record, today: today, frame: frames[$0], messages: messages)
        }
    }

    /// The indices of the rules for records of `shape`.
    public func ruleIndices(for shape: RecordShape.ID) -> [Int] {
        program.rulesByShape.indices.contains(shape.index) ? program.rulesByShape[shape.index] : []
    }
}

/// Where a failure comes from, and the code of an evaluation error: one for each requirement,
/// which all its failures share, so that a verdict stays small enough to be passed and copied
/// in registers rather than through memory.
final class FailureSite: Sendable {
    let span: SourceSpan
    let code: DiagnosticCode?

    init(span: SourceSpan, code: DiagnosticCode? = nil) {
        self.span = span
        self.code = code
    }
}

/// One rule's outcome on one record, with a message for each way it failed.
public struct RuleVerdict: Sendable {
    public enum Outcome: String, Sendable {
        case pass, fail
        case notApplicable = "not_applicable"
        /// The rule could not be evaluated on this record (a value it needs is absent, …).
        case error
    }

    /// One failed requirement: the interpolated message, and the `require` it comes from; or,
    /// for an `error`, why evaluation stopped, with its `E` code, at the expression that failed.
    public struct Failure: Sendable {
        let text: MessageText
        let site: FailureSite

        public var span: SourceSpan { site.span }
        /// The evaluation error's code; nil for a requirement that was evaluated and failed.
        public var code: DiagnosticCode? { site.code }

        /// The interpolated message, or why evaluation stopped. Made each time it is asked for
        /// from the bytes the verdict keeps; `check` writes those bytes without it.
        public var message: String { text.string }

        init(message: String, span: SourceSpan, code: DiagnosticCode? = nil) {
            self.init(text: .string(message), site: FailureSite(span: span, code: code))
        }

        init(text: MessageText, site: FailureSite) {
            self.text = text
            self.site = site
        }

        /// Calls `body` with the message's UTF-8.
        func withMessageUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
            try text.withUTF8(body)
        }
    }

    /// The failures of a verdict: held in the verdict itself when there is one, as there
    /// nearly always is, so that a failing verdict allocates no array for it.
    public struct Failures: RandomAccessCollection, Sendable {
        private enum Storage: Sendable {
            /// No failures: nothing to retain or release when a passing verdict is copied or dropped.
            case none
            case one(Failure)
            case many([Failure])
        }

        private let storage: Storage

        init() { storage = .none }
        init(_ failure: Failure) { storage = .one(failure) }
        init(_ failures: [Failure]) {
            switch failures.count {
            case 0: storage = .none
            case 1: storage = .one(failures[0])
            default: storage = .many(failures)
            }
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int {
            switch storage {
            case .none: 0
            case .one: 1
            case .many(let failures): failures.count
            }
        }

        public subscript(position: Int) -> Failure {
            switch storage {
            case .none: preconditionFailure("index out of range")
            case .one(let failure):
                precondition(position == 0, "index out of range")
                return failure
            case .many(let failures): return failures[position]
            }
        }
    }

    public let rule: String
    public let outcome: Outcome
    /// Each failing `require`, or each counterexample of a failing `require all`; for an
    /// error, the reason.
    public let failures: Failures
    /// What the evaluation left out, said whatever the outcome: each vote not counted, and why
    /// (`the vote of `zed` on decision 96 is not counted: `zed` is not a member of Board`).
    public var notes: [String] { notesIfAny ?? [] }
    /// `notes`, nil when there are none, as for nearly every verdict: a verdict without notes
    /// then has no array to retain when made and release when dropped.
    private let notesIfAny: [String]?

    init(rule: String, outcome: Outcome, failures: Failures = Failures()) {
        self.rule = rule
        self.outcome = outcome
        self.failures = failures
        notesIfAny = nil
    }

    init(rule: String, outcome: Outcome, failures: Failures, notes: [String]) {
        self.rule = rule
        self.outcome = outcome
        self.failures = failures
        notesIfAny = notes.isEmpty ? nil : notes
    }

    init(rule: String, outcome: Outcome, failures: [Failure]) {
        self.init(rule: rule, outcome: outcome, failures: Failures(failures))
    }

    public var message: String? { failures.first?.message }
}
