/// A dated event in a record's `history`: the step it completed, who acted, and for a
/// decision, where it led.
public struct HistoryEvent: Sendable, Equatable {
    /// The event's place in the history, from 0.
    public let index: Int
    public let date: CivilDate
    public let step: String
    public let by: String?
    public let outcome: String?
    public let note: String?
}

extension Program {
    /// The events of a record's core `history` field, in the order written.
    public func history(of record: RecordValue) -> [HistoryEvent] {
        let shape = shapes[record.shape.index]
        guard let slot = shape.slots["history"], case .list(let items) = record.fields[slot],
              case .list(.record(let eventShapeID))? = shape.fields["history"]?.widenedBase else { return [] }
        let eventShape = shapes[eventShapeID.index]
        func text(_ event: RecordValue, _ name: String) -> String? {
            guard let slot = eventShape.slots[name], case .text(let text) = event.fields[slot] else { return nil }
            return text
        }
        var events: [HistoryEvent] = []
        for case .record(let event) in items {
            guard let dateSlot = eventShape.slots["date"], case .date(let date) = event.fields[dateSlot],
                  let step = text(event, "step") else { continue }
            events.append(HistoryEvent(index: events.count, date: date, step: step, by: text(event, "by"),
                                       outcome: text(event, "outcome"), note: text(event, "note")))
        }
        return events
    }
}

/// Where a record stands in a process, from its history: the step it is at and who acts
/// there, the deadline, what comes next, the appeal route after a decision, and every event
/// the process does not allow.
public struct ProcessStatus: Sendable {
    public enum Position: Sendable, Equatable {
        /// At `step`, entered on `since` (nil when the history does not say).
        case atStep(String, since: CivilDate?)
        /// Finished at the end `end`.
        case ended(String, on: CivilDate?)
    }

    /// An event the process does not allow, the clause it breaks, and why.
    public typealias Violation = ProcessRun.Violation

    public struct AppealRoute: Sendable, Equatable {
        public let against: String
        public let to: String
        public let deadline: CivilDate?
    }

    public let process: String
    public let asOf: CivilDate?
    public let position: Position
    /// Who acts at the current step, and whether it decides.
    public let actors: [String]
    public let decides: Bool
    public let deadline: CivilDate?
    /// The day from which the current step may be completed, when it `waits`.
    public let earliest: CivilDate?
    public let next: [String]
    public let appeal: AppealRoute?
    public let violations: [Violation]
    public let notes: [String]

    /// The run the status reports.
    public let run: ProcessRun

    public var isOverdue: Bool {
        guard let deadline, let asOf else { return false }
        return asOf > deadline
    }

    /// Whether the current step's waiting time is not yet over on `asOf`.
    public var isWaiting: Bool {
        guard let earliest, let asOf else { return false }
        return asOf < earliest
    }
}

extension ProcessModel {
    /// Where `record` stands: its run (`run(of:…)`) as of `asOf`, with what comes next from the
    /// step it is at and, after a decision, the appeal route.
    public func status(of record: RecordValue, program: Program, asOf given: CivilDate?) -> ProcessStatus {
        let run = self.run(of: record, program: program, asOf: given)
        var notes = run.notes
        var next: [String] = []
        var current: StepModel?
        if let visit = run.current, let step = step(named: visit.step) {
            current = step
            let evaluator = program.evaluator()
            let exit = self.exit(from: step, outcome: nil, record: record, program: program, evaluator: evaluator, today: run.asOf)
            for problem in exit.problems where !notes.contains(problem) { notes.append(problem) }
            next = step.decides && exit.basis == .conditions ? exit.targets : Array(exit.targets.prefix(1))
        }
        var appeal: ProcessStatus.AppealRoute?
        if case .ended = run.position, let lastDecision = run.lastDecision, let decided = step(named: lastDecision.step) {
            for route in appeals where decided.actors.contains(route.against) {
                let due = route.within.flatMap { program.date(lastDecision.event.date, plus: $0.amount, $0.unit) }
                appeal = .init(against: route.against, to: route.to, deadline: due)
                break
            }
        }
        return ProcessStatus(process: name, asOf: run.asOf, position: run.position, actors: current?.actors ?? [],
                             decides: current?.decides ?? false, deadline: run.current?.deadline, earliest: run.current?.earliest,
                             next: next, appeal: appeal, violations: run.violations, notes: notes, run: run)
    }

    /// Whether `target` can be reached from any of `starts` by following transitions.
    func reachable(from starts: [String], to target: String) -> Bool {
        var seen: Set<String> = []
        var queue = starts
        while let name = queue.popLast() {
            guard seen.insert(name).inserted else { continue }
            if name == target { return true }
            if let step = step(named: name) { queue += step.transitions.map(\.target) }
        }
        return false
    }
}
