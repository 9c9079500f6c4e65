/// How one rule reached its verdict on one record: the trace of each clause evaluated, and a
/// single change to the record that would turn the verdict, when there is one.
public struct Explanation: Sendable {
    public let rule: String
    /// The verdict, as `check` gives it.
    public let outcome: RuleVerdict.Outcome
    /// One node per clause evaluated, in order: evaluation stops at a `when` that does not
    /// hold, and at a clause that cannot be evaluated.
    public let clauses: [TraceNode]
    public let counterfactual: Counterfactual?
}

/// Explains one rule's verdicts: the rule compiled a second time with tracing, and the rule as
/// compiled for evaluation, which gives the verdict and tries the counterfactuals.
public final class Explainer {
    public let rule: CompiledRule
    let traced: CompiledRule
    let declaration: RuleDecl
    let program: Program
    let files: SourceFiles

    /// Nil when `program` has no rule `name` or `rulebook` (the one `program` was compiled
    /// from) does not declare it.
    init?(program: Program, rule name: String, rulebook: Rulebook, files: SourceFiles) {
        let declarations = rulebook.declarations.enumerated().compactMap { index, declaration -> (Int, RuleDecl)? in
            if case .rule(let rule) = declaration, rule.name.text == name { return (index, rule) }
            return nil
        }
        guard let rule = program.rules.first(where: { $0.name == name }), let (index, declaration) = declarations.first,
              let traced = CompiledRule(declaration, at: index, checked: program.checked, tracing: true) else { return nil }
        self.rule = rule
        self.traced = traced
        self.declaration = declaration
        self.program = program
        self.files = files
    }

    /// Whether `record` is of the rule's record type.
    public func applies(to record: RecordValue) -> Bool {
        record.shape.index == rule.shape.index
    }

    /// The explanation of the verdict on `record`, with `today` as `check` would take it.
    public func explain(_ record: RecordValue, asOf: CivilDate? = nil) -> Explanation {
        let today = program.today(for: record, asOf: asOf)
        let outcome = rule.evaluate(record, today: today, context: program.context).outcome
        let tracer = Tracer(files: files, shapes: program.shapes)
        let clauses = traced.trace(record, today: today, context: program.context, tracer: tracer,
                                   clauses: declaration.clauses)
        return Explanation(rule: rule.name, outcome: outcome, clauses: clauses,
                           counterfactual: counterfactual(record, asOf: asOf, outcome: outcome, trace: clauses))
    }
}

extension Program {
    /// An explainer for rule `name`; `rulebook` and `files` are the ones this program was
    /// compiled from. Nil when there is no such rule.
    public func explainer(rule name: String, rulebook: Rulebook, files: SourceFiles) -> Explainer? {
        Explainer(program: self, rule: name, rulebook: rulebook, files: files)
    }
}

extension CompiledRule {
    /// The clauses evaluated on `record` by a rule compiled with tracing, each with the trace
    /// of its expression. `clauses` are the declaration's, one for each step.
    func trace(_ record: RecordValue, today: CivilDate?, context: EvaluationContext, tracer: Tracer,
               clauses: [RuleClause]) -> [TraceNode] {
        guard record.shape.index == shape.index else { return [] }
        let frame = Frame(size: frameSize, context: context)
        frame.tracer = tracer
        frame.locals[Self.todaySlot] = today.map(Value.date) ?? .absent
        frame.locals[Self.recordSlot] = .record(record)
        return record.fields.withUnsafeBufferPointer { fields in
            frame.subject = fields
            defer { frame.subject = UnsafeBufferPointer(start: nil, count: 0) }
            var nodes: [TraceNode] = []
            for (step, clause) in zip(steps, clauses) {
                switch (step, clause) {
                case (.when(let condition, _), .when(let expr)):
                    let (node, outcome) = Self.clause("when", expr, tracer) { .bool(try condition(frame)) }
                    nodes.append(node)
                    guard case .success(.bool(true)) = outcome else { return nodes }
                case (.bind(let slot, let value), .bind(let name, let expr)):
                    tracer.begin()
                    let outcome = Result { try value(frame) }
                    let inner = tracer.end()
                    var node = TraceNode(kind: .clause, expr: "let \(name.text)", children: inner, extent: SourceExtent(expr))
                    switch outcome {
                    case .success(let bound):
                        node.value = tracer.show(bound)
                        frame.locals[slot] = bound
                        nodes.append(node)
                    case .failure(let error):
                        node.value = TraceNode.unevaluated
                        node.failed = true
                        if !inner.contains(where: \.failed) { node.record(error) }
                        nodes.append(node)
                        return nodes
                    }
                case (.require(let requirement), .require(let expr, _)):
                    let (clauseNode, outcome) = Self.clause("require", expr, tracer) { .bool(try requirement.test(frame)) }
                    var node = clauseNode
                    if case .success(.bool(false)) = outcome {
                        Self.attachMessages(requirement, to: &node, frame: frame, tracer: tracer)
                    }
                    nodes.append(node)
                    if case .failure = outcome { return nodes }
                default:
                    return nodes
                }
            }
            return nodes
        }
    }

    /// The node of a `when` or `require`: its expression's node, named by the clause.
    private static func clause(_ keyword: String, _ expr: Expr, _ tracer: Tracer,
                               _ evaluate: () throws -> Value) -> (TraceNode, Result<Value, any Error>) {
        let extent = SourceExtent(expr)
        tracer.begin()
        let outcome = Result { try evaluate() }
        let inner = tracer.end()
        var node: TraceNode
        if inner.count == 1, inner[0].extent == extent {
            node = inner[0]
        } else {
            switch outcome {
            case .success(let value):
                node = TraceNode(kind: .expression, expr: "", value: tracer.show(value), children: inner, extent: extent)
                if case .bool(let flag) = value { node.holds = flag }
            case .failure(let error):
                node = tracer.failure(extent, error, children: inner)
            }
        }
        node.kind = .clause
        node.expr = "\(keyword) \(tracer.text(extent))"
        return (node, outcome)
    }

    /// The `else` message of a failed requirement: on each counterexample shown of a `require
    /// all`, else on the clause.
    private static func attachMessages(_ requirement: Requirement, to node: inout TraceNode, frame: Frame, tracer: Tracer) {
        func message() -> String {
            requirement.messageText { try tracer.discarding({ try requirement.message(frame) }) }
        }
        guard let slot = requirement.counterexamples?.slot else {
            node.message = message()
            return
        }
        for index in node.children.indices where node.children[index].kind == .element && node.children[index].holds == false {
            guard let element = node.children[index].element else { continue }
            frame.locals[slot] = element
            node.children[index].message = message()
        }
    }
}
