/// A rule compiled for evaluation: its clauses in source order over a frame laid out by the
/// resolver, whose slot 0 is `today` and slot 1 the record.
public final class CompiledRule {
    public let name: String
    public let title: String?
    /// The rule's name in its file, for reports.
    public let span: SourceSpan
    public let shape: RecordShape.ID
    let frameSize: Int
    let steps: [Step]
    /// The clauses chained into one closure that gives the outcome without building messages;
    /// only a failing record goes through `steps` again to explain itself.
    let quick: (Frame) throws -> QuickOutcome
    /// Whether the rule reads `today`, and the record as a whole; when not, evaluation does
    /// not fill their slots.
    let readsToday: Bool
    let readsRecord: Bool
    /// What the compiler could not resolve in the rule (a checker bug).
    let unresolved: [SourceSpan]
    /// The rule's one requirement, when it is its last clause: a `fail` from `quick` is then
    /// this requirement failing, with the frame as it was when it failed, so its messages are
    /// made without going through the clauses again.
    let soleRequirement: Requirement?
    /// The fused program of the rule's one clause, a requirement: `outcome` runs it on the
    /// record's fields before setting up a frame, which only its general nodes need.
    private let sole: FusedCondition?

    enum QuickOutcome { case pass, fail, notApplicable }

    static let todaySlot = FrameLayout.todaySlot
    static let recordSlot = FrameLayout.subjectSlot

    enum Step {
        case when(ConditionNode, SourceSpan)
        case bind(Int, ValueNode)
        case require(Requirement)
    }

    /// A class, so that walking the clauses to explain a failure takes a reference to each
    /// rather than a copy of every closure in it.
    final class Requirement {
        let test: ConditionNode
        /// The `else` message, compiled with the counterexample bound when there is one.
        let message: ValueNode
        /// The `else` message as a template, when it is a text literal with holes: what `message`
        /// gives, written as bytes for a verdict to keep.
        let template: MessageTemplate?
        let span: SourceSpan
        /// `span`, for the failures of the requirement to share.
        let site: FailureSite
        /// For `require all x in xs [where c]: body`: the pieces to find each counterexample.
        let counterexamples: (source: ValueNode, slot: Int, filter: ConditionNode?, body: ConditionNode)?
        /// "`condition` does not hold", for a failure whose `else` message cannot be evaluated.
        let fallback: String

        init(test: @escaping ConditionNode, message: @escaping ValueNode, template: MessageTemplate? = nil, span: SourceSpan,
             counterexamples: (source: ValueNode, slot: Int, filter: ConditionNode?, body: ConditionNode)?, fallback: String) {
            self.test = test
            self.message = message
            self.template = template
            self.site = FailureSite(span: span)
            self.span = span
            self.counterexamples = counterexamples
            self.fallback = fallback
        }

        /// The message `evaluate` gives as text, or the condition's own text and why the
        /// message cannot be evaluated: a failure stays a failure for want of its message.
        func messageText(_ evaluate: () throws -> Value) -> String {
            do {
                let value = try evaluate()
                if case .text(let text) = value { return text }
                return value.display
            } catch {
                return unevaluable(error)
            }
        }

        /// The message on `frame`, its bytes kept in `store` when it is a template.
        func messageText(_ frame: Frame, keptIn store: MessageStore) -> MessageText {
            guard let template else { return .string(messageText { try message(frame) }) }
            do {
                return try template.text(frame, keptIn: store)
            } catch {
                return .string(unevaluable(error))
            }
        }

        private func unevaluable(_ error: any Error) -> String {
            "\(fallback) (its message cannot be evaluated: \(CompiledRule.reason(error)))"
        }
    }

    /// The rule declared at `index` in the checked rulebook. `tracing` compiles every node to
    /// record its value into the frame's tracer, for `rulecheck explain`; rules evaluated
    /// normally are compiled without it. `fusing: false` compiles every condition to the
    /// general nodes alone, which the tests hold the fused programs to.
    init?(_ rule: RuleDecl, at index: Int, checked: CheckedRulebook, tracing: Bool = false, fusing: Bool = true) {
        guard let subject = rule.subject, let shape = checked.shapeByName[subject.type.text],
              let layout = checked.frameLayout(ofDeclarationAt: index) else { return nil }
        let files = checked.files
        name = rule.name.text
        title = rule.title?.value
        span = rule.name.span
        self.shape = shape
        var compiler = ExpressionCompiler(checked, frame: layout)
        compiler.tracing = tracing
        compiler.fusing = fusing
        compiler.functionBodies.fusing = fusing
        compiler.subjectSlot = Self.recordSlot
        var steps: [Step] = []
        // The fused program of the last clause, when it is a requirement that fuses.
        var lastFused: FusedCondition?
        for (offset, clause) in rule.clauses.enumerated() {
            switch clause {
            case .when(let condition):
                steps.append(.when(compiler.condition(condition), condition.span))
            case .bind(let name, let value):
                let node = compiler.value(value)
                let given = layout.clauseSlots.indices.contains(offset) ? layout.clauseSlots[offset] : nil
                guard let slot = compiler.inFrame(given) else {
                    steps.append(.when(compiler.unresolvableCondition("there is no slot for `\(name.text)`", at: name.span), name.span))
                    continue
                }
                steps.append(.bind(slot, node))
            case .require(let condition, let message):
                let source = files[condition.span.file]?.text(of: condition.span) ?? "the requirement"
                let fallback = "`\(source)` does not hold"
                // The counterexamples of `require all x in xs: …` are found again in the slot of
                // the quantifier's `x`, which its message reads.
                if case .quantifier(.all, let binding, let body) = condition.ungrouped.kind,
                   let (list, slot, filter) = compiler.iteration(of: condition.ungrouped, binding) {
                    let test = compiler.condition(condition)
                    let check = compiler.condition(body)
                    let template = message.flatMap { Self.template($0, &compiler) }
                    let text = template.map(\.node) ?? message.map { compiler.value($0) }
                        ?? { [shapes = checked.shapes] frame in
                            let element = frame.locals[slot]
                            let shown = if case .record(let record) = element { record.shortDescription(shapes: shapes) } else { element.display }
                            return .text("\(fallback) for \(binding.variable.text) = \(shown)")
                        }
                    steps.append(.require(Requirement(test: test, message: text, template: template, span: condition.span,
                                                      counterexamples: (list, slot, filter, check), fallback: fallback)))
                } else {
                    let program = compiler.fusedProgram(condition)
                    if let program, offset == rule.clauses.count - 1 { lastFused = program }
                    let test: ConditionNode = if let program { { frame in try program.evaluate(frame) } } else { compiler.condition(condition) }
                    let template = message.flatMap { Self.template($0, &compiler) }
                    let text = template.map(\.node) ?? message.map { compiler.value($0) } ?? { _ in .text(fallback) }
                    steps.append(.require(Requirement(test: test, message: text, template: template, span: condition.span,
                                                      counterexamples: nil, fallback: fallback)))
                }
            }
        }
        self.steps = steps
        let requirements = steps.compactMap { if case .require(let requirement) = $0 { requirement } else { nil } }
        if requirements.count == 1, case .require(let last)? = steps.last {
            soleRequirement = last
        } else {
            soleRequirement = nil
        }
        frameSize = layout.size
        unresolved = compiler.unresolved
        readsToday = compiler.readsToday
        readsRecord = compiler.readsSubject
        var chain: (Frame) throws -> QuickOutcome = { _ in .pass }
        for (position, step) in steps.enumerated().reversed() {
            let next = chain
            if position == steps.count - 1, case .require(let requirement) = step {
                // The last clause, a requirement: nothing after it can make the rule not apply.
                if let program = lastFused {
                    chain = { frame in try program.evaluate(frame) ? .pass : .fail }
                } else {
                    let test = requirement.test
                    chain = { frame in try test(frame) ? .pass : .fail }
                }
                continue
            }
            switch step {
            case .when(let condition, _):
                chain = { frame in try condition(frame) ? try next(frame) : .notApplicable }
            case .bind(let slot, let node):
                chain = { frame in
                    frame.locals[slot] = try node(frame)
                    return try next(frame)
                }
            case .require(let requirement):
                let test = requirement.test
                chain = { frame in
                    let met = try test(frame)
                    let rest = try next(frame)
                    return met || rest == .notApplicable ? rest : .fail
                }
            }
        }
        quick = chain
        sole = steps.count == 1 ? lastFused : nil
    }

    /// The verdict on `record`, in a new frame.
    func evaluate(_ record: RecordValue, today: CivilDate?, context: EvaluationContext, messages: MessageStore = MessageStore()) -> RuleVerdict {
        evaluate(record, today: today, frame: Frame(size: frameSize, context: context), messages: messages)
    }

    /// Runs `body` with the frame set up for `record`: `today` and the record in their slots
    /// when the rule reads them, and the record's fields readable in place.
    @inline(__always)
    private func withFrame<T>(_ frame: Frame, _ record: RecordValue, _ today: CivilDate?, _ body: (Frame) -> T) -> T {
        frame.resetBudget()
        frame.forgetNotes()
        if readsToday { frame.locals[Self.todaySlot] = today.map(Value.date) ?? .absent }
        if readsRecord { frame.locals[Self.recordSlot] = .record(record) }
        return record.fields.withUnsafeBufferPointer { fields in
            frame.subject = fields
            defer { frame.subject = UnsafeBufferPointer(start: nil, count: 0) }
            return body(frame)
        }
    }

    /// The verdict on `record`, reusing `frame`, its messages kept in `messages`.
    func evaluate(_ record: RecordValue, today: CivilDate?, frame: Frame, messages: MessageStore = MessageStore()) -> RuleVerdict {
        // Fields are read by slot without a bounds check: only records of the rule's own shape may come in.
        guard record.shape.index == shape.index else {
            return RuleVerdict(rule: name, outcome: .error, failures: [.init(
                message: "rule `\(name)` is for \(shape.name ?? "another record type"), not for \(record.shape.name ?? "this record")", span: span)])
        }
        // The fused program decides most records on their fields alone, as `outcome` does: a
        // record that passes needs no frame, and one that fails sets one up only to make its
        // messages. Fused tests note nothing, so such a verdict has no notes.
        if let sole, let soleRequirement, let holds = record.fields.withUnsafeBufferPointer({ sole.holds(on: $0, budgetOf: frame) }) {
            if holds { return RuleVerdict(rule: name, outcome: .pass) }
            let explained: Explained = withFrame(frame, record, today) { frame in
                explainFailure(of: soleRequirement, frame, messages)
            }
            guard frame.hasNotes else { return RuleVerdict(rule: name, outcome: explained.outcome, failures: explained.failures) }
            return RuleVerdict(rule: name, outcome: explained.outcome, failures: explained.failures, notes: frame.notes)
        }
        // The verdict is made once, here, from parts: one returned through `withFrame` (generic)
        // is copied and destroyed again on the way out, on every record.
        let explained: Explained = withFrame(frame, record, today) { frame in
            do {
                switch try quick(frame) {
                case .pass: return (.pass, RuleVerdict.Failures())
                case .notApplicable: return (.notApplicable, RuleVerdict.Failures())
                case .fail:
                    // Explaining gets a budget of its own.
                    frame.resetBudget()
                    if let soleRequirement { return explainFailure(of: soleRequirement, frame, messages) }
                    return explainFailure(frame, messages)
                }
            } catch {
                return (.error, RuleVerdict.Failures(Self.failure(name, error, span)))
            }
        }
        guard frame.hasNotes else { return RuleVerdict(rule: name, outcome: explained.outcome, failures: explained.failures) }
        return RuleVerdict(rule: name, outcome: explained.outcome, failures: explained.failures, notes: frame.notes)
    }

    /// The outcome alone, without building failure messages.
    func outcome(_ record: RecordValue, today: CivilDate?, frame: Frame) -> RuleVerdict.Outcome {
        guard record.shape.index == shape.index else { return .error }
        if let sole, let holds = record.fields.withUnsafeBufferPointer({ sole.holds(on: $0, budgetOf: frame) }) {
            return holds ? .pass : .fail
        }
        return generalOutcome(record, today: today, frame: frame)
    }

    /// The outcome through the clauses, in a frame set up for the record: apart from `outcome`,
    /// so that the fused program's way costs nothing of this one's.
    @inline(never)
    private func generalOutcome(_ record: RecordValue, today: CivilDate?, frame: Frame) -> RuleVerdict.Outcome {
        withFrame(frame, record, today) { frame in
            do {
                switch try quick(frame) {
                case .pass: return .pass
                case .notApplicable: return .notApplicable
                case .fail: return .fail
                }
            } catch {
                return .error
            }
        }
    }

    /// Why rule `name` could not be evaluated: `error`, at its own place or else at `span`.
    static func failure(_ name: String, _ error: any Error, _ span: SourceSpan) -> RuleVerdict.Failure {
        if let error = error as? EvaluationError {
            let message = error.cause == .budget ? "rule `\(name)`: \(error.message)" : error.message
            return .init(message: message, span: error.span, code: error.code)
        }
        return .init(message: "\(error)", span: span, code: .evaluationFailed)
    }

    /// A failure's outcome and its failures, as explaining gives them.
    private typealias Explained = (outcome: RuleVerdict.Outcome, failures: RuleVerdict.Failures)

    /// The clauses again, step by step, collecting the message of each failed requirement: for
    /// a rule of several requirements, where `quick` does not say which failed.
    private func explainFailure(_ frame: Frame, _ messages: MessageStore) -> Explained {
        var failures: [RuleVerdict.Failure] = []
        do {
            for step in steps {
                switch step {
                case .when(let condition, _):
                    if try !condition(frame) { return (.notApplicable, RuleVerdict.Failures()) }
                case .bind(let slot, let node):
                    frame.locals[slot] = try node(frame)
                case .require(let requirement):
                    if try requirement.test(frame) { continue }
                    try explain(requirement, frame, messages) { failures.append($0) }
                }
            }
        } catch {
            return (.error, RuleVerdict.Failures(Self.failure(name, error, span)))
        }
        return (failures.isEmpty ? .pass : .fail, RuleVerdict.Failures(failures))
    }

    /// The messages of `requirement`, which has just failed on `frame`, the rule's only one.
    private func explainFailure(of requirement: Requirement, _ frame: Frame, _ messages: MessageStore) -> Explained {
        do {
            if requirement.counterexamples == nil {
                let failure = RuleVerdict.Failure(text: requirement.messageText(frame, keptIn: messages), site: requirement.site)
                return (.fail, RuleVerdict.Failures(failure))
            }
            var failures: [RuleVerdict.Failure] = []
            try explain(requirement, frame, messages) { failures.append($0) }
            return (failures.isEmpty ? .pass : .fail, RuleVerdict.Failures(failures))
        } catch {
            return (.error, RuleVerdict.Failures(Self.failure(name, error, span)))
        }
    }

    /// The `else` message `message` as a `MessageTemplate`, compiled by `compiler`, when it is
    /// a text literal with holes; nil for any other expression, which the compiler compiles,
    /// and for every message of a rule compiled for tracing.
    private static func template(_ message: Expr, _ compiler: inout ExpressionCompiler) -> MessageTemplate? {
        guard !compiler.tracing, case .text(let parts) = message.kind else { return nil }
        return MessageTemplate(parts, compiler: &compiler)
    }

    /// The messages of a failed requirement: one per counterexample of a `require all`. The
    /// requirement has failed already (evaluation stopped at its first counterexample), so
    /// what cannot be evaluated here changes the messages, never the outcome: a message that
    /// cannot be evaluated gives the condition's own text and why, and an element after the
    /// first counterexample that cannot be evaluated gives no message (`explain` shows it, as
    /// an element that could not be evaluated).
    private func explain(_ requirement: Requirement, _ frame: Frame, _ messages: MessageStore,
                         _ failed: (RuleVerdict.Failure) -> Void) throws {
        func failure() -> RuleVerdict.Failure {
            .init(text: requirement.messageText(frame, keptIn: messages), site: requirement.site)
        }
        guard let (source, slot, filter, body) = requirement.counterexamples,
              case .list(let items) = try source(frame) else {
            failed(failure())
            return
        }
        var found = false
        for item in items {
            frame.locals[slot] = item
            do {
                if let filter, try !filter(frame) { continue }
                if try body(frame) { continue }
            } catch {
                // Only after the first counterexample: one before it would have stopped evaluation.
                guard found else { throw error }
                continue
            }
            found = true
            failed(failure())
        }
    }

    static func reason(_ error: any Error) -> String {
        (error as? EvaluationError)?.message ?? "\(error)"
    }
}
