/// The way a record would go through a process: its steps from the first to an end, the
/// bodies that decide on the way, and the dated deadlines where the history gives a start.
///
/// At each step the record's history decides where it goes when it records the outcome;
/// otherwise a step whose `check` rules fail on the record takes its last transition (the
/// rejection branch, as in `-> impact_assessment | rejected`), and any other step the first
/// transition whose condition holds, so that a decision not yet taken is assumed to go
/// forward. `assumed` names the decisions the route assumes.
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
    /// The route `record` would take, as described on `Route`.
    public func route(of record: RecordValue, program: Program, asOf: CivilDate?) -> Route {
        let events = program.history(of: record)
        var byStep: [String: HistoryEvent] = [:]
        for event in events { byStep[event.step] = event }
        var visited: [String] = []
        var decisions: [Route.Decision] = []
        var assumed: [String] = []
        var deadlines: [Route.Deadline] = []
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
            let targets = step.transitions.map(\.target)
            var next: String?
            if let outcome = event?.outcome, targets.contains(outcome) {
                next = outcome
            } else if let outcome = event?.outcome, !targets.contains(outcome), step.decides {
                // The recorded decision is no longer possible here (a what-if changed the step).
                next = ((try? self.targets(of: step, record: record, today: asOf, context: program.context)) ?? targets).first
                assumed.append(step.name)
            } else if !step.checks.isEmpty,
                      step.checks.contains(where: { evaluator.outcome(rule: $0, on: record, asOf: asOf) == .fail }) {
                next = targets.last
            } else {
                next = ((try? self.targets(of: step, record: record, today: asOf, context: program.context)) ?? targets).first
                if step.decides && event?.outcome == nil && targets.count > 1 { assumed.append(step.name) }
            }
            enteredOn = event?.date
            guard let next else { break }
            if isEnd(next) {
                end = next
                break
            }
            current = self.step(named: next)
        }
        return Route(process: name, steps: visited, end: end, decisions: decisions, assumed: assumed, deadlines: deadlines)
    }
}
