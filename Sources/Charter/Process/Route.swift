/// The way a record would go through a process: its steps from the first to an end, the
/// bodies that decide on the way, and the dated deadlines where the history gives a start.
///
/// A route is the record's run (`ProcessRun`, the one walk `status` reports) continued from the
/// step the record is at by `RouteAssumption`: so a route and `status` cannot disagree about
/// where a record stands. `assumed` names the decisions the route assumes.
public struct Route: Sendable, Equatable {
    public let process: String
    public let steps: [String]
    /// The end the route reaches, or nil when it loops or stops.
    public let end: String?
    /// Each deciding step on the route and who decides there (`issue_decision: AdvisoryGroup`).
    public let decisions: [Decision]
    /// Decisions the route assumes go forward because the history does not record them.
    public let assumed: [String]
    public let deadlines: [Deadline]
    /// What could not be evaluated on the way (a transition condition or a checked rule in
    /// error), as `ProcessStatus.notes` says it. Not part of a route's identity: two routes
    /// that go the same way are the same route.
    public let notes: [String]
    /// How many of `steps` the history completed: the record stands at `steps[recorded]`, or
    /// at `end` when it has completed them all.
    public let recorded: Int
    /// What the history did that the process does not allow, from the run the route continues.
    /// Not part of a route's identity either.
    public let violations: [ProcessRun.Violation]

    /// The step the record stands at on the route, or nil when it has reached `end`.
    public var position: String? { steps.indices.contains(recorded) ? steps[recorded] : nil }

    public static func == (lhs: Route, rhs: Route) -> Bool {
        (lhs.process, lhs.steps, lhs.end, lhs.decisions, lhs.assumed, lhs.deadlines)
            == (rhs.process, rhs.steps, rhs.end, rhs.decisions, rhs.assumed, rhs.deadlines)
    }

    public struct Decision: Sendable, Equatable {
        public let step: String
        public let bodies: [String]
    }

    public struct Deadline: Sendable, Equatable {
        public let step: String
        public let date: CivilDate
    }

    /// `raise → pmo_review → … → approved`.
    public var path: String { (steps + [end ?? "…"]).joined(separator: " → ") }
}

/// What a route assumes of the steps a history has not yet recorded: each goes where its exit
/// sends it (`StepExit`): to its last transition when a rule it checks fails, else to the first
/// transition whose `when` holds. A deciding step left that way while it could go more than
/// one way, or whose recorded outcome it can no longer lead to, is an assumed decision.
public enum RouteAssumption: Sendable {
    /// The only policy: the rules decide a step not yet taken, and a decision goes forward.
    case rulesDecide
}

extension ProcessModel {
    /// The route `record` would take: the steps its run (`run(of:…)`) completed, then from the
    /// step it is at, the steps `assumption` gives.
    public func route(of record: RecordValue, program: Program, asOf: CivilDate?,
                      assuming assumption: RouteAssumption = .rulesDecide) -> Route {
        route(of: run(of: record, program: program, asOf: asOf), record: record, program: program, assuming: assumption)
    }

    /// The route of `run`, the run of `record`.
    public func route(of run: ProcessRun, record: RecordValue, program: Program,
                      assuming assumption: RouteAssumption = .rulesDecide) -> Route {
        var visited: [String] = []
        var decisions: [Route.Decision] = []
        var assumed: [String] = []
        var deadlines: [Route.Deadline] = []
        var notes = run.notes
        for visit in run.completed {
            visited.append(visit.step)
            if let step = step(named: visit.step), step.decides {
                decisions.append(.init(step: step.name, bodies: step.actors))
                // A decision the history passed without recording: the route assumes it.
                if visit.skipped && step.transitions.count > 1 { assumed.append(step.name) }
            }
            if let deadline = visit.deadline { deadlines.append(.init(step: visit.step, date: deadline)) }
        }
        var end: String?
        if case .ended(let reached, _) = run.position { end = reached }
        var current = run.current.flatMap { step(named: $0.step) }
        var first = true
        // The day a projected step is entered is known only after a step the history recorded.
        var enteredOn: CivilDate? = nil
        let evaluator = program.evaluator()
        while let step = current, visited.count <= steps.count * 2 {
            visited.append(step.name)
            if first, let deadline = run.current?.deadline {
                deadlines.append(.init(step: step.name, date: deadline))
            } else if !first, let start = enteredOn, let lasts = step.lasts,
                      let due = date(lasts, after: start, of: step, record: record, program: program).date {
                deadlines.append(.init(step: step.name, date: due))
            }
            enteredOn = first ? run.pending?.date : nil
            if step.decides { decisions.append(.init(step: step.name, bodies: step.actors)) }
            let exit = self.exit(from: step, outcome: nil, record: record, program: program, evaluator: evaluator, today: run.asOf)
            for problem in exit.problems where !notes.contains(problem) { notes.append(problem) }
            if step.decides && ((first && run.outcomeImpossible) || exit.assumesDecision(at: step)) { assumed.append(step.name) }
            first = false
            guard let next = exit.targets.first else { break }
            if isEnd(next) {
                end = next
                break
            }
            current = self.step(named: next)
        }
        return Route(process: name, steps: visited, end: end, decisions: decisions, assumed: assumed, deadlines: deadlines,
                     notes: notes, recorded: run.completed.count, violations: run.violations)
    }
}
