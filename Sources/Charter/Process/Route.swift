/// The way a record would go through a process: its steps from the first to an end, the
/// bodies that decide on the way, and the dated deadlines where the history gives a start.
///
/// At each step the route takes the first target of the step's exit (`StepExit`, the judgement
/// `status` holds the history to): the outcome the history records, else the last transition
/// when a rule the step checks fails, else the first transition whose condition holds, so that
/// a decision not yet taken is assumed to go forward. `assumed` names the decisions the route
/// assumes.
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

extension ProcessModel {
    /// The route `record` would take, as described on `Route`: at each step the exit status
    /// judges the history by (`exit(from:…)`), taking its first target.
    public func route(of record: RecordValue, program: Program, asOf: CivilDate?) -> Route {
        let events = program.history(of: record)
        var byStep: [String: HistoryEvent] = [:]
        for event in events { byStep[event.step] = event }
        var visited: [String] = []
        var decisions: [Route.Decision] = []
        var assumed: [String] = []
        var deadlines: [Route.Deadline] = []
        var notes: [String] = []
        var current = steps.first
        var end: String?
        var enteredOn: CivilDate? = nil
        let evaluator = program.evaluator()
        while let step = current, visited.count <= steps.count * 2 {
            visited.append(step.name)
            let event = byStep[step.name]
            if let lasts = step.lasts, let start = enteredOn, let due = program.date(start, plus: lasts.amount, lasts.unit) {
                deadlines.append(.init(step: step.name, date: due))
            }
            if step.decides { decisions.append(.init(step: step.name, bodies: step.actors)) }
            let exit = self.exit(from: step, outcome: event?.outcome, record: record, program: program,
                                 evaluator: evaluator, today: event?.date ?? asOf)
            for problem in exit.problems where !notes.contains(problem) { notes.append(problem) }
            if event?.outcome != nil, exit.basis != .recorded, step.decides {
                // The recorded decision is no longer possible here (a what-if changed the step).
                assumed.append(step.name)
            } else if event?.outcome == nil, exit.assumesDecision(at: step) {
                assumed.append(step.name)
            }
            enteredOn = event?.date
            guard let next = exit.targets.first else { break }
            if isEnd(next) {
                end = next
                break
            }
            current = self.step(named: next)
        }
        return Route(process: name, steps: visited, end: end, decisions: decisions, assumed: assumed, deadlines: deadlines,
                     notes: notes)
    }
}
