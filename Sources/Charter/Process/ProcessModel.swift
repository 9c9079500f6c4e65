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
        public let lasts: (amount: Int, unit: DurationUnit)?
        public let transitions: [TransitionModel]
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
        var steps: [StepModel] = []
        for (index, step) in process.steps.enumerated() {
            let transitions = process.transitions(ofStepAt: index).map { transition in
                TransitionModel(target: transition.target.text, condition: transition.condition.map { compiler.condition($0) },
                                conditionText: transition.condition.flatMap { files[$0.span.file]?.text(of: $0.span) })
            }
            var lasts: (Int, DurationUnit)?
            if let expr = step.lasts, case .duration(let amount, let unit) = expr.ungrouped.kind { lasts = (amount, unit) }
            steps.append(StepModel(name: step.name.text, title: step.title?.value, actors: step.actors.map(\.text),
                                   decides: step.decides, checks: step.checks.compactMap { ruleIndex[$0.text] },
                                   lasts: lasts, transitions: transitions))
        }
        self.steps = steps
        stepIndex = Dictionary(steps.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
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

    /// The transitions of `step` whose condition holds for `record` (or that have none), in
    /// order, and a sentence for each condition that could not be evaluated, which is taken
    /// not to hold.
    func targets(of step: StepModel, record: RecordValue, today: CivilDate?, context: EvaluationContext) -> (targets: [String], problems: [String]) {
        // Conditions read fields by slot: only a record of the process's own type may be evaluated.
        guard step.transitions.contains(where: { $0.condition != nil }), let shape, record.shape.index == shape.index else {
            return (step.transitions.map(\.target), [])
        }
        let frame = Frame(size: frameSize, context: context)
        frame.locals[FrameLayout.todaySlot] = today.map(Value.date) ?? .absent
        frame.locals[FrameLayout.subjectSlot] = .record(record)
        return record.fields.withUnsafeBufferPointer { fields in
            frame.subject = fields
            defer { frame.subject = UnsafeBufferPointer(start: nil, count: 0) }
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
