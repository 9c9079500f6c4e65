/// A process compiled for following records through it: its steps by name, each with who
/// acts, whether it decides, the rules it checks, how long it lasts and where it leads, with
/// transition conditions compiled like rule conditions.
public final class ProcessModel {
    public let name: String
    public let title: String?
    /// The record type the process is for (`for change_request cr`), if it says.
    public let shape: RecordShape.ID?
    public let steps: [StepModel]
    public let ends: [String]
    public let appeals: [AppealModel]
    let stepIndex: [String: Int]
    let frameSize: Int
    /// What the compiler could not resolve in the transition conditions (a checker bug).
    let unresolved: [SourceSpan]

    public struct StepModel {
        public let name: String
        public let title: String?
        public let actors: [String]
        public let decides: Bool
        /// Rules checked at this step, as indices into `Program.rules`.
        public let checks: [Int]
        /// The most time the step may take (`lasts`), from the day the record arrives at it.
        public let lasts: TimeLimit?
        /// The least time that must pass before the step is completed (`waits`).
        public let waits: TimeLimit?
        public let transitions: [TransitionModel]
    }

    /// A `lasts` or `waits` duration, worked out on each record (`cr.ia_period ?? 10 working days`).
    public struct TimeLimit {
        let duration: ValueNode
        /// The clause as written, for messages: `lasts 10 working days`.
        public let clause: String
    }

    public struct TransitionModel {
        public let target: String
        let condition: ConditionNode?
        public let conditionText: String?
    }

    public struct AppealModel {
        public let against: String
        public let to: String
        public let within: (amount: Int, unit: DurationUnit)?
    }

    /// The process declared at `index` in the rulebook `program` was compiled from.
    init(_ process: ProcessDecl, at index: Int, program: Program) {
        let files = program.checked.files
        name = process.name.text
        title = process.title?.value
        shape = process.subject.flatMap { program.shapeByName[$0.type.text] }
        // A process the resolver did not lay out (a checker bug) has a frame for `today` and
        // its record, and every condition in it compiles to a node that fails, counted unresolved.
        let layout = program.checked.frameLayout(ofDeclarationAt: index)
            ?? FrameLayout(size: FrameLayout.subjectSlot + 1, clauseSlots: [])
        var compiler = ExpressionCompiler(program.checked, frame: layout)
        if shape != nil { compiler.subjectSlot = FrameLayout.subjectSlot }
        let ruleIndex = Dictionary(program.rules.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
        // The graph the checker judged; a process it did not see (a checker bug) is built here.
        let graph = program.checked.processGraph(ofDeclarationAt: index) ?? ProcessGraph(process)
        var steps: [StepModel] = []
        for (index, step) in process.steps.enumerated() {
            let edges = graph.edges.indices.contains(index) ? graph.edges[index] : []
            let transitions = edges.map { edge in
                TransitionModel(target: edge.transition.target.text, condition: edge.transition.condition.map { compiler.condition($0) },
                                conditionText: edge.transition.condition.flatMap { files[$0.span.file]?.text(of: $0.span) })
            }
            func limit(_ expr: Expr?, _ keyword: String) -> TimeLimit? {
                expr.map { TimeLimit(duration: compiler.value($0), clause: "\(keyword) " + (files[$0.span.file]?.text(of: $0.span) ?? "")) }
            }
            steps.append(StepModel(name: step.name.text, title: step.title?.value, actors: step.actors.map(\.text),
                                   decides: step.decides, checks: step.checks.compactMap { ruleIndex[$0.text] },
                                   lasts: limit(step.lasts, "lasts"), waits: limit(step.waits, "waits"), transitions: transitions))
        }
        self.steps = steps
        stepIndex = graph.stepIndex
        ends = process.ends.map(\.text)
        appeals = process.appeals.map { appeal in
            var within: (Int, DurationUnit)?
            if let expr = appeal.within, case .duration(let amount, let unit) = expr.ungrouped.kind { within = (amount, unit) }
            return AppealModel(against: appeal.against.text, to: appeal.to.text, within: within)
        }
        frameSize = Swift.max(layout.size, FrameLayout.subjectSlot + 1)
        unresolved = compiler.unresolved
    }

    public func step(named name: String) -> StepModel? { stepIndex[name].map { steps[$0] } }

    public func isEnd(_ name: String) -> Bool { ends.contains(name) }

    /// Runs `body` in a frame holding `record` and `today`, as the process's conditions and time
    /// limits expect; nil when `record` is not of the process's type (they read fields by slot).
    func inFrame<T>(record: RecordValue, today: CivilDate?, context: EvaluationContext, _ body: (Frame) -> T) -> T? {
        if let shape, record.shape.index != shape.index { return nil }
        let frame = Frame(size: frameSize, context: context)
        frame.locals[FrameLayout.todaySlot] = today.map(Value.date) ?? .absent
        frame.locals[FrameLayout.subjectSlot] = .record(record)
        return record.fields.withUnsafeBufferPointer { fields in
            frame.subject = fields
            defer { frame.subject = UnsafeBufferPointer(start: nil, count: 0) }
            return body(frame)
        }
    }

    /// The transitions of `step` whose condition holds for `record` (or that have none), in
    /// order, and a sentence for each condition that could not be evaluated, which is taken
    /// not to hold.
    func targets(of step: StepModel, record: RecordValue, today: CivilDate?, context: EvaluationContext) -> (targets: [String], problems: [String]) {
        guard step.transitions.contains(where: { $0.condition != nil }) else { return (step.transitions.map(\.target), []) }
        let judged = inFrame(record: record, today: today, context: context) { frame in
            var found: [String] = []
            var problems: [String] = []
            for transition in step.transitions {
                guard let condition = transition.condition else {
                    found.append(transition.target)
                    continue
                }
                do {
                    if try condition(frame) { found.append(transition.target) }
                } catch {
                    let reason = (error as? EvaluationError)?.message ?? "\(error)"
                    let text = transition.conditionText.map { " `\($0)`" } ?? ""
                    problems.append("the condition\(text) of `\(step.name)` → `\(transition.target)` cannot be evaluated on this record (\(reason)); it is taken not to hold")
                }
            }
            return (found, problems)
        }
        return judged ?? (step.transitions.map(\.target), [])
    }

    /// The date `limit` after `start` for `record`, or a sentence saying why there is none (the
    /// duration cannot be worked out on this record, or the date falls outside the calendar).
    func date(_ limit: TimeLimit, after start: CivilDate, of step: StepModel, record: RecordValue,
              program: Program) -> (date: CivilDate?, unit: DurationUnit?, problem: String?) {
        let value = inFrame(record: record, today: start, context: program.context) { frame -> Result<Value, Error> in
            Result { try limit.duration(frame) }
        }
        switch value {
        case .success(.duration(let amount, let unit))?:
            guard let due = program.date(start, plus: amount, unit) else {
                return (nil, unit, "`\(limit.clause)` of `\(step.name)` gives no date after \(start) on the calendar")
            }
            return (due, unit, nil)
        case .failure(let error)?:
            let reason = (error as? EvaluationError)?.message ?? "\(error)"
            return (nil, nil, "`\(limit.clause)` of `\(step.name)` cannot be worked out on this record (\(reason))")
        case .success?, nil:
            return (nil, nil, "`\(limit.clause)` of `\(step.name)` is not a duration on this record")
        }
    }
}

extension Program {
    /// The processes of the rulebook this program was compiled from, by name.
    public func processes() -> [String: ProcessModel] {
        var found: [String: ProcessModel] = [:]
        for (index, declaration) in checked.rulebook.declarations.enumerated() {
            guard case .process(let process) = declaration, found[process.name.text] == nil else { continue }
            found[process.name.text] = ProcessModel(process, at: index, program: self)
        }
        return found
    }

    /// A date `amount` units after `date` on the rulebook's calendar.
    public func date(_ date: CivilDate, plus amount: Int, _ unit: DurationUnit) -> CivilDate? {
        try? ValueOperations.shift(date, by: amount, unit, calendar: context.calendar, at: SourceSpan(file: FileID(0), offset: 0, line: 0, column: 0, length: 0))
    }
}
