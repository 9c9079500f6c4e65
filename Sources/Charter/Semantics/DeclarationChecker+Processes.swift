extension DeclarationChecker {
    /// A process's names resolve and its steps form a route from the first step to an end.
    ///
    /// A step with no `->` goes on to the next step in order, and after the last step the
    /// process ends ("steps in order from the first").
    mutating func checkProcess(_ process: ProcessDecl) -> ProcessGraph {
        if let subject = process.subject { checkRecordType(subject.type) }
        let graph = ProcessGraph(process)
        for (index, step) in process.steps.enumerated() {
            if let first = graph.stepIndex[step.name.text], first != index {
                let firstStep = process.steps[first].name
                diagnostics.append(.error(.duplicateStep, "process `\(process.name.text)` has two steps named `\(step.name.text)`",
                                          at: step.name.span, help: "rename one of them: transitions name steps by name",
                                          notes: [.init("`\(step.name.text)` is first declared here", at: firstStep.span)]))
            }
        }
        for (index, end) in process.ends.enumerated() where graph.endIndex[end.text] == index {
            if let step = graph.stepIndex[end.text] {
                diagnostics.append(.error(.endNamedLikeStep, "`\(end.text)` is both a step and an end of process `\(process.name.text)`",
                                          at: end.span, help: "rename the step or the end: `-> \(end.text)` must mean one of them",
                                          notes: [.init("the step `\(end.text)` is declared here", at: process.steps[step].name.span)]))
            }
        }
        if process.ends.isEmpty {
            diagnostics.append(.error(.processWithoutEnd, "process `\(process.name.text)` has no `end`", at: process.name.span,
                                      help: "list its outcomes, as in `end approved, rejected`"))
        }
        for (index, step) in process.steps.enumerated() {
            checkStep(step, of: process, edges: graph.edges[index])
        }
        checkRoutes(process, graph: graph)
        checkAppeals(process)
        return graph
    }

    private mutating func checkStep(_ step: Step, of process: ProcessDecl, edges: [ProcessGraph.Edge]) {
        for actor in step.actors {
            resolveBody(actor, meaning: "the body that acts at step `\(step.name.text)`")
        }
        if step.decides && step.actors.isEmpty {
            diagnostics.append(.error(.decisionWithoutBody, "step `\(step.name.text)` decides but does not say who decides",
                                      at: step.name.span, help: "add `by BODY` with the group or role that takes the decision"))
        }
        for check in step.checks {
            checkRuleReference(check, in: process)
        }
        if let lasts = step.lasts { checkDuration(lasts, clause: "lasts", of: step) }
        if let waits = step.waits { checkDuration(waits, clause: "waits", of: step) }
        for edge in edges where edge.target == .unknown {
            let target = edge.transition.target
            diagnostics.append(.error(.unknownStep, "process `\(process.name.text)` has no step or end `\(target.text)`", at: target.span,
                                      help: Suggest.didYouMean(target.text, among: process.steps.map(\.name.text) + process.ends.map(\.text))
                                          ?? "add `step \(target.text) …`, or list it in `end`"))
        }
    }

    /// N011 and G015: `check RULE` names a rule for the process's record type.
    private mutating func checkRuleReference(_ name: Identifier, in process: ProcessDecl) {
        guard let rule = scope.rules[name.text] else {
            diagnostics.append(.error(.unknownRule, "there is no rule `\(name.text)`", at: name.span,
                                      help: Suggest.didYouMean(name.text, among: scope.ruleNames)
                                          ?? "declare `rule \(name.text) { … }`, or remove it from `check`"))
            return
        }
        guard let ruleType = rule.subject?.type, let processType = process.subject?.type,
              ruleType.text != processType.text else { return }
        diagnostics.append(.error(.checkedRuleForOtherType,
                                  "rule `\(name.text)` is for `\(ruleType.text)` records but process `\(process.name.text)` "
                                  + "is for `\(processType.text)`",
                                  at: name.span,
                                  help: "check a rule written `for \(processType.text) …`, or change the rule's `for`",
                                  notes: [.init("`\(name.text)` applies to `\(ruleType.text)` here", at: ruleType.span)]))
    }

    /// G017: a `lasts` or `waits` written as a literal is a positive duration within the
    /// supported years. Any other expression is typed by the type checker, which requires a
    /// duration; its value is judged on each record when the process is followed.
    private mutating func checkDuration(_ lasts: Expr, clause: String, of step: Step) {
        let help = "write a time limit such as `10 working days`, `2 weeks` or `90 minutes`"
        switch lasts.ungrouped.kind {
        case .invalid:
            return
        case .duration(let amount, let unit) where amount > 0:
            // A limit longer than the supported years can never give a deadline.
            let range = CivilDate.dayNumberRange
            let longest = switch unit {
            case .days, .workingDays: range.upperBound - range.lowerBound
            case .months: 12 * CivilDate.yearRange.count
            case .minutes: (range.upperBound - range.lowerBound) * 1440
            }
            guard amount > longest else { return }
            diagnostics.append(.error(.invalidStepDuration,
                                      "step `\(step.name.text)` \(clause) \(Value.display(amount, unit)), longer than the supported years \(CivilDate.yearRange.lowerBound) to \(CivilDate.yearRange.upperBound)",
                                      at: lasts.span, help: help))
        case .duration(let amount, let unit):
            let length = amount == 0 ? "\(amount) \(unit.rawValue), no time at all" : "a negative time"
            diagnostics.append(.error(.invalidStepDuration, "step `\(step.name.text)` \(clause) \(length)", at: lasts.span, help: help))
        case .unary(.negate, let inner):
            if case .duration = inner.ungrouped.kind {
                diagnostics.append(.error(.invalidStepDuration, "step `\(step.name.text)` \(clause) a negative time", at: lasts.span, help: help))
            }
        case .number, .text, .bool, .date, .time:
            // A literal of another type: the type checker leaves literals to this check.
            diagnostics.append(.error(.invalidStepDuration, "the \(clause == "waits" ? "waiting time" : "time limit") of step `\(step.name.text)` is not a duration",
                                      at: lasts.span, help: help + "; a number alone has no unit"))
        default:
            return
        }
    }

    /// G013 and G014: every step can be reached from the first, and an end from every step
    /// that can be reached. Steps declared twice are left to N004.
    private mutating func checkRoutes(_ process: ProcessDecl, graph: ProcessGraph) {
        guard graph.stepCount > 0 else { return }
        let reachable = graph.reachableFromFirst()
        for (index, step) in process.steps.enumerated() where !reachable[index] && graph.stepIndex[step.name.text] == index {
            diagnostics.append(.error(.unreachableStep,
                                      "step `\(step.name.text)` cannot be reached from the first step `\(process.steps[0].name.text)`",
                                      at: step.name.span, help: "add `-> \(step.name.text)` to a step before it, or remove the step"))
        }
        // With no `end` at all, G018 has said it; every step would be reported again here.
        guard !process.ends.isEmpty else { return }
        let ending = graph.canFinish()
        for (index, step) in process.steps.enumerated() where reachable[index] && !ending[index] && graph.stepIndex[step.name.text] == index {
            diagnostics.append(.error(.stepCannotEnd, "no end of process `\(process.name.text)` can be reached from step `\(step.name.text)`",
                                      at: step.name.span,
                                      help: "add a transition to an end (`-> \(process.ends[0].text)`) or to a step that leads to one"))
        }
    }

    /// N008, G020 and G021: appeal bodies resolve, no body hears appeals against itself, and
    /// appeals do not route back to a body already appealed against.
    private mutating func checkAppeals(_ process: ProcessDecl) {
        var nodes: [String: Int] = [:]
        var names: [String] = []
        var edges: [Cycles.Edge] = []
        var routes: [Appeal] = []
        func node(_ name: String) -> Int {
            if let index = nodes[name] { return index }
            nodes[name] = names.count
            names.append(name)
            return names.count - 1
        }
        for appeal in process.appeals {
            resolveBody(appeal.against, meaning: "the body whose decisions are appealed")
            resolveBody(appeal.to, meaning: "the body that hears appeals")
            if appeal.against.text == appeal.to.text {
                diagnostics.append(.error(.appealToSameBody, "appeals against `\(appeal.to.text)` are heard by `\(appeal.to.text)` itself",
                                          at: appeal.to.span,
                                          help: "name another body to hear appeals, as in `appeal \(appeal.against.text) to IPA`"))
                continue
            }
            edges.append(Cycles.Edge(from: node(appeal.against.text), to: node(appeal.to.text)))
            routes.append(appeal)
        }
        for cycle in Cycles.find(nodeCount: names.count, edges: edges) {
            guard let first = cycle.first else { continue }
            let bodies = cycle.map { names[edges[$0].from] }
            let notes = cycle.dropFirst().map { edge in
                Diagnostic.Note("appeals against `\(routes[edge].against.text)` go to `\(routes[edge].to.text)` here",
                                at: routes[edge].to.span)
            }
            diagnostics.append(.error(.appealCycle, "appeals in process `\(process.name.text)` go round in a loop: \(Self.chain(bodies + bodies.prefix(1)))",
                                      at: routes[first].to.span,
                                      help: "appeals must end at a body whose decision is final: remove one of these appeals",
                                      notes: notes))
        }
    }
}
