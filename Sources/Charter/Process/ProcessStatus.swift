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

    /// An event the process does not allow, and why.
    public struct Violation: Sendable, Equatable {
        public let event: HistoryEvent?
        public let message: String
    }

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
    public let next: [String]
    public let appeal: AppealRoute?
    public let violations: [Violation]
    public let notes: [String]

    public var isOverdue: Bool {
        guard let deadline, let asOf else { return false }
        return asOf > deadline
    }
}

extension ProcessModel {
    /// Follows `record`'s history through the process. Where each step may lead is the same
    /// judgement routes make (`exit(from:…)`): the history is held to it event by event.
    public func status(of record: RecordValue, program: Program, asOf given: CivilDate?) -> ProcessStatus {
        let events = program.history(of: record)
        let asOf = given ?? events.map(\.date).max()
        var violations: [ProcessStatus.Violation] = []
        var notes: [String] = []
        func note(_ problems: [String]) {
            for problem in problems where !notes.contains(problem) { notes.append(problem) }
        }
        var previous: (step: StepModel, event: HistoryEvent, exit: StepExit)?
        var lastDecision: (step: StepModel, event: HistoryEvent)?
        var ended: (end: String, on: CivilDate)?
        let evaluator = program.evaluator()

        if let first = events.first, let firstStep = steps.first, first.step != firstStep.name {
            notes.append("the history starts at `\(first.step)`; the steps before it are not recorded")
        }
        for event in events {
            guard let step = step(named: event.step) else {
                let hint = Suggest.didYouMean(event.step, among: steps.map(\.name)).map { "; \($0)" } ?? ""
                violations.append(.init(event: event, message: "process `\(name)` has no step `\(event.step)`\(hint)"))
                continue
            }
            if let ended {
                violations.append(.init(event: event, message: "`\(event.step)` on \(event.date) comes after the process ended (`\(ended.end)` on \(ended.on))"))
            }
            if let previous {
                if event.date < previous.event.date {
                    violations.append(.init(event: event, message: "`\(event.step)` is dated \(event.date), before the event it follows (\(previous.event.date))"))
                }
                let allowed = previous.exit.targets
                if !allowed.contains(step.name) {
                    let skipped = reachable(from: allowed, to: step.name)
                    let reason = skipped ? "skips `\(allowed.joined(separator: "` or `"))`" : "does not follow from it"
                    let leads = allowed.isEmpty ? "nowhere for this record" : Suggest.list(allowed)
                    violations.append(.init(event: event, message: "`\(step.name)` follows `\(previous.step.name)`, which leads to \(leads): the history \(reason)"))
                }
            }
            if let by = event.by, !step.actors.isEmpty, !step.actors.contains(by) {
                let who = step.decides ? "decided" : "done"
                violations.append(.init(event: event, message: "`\(step.name)` was \(who) by \(by), but the process gives it to \(Suggest.list(step.actors))"))
            }
            let targets = step.transitions.map(\.target)
            if let outcome = event.outcome {
                if !targets.contains(outcome) {
                    violations.append(.init(event: event, message: "`\(step.name)` led to `\(outcome)`, but it leads to \(Suggest.list(targets))"))
                } else if let forward = targets.first, outcome == forward, targets.count > 1 {
                    // Going forward past a check that fails is a decision the rules did not allow.
                    for index in step.checks {
                        let verdict = evaluator.verdict(rule: index, on: record, asOf: event.date)
                        if verdict.outcome == .fail {
                            violations.append(.init(event: event, message: "`\(step.name)` went on to `\(outcome)` although rule `\(verdict.rule)` fails: \(verdict.message ?? "")"))
                        }
                    }
                }
                if let transition = step.transitions.first(where: { $0.target == outcome }), transition.condition != nil {
                    // A decision may only take a way whose `when` holds on the record.
                    let (held, problems) = self.targets(of: step, record: record, today: event.date, context: program.context)
                    if !held.contains(outcome) && problems.isEmpty {
                        let condition = transition.conditionText.map { " `\($0)`" } ?? ""
                        violations.append(.init(event: event, message: "`\(step.name)` led to `\(outcome)`, but its condition\(condition) does not hold for this record"))
                    }
                }
                if isEnd(outcome) { ended = (outcome, event.date) }
            } else if step.decides {
                notes.append("the decision at `\(step.name)` on \(event.date) has no recorded outcome")
            }
            if step.decides { lastDecision = (step, event) }
            let exit = self.exit(from: step, outcome: event.outcome, record: record, program: program, evaluator: evaluator, today: event.date)
            note(exit.problems)
            previous = (step, event, exit)
        }

        // Where the record is now.
        let position: ProcessStatus.Position
        var current: StepModel?
        var next: [String] = []
        if let ended {
            position = .ended(ended.end, on: ended.on)
        } else if let previous {
            if previous.step.decides && previous.exit.basis != .recorded {
                // No outcome, or one the step cannot lead to (reported above): the decision is still to take.
                current = previous.step
                position = .atStep(previous.step.name, since: previous.event.date)
            } else if let onward = previous.exit.targets.first {
                if isEnd(onward) {
                    position = .ended(onward, on: previous.event.date)
                } else if let step = step(named: onward) {
                    current = step
                    position = .atStep(step.name, since: previous.event.date)
                } else {
                    position = .atStep(previous.step.name, since: previous.event.date)
                    notes.append("`\(previous.step.name)` leads to `\(onward)`, which process `\(name)` does not have")
                }
            } else {
                position = .atStep(previous.step.name, since: previous.event.date)
                notes.append("`\(previous.step.name)` leads nowhere for this record")
            }
        } else if let first = steps.first {
            current = first
            position = .atStep(first.name, since: nil)
            notes.append("the record has no history: it stands at the first step")
        } else {
            position = .atStep("", since: nil)
        }
        var deadline: CivilDate?
        if let current {
            let exit = self.exit(from: current, outcome: nil, record: record, program: program, evaluator: evaluator, today: asOf)
            note(exit.problems)
            next = exit.targets
            if let lasts = current.lasts, case .atStep(_, let since?) = position {
                deadline = program.date(since, plus: lasts.amount, lasts.unit)
            }
        }
        var appeal: ProcessStatus.AppealRoute?
        if case .ended = position, let lastDecision {
            for route in appeals where lastDecision.step.actors.contains(route.against) {
                let due = route.within.flatMap { program.date(lastDecision.event.date, plus: $0.amount, $0.unit) }
                appeal = .init(against: route.against, to: route.to, deadline: due)
                break
            }
        }
        return ProcessStatus(process: name, asOf: asOf, position: position, actors: current?.actors ?? [],
                             decides: current?.decides ?? false, deadline: deadline, next: next, appeal: appeal,
                             violations: violations, notes: notes)
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
