extension ProcessModel {
    /// `record`'s run through the process: one walk over its history, event by event, held to
    /// the rules `ProcessRun` states. `asOf` is the day to judge the current step's deadline
    /// on (default: the latest event).
    public func run(of record: RecordValue, program: Program, asOf given: CivilDate?) -> ProcessRun {
        var walk = Walk(process: self, record: record, program: program)
        let events = program.history(of: record)
        let asOf = given ?? events.map(\.date).max()
        walk.at = steps.first
        if let first = events.first, let firstStep = steps.first, first.step != firstStep.name, let start = step(named: first.step) {
            walk.notes.append("the history starts at `\(first.step)`; the steps before it are not recorded")
            if let way = walk.way(from: firstStep, to: start.name, today: first.date) {
                for passed in way { walk.visits.append(walk.visit(passed, completedBy: nil, next: nil, basis: nil, skipped: true)) }
            } else {
                walk.unreachableStart(first, from: firstStep)
            }
            walk.at = start
        }
        for event in events { walk.take(event) }
        return walk.finish(asOf: asOf, hasHistory: !events.isEmpty)
    }

    /// The walk's state between events.
    private struct Walk {
        let process: ProcessModel
        let record: RecordValue
        let program: Program
        let evaluator: Evaluator
        var visits: [ProcessRun.Visit] = []
        var violations: [ProcessRun.Violation] = []
        var notes: [String] = []
        /// The step the record is at (nil once it has ended), since when, and the event that
        /// recorded it without an outcome, when it decides.
        var at: StepModel?
        var since: CivilDate?
        var pending: HistoryEvent?
        /// A recorded outcome the step cannot lead to: the decision is still to take.
        var impossibleOutcome = false
        var ended: (end: String, on: CivilDate)?
        var lastEvent: HistoryEvent?
        var lastDecision: (step: String, event: HistoryEvent)?
        /// Violations found for the step the record is at, kept for its visit.
        var here: [ProcessRun.Violation] = []

        init(process: ProcessModel, record: RecordValue, program: Program) {
            self.process = process
            self.record = record
            self.program = program
            evaluator = program.evaluator()
        }

        mutating func note(_ problems: [String]) {
            for problem in problems where !notes.contains(problem) { notes.append(problem) }
        }

        mutating func violate(_ kind: ProcessRun.Violation.Kind, _ event: HistoryEvent, step: String, clause: String, _ message: String) {
            let violation = ProcessRun.Violation(kind: kind, event: event, step: step, clause: clause, message: message)
            violations.append(violation)
            here.append(violation)
        }

        func clause(_ transition: TransitionModel) -> String {
            "-> \(transition.target)" + (transition.conditionText.map { " when \($0)" } ?? "")
        }

        // MARK: - One event

        mutating func take(_ event: HistoryEvent) {
            guard let step = process.step(named: event.step) else {
                let hint = Suggest.didYouMean(event.step, among: process.steps.map(\.name)).map { "; \($0)" } ?? ""
                violate(.unknownStep, event, step: event.step, clause: "process \(process.name)",
                        "process `\(process.name)` has no step `\(event.step)`\(hint)")
                return
            }
            if let lastEvent, event.date < lastEvent.date {
                violate(.outOfOrder, event, step: step.name, clause: "step \(step.name)",
                        "`\(event.step)` is dated \(event.date), before the event it follows (\(lastEvent.date))")
            }
            lastEvent = event
            if let ended {
                if let previous = visits.last(where: { !$0.skipped }), previous.basis != .recorded,
                   let before = process.step(named: previous.step), before.transitions.contains(where: { $0.target == step.name }) {
                    wrongWay(from: previous, of: before, to: step.name, instead: ended.end, event: event)
                    return
                }
                violate(.afterEnd, event, step: visits.last?.step ?? step.name, clause: "-> \(ended.end)",
                        "`\(event.step)` on \(event.date) comes after the process ended (`\(ended.end)` on \(ended.on))")
                return
            }
            guard let current = at else { return }
            if step.name != current.name { leave(current, for: step, event: event) }
            guard let current = at else { return }
            if let by = event.by, !current.actors.isEmpty, !current.actors.contains(by) {
                let who = current.decides ? "decided" : "done"
                violate(.wrongBody, event, step: current.name, clause: "by " + current.actors.joined(separator: ", "),
                        "`\(current.name)` was \(who) by \(by), but the process gives it to \(Suggest.list(current.actors))")
            }
            if let outcome = event.outcome, !current.transitions.contains(where: { $0.target == outcome }) {
                let targets = current.transitions.map(\.target)
                violate(.notATransition, event, step: current.name, clause: "-> " + targets.joined(separator: " | "),
                        "`\(current.name)` led to `\(outcome)`, but it leads to \(Suggest.list(targets))")
                // The decision is still to take; the clock goes on.
                impossibleOutcome = true
                if pending == nil { pending = event }
                return
            }
            if current.decides && event.outcome == nil {
                notes.append("the decision at `\(current.name)` on \(event.date) has no recorded outcome")
                if pending == nil { pending = event }
                return
            }
            complete(current, by: event, outcome: event.outcome)
        }

        /// The history goes on to `step` without an event completing `current`: a decision
        /// recorded without its outcome takes the outcome the event implies; anything else
        /// breaks the way the process goes.
        mutating func leave(_ current: StepModel, for step: StepModel, event: HistoryEvent) {
            if current.decides, let recorded = pending, current.transitions.contains(where: { $0.target == step.name }) {
                complete(current, by: recorded, outcome: step.name)
                if at?.name == step.name { return }
            }
            let previous = visits.last { !$0.skipped }
            let from = previous.map { "`\(step.name)` follows `\($0.step)`, which leads to `\(current.name)`" }
                ?? "`\(step.name)` comes before `\(current.name)`"
            if let previous, let before = process.step(named: previous.step),
               before.transitions.contains(where: { $0.target == step.name }) {
                wrongWay(from: previous, of: before, to: step.name, instead: current.name, event: event)
            } else if process.reachable(from: [current.name], to: step.name) {
                violate(.skipped, event, step: current.name, clause: "step \(current.name)", "\(from): the history skips `\(current.name)`")
                for passed in way(from: current, to: step.name, today: event.date) ?? [] {
                    visits.append(visit(passed, completedBy: nil, next: nil, basis: nil, skipped: true))
                    here = []
                }
            } else {
                violate(.skipped, event, step: current.name, clause: "step \(current.name)", "\(from): the history does not follow from it")
            }
            // Take up the history where it is.
            at = step
            since = previous?.completedBy?.date ?? since
            pending = nil
            impossibleOutcome = false
        }

        /// The history went from `before` (its visit `previous`) to `went`, another of its
        /// transitions, where the process sent it to `instead`.
        mutating func wrongWay(from previous: ProcessRun.Visit, of before: StepModel, to went: String, instead: String, event: HistoryEvent) {
            let from = "`\(went)` follows `\(before.name)`, which leads to `\(instead)`"
            if case .failingCheck(let rule)? = previous.basis {
                let reason = process.exit(from: before, outcome: nil, record: record, program: program, evaluator: evaluator,
                                          today: previous.completedBy?.date).reason
                violate(.pastFailingCheck, event, step: before.name, clause: "check \(rule)",
                        "\(from) because rule `\(rule)`, which it checks, fails: the history goes on past the check" + (reason.map { " (\($0))" } ?? ""))
            } else {
                let held = before.transitions.first { $0.target == instead }
                let because = held?.conditionText.map { " (its condition `\($0)` holds)" } ?? ""
                violate(.skipped, event, step: before.name, clause: held.map(clause) ?? "step \(before.name)",
                        "\(from)\(because), not to `\(went)`: the history skips `\(instead)`")
            }
        }

        /// The history starts at a step the exits do not lead to from the first step: the record
        /// went past a failing check or a way whose `when` held, before its history begins.
        mutating func unreachableStart(_ event: HistoryEvent, from first: StepModel) {
            var step = first
            var seen: Set<String> = []
            while seen.insert(step.name).inserted {
                let exit = process.exit(from: step, outcome: nil, record: record, program: program, evaluator: evaluator, today: event.date)
                let next = exit.targets.first
                let onward = next.flatMap { process.step(named: $0) }
                if let onward, process.reachable(from: [onward.name], to: event.step) {
                    step = onward
                    continue
                }
                let leads = next.map { "leads to `\($0)`" } ?? "leads nowhere"
                let start = "the history starts at `\(event.step)`, which this record cannot reach: `\(step.name)` \(leads)"
                if case .failingCheck(let rule) = exit.basis {
                    violate(.pastFailingCheck, event, step: step.name, clause: "check \(rule)",
                            "\(start) because rule `\(rule)`, which it checks, fails" + (exit.reason.map { " (\($0))" } ?? ""))
                } else {
                    let held = step.transitions.first { $0.target == next }
                    violate(.skipped, event, step: step.name, clause: held.map(clause) ?? "step \(step.name)", start)
                }
                return
            }
        }

        /// The steps the exits lead through from `start` up to `target`, without it; nil when
        /// they do not lead there.
        func way(from start: StepModel, to target: String, today: CivilDate?) -> [StepModel]? {
            var path: [StepModel] = []
            var step = start
            while path.count <= process.steps.count {
                path.append(step)
                let exit = process.exit(from: step, outcome: nil, record: record, program: program, evaluator: evaluator, today: today)
                guard let next = exit.targets.first else { return nil }
                if next == target { return path }
                guard let following = process.step(named: next) else { return nil }
                step = following
            }
            return nil
        }

        /// `current` completed by `event`, going to `outcome` when a decision names it.
        mutating func complete(_ current: StepModel, by event: HistoryEvent, outcome: String?) {
            let exit = process.exit(from: current, outcome: nil, record: record, program: program, evaluator: evaluator, today: event.date)
            note(exit.problems)
            var next = exit.targets.first
            var basis = exit.basis
            if let outcome, let transition = current.transitions.first(where: { $0.target == outcome }) {
                if case .failingCheck(let rule) = exit.basis, outcome != current.transitions.last?.target {
                    let reason = exit.reason
                    violate(.pastFailingCheck, event, step: current.name, clause: "check \(rule)",
                            "`\(current.name)` went on to `\(outcome)` although rule `\(rule)` fails" + (reason.map { ": \($0)" } ?? ""))
                }
                if transition.condition != nil {
                    let (held, problems) = process.targets(of: current, record: record, today: event.date, context: program.context)
                    note(problems)
                    if !held.contains(outcome) && problems.isEmpty {
                        let condition = transition.conditionText.map { " `\($0)`" } ?? ""
                        violate(.conditionFalse, event, step: current.name, clause: clause(transition),
                                "`\(current.name)` led to `\(outcome)`, but its condition\(condition) does not hold for this record")
                    }
                }
                next = outcome
                basis = .recorded
            }
            var late: (Int, DurationUnit)?
            var deadline: CivilDate?
            var earliest: CivilDate?
            if let since {
                let due = current.lasts.map { process.date($0, after: since, of: current, record: record, program: program) }
                let from = current.waits.map { process.date($0, after: since, of: current, record: record, program: program) }
                note([due?.problem, from?.problem].compactMap { $0 })
                deadline = due?.date
                earliest = from?.date
                if let deadline, let lasts = current.lasts, event.date > deadline {
                    let unit = due?.unit == .workingDays ? DurationUnit.workingDays : .days
                    let count = unit == .workingDays
                        ? program.context.calendar.workingDays(from: deadline, to: event.date) : event.date.days(since: deadline)
                    late = (count, unit)
                    violate(.late, event, step: current.name, clause: lasts.clause,
                            "`\(current.name)` was completed on \(event.date), late by \(Value.display(count, unit)) (due \(deadline))")
                }
                if let earliest, let waits = current.waits, event.date < earliest {
                    violate(.early, event, step: current.name, clause: waits.clause,
                            "`\(current.name)` was completed on \(event.date), before its waiting time was over (it may proceed from \(earliest))")
                }
            }
            visits.append(ProcessRun.Visit(step: current.name, entered: since, completedBy: event, next: next, basis: basis,
                                           deadline: deadline, earliest: earliest, late: late, violations: here, skipped: false))
            here = []
            if current.decides { lastDecision = (current.name, event) }
            pending = nil
            impossibleOutcome = false
            guard let next else {
                notes.append("`\(current.name)` leads nowhere for this record")
                at = nil
                return
            }
            if process.isEnd(next) {
                ended = (next, event.date)
                at = nil
            } else if let step = process.step(named: next) {
                at = step
                since = event.date
            } else {
                notes.append("`\(current.name)` leads to `\(next)`, which process `\(process.name)` does not have")
                at = nil
            }
        }

        func visit(_ step: StepModel, completedBy: HistoryEvent?, next: String?, basis: StepExit.Basis?, skipped: Bool = false) -> ProcessRun.Visit {
            let due = since.flatMap { start in step.lasts.map { process.date($0, after: start, of: step, record: record, program: program) } }
            let from = since.flatMap { start in step.waits.map { process.date($0, after: start, of: step, record: record, program: program) } }
            return ProcessRun.Visit(step: step.name, entered: since, completedBy: completedBy, next: next, basis: basis,
                                    deadline: due?.date, earliest: from?.date, late: nil, violations: here, skipped: skipped)
        }

        // MARK: - Where the record is

        mutating func finish(asOf: CivilDate?, hasHistory: Bool) -> ProcessRun {
            let position: ProcessStatus.Position
            if let ended {
                position = .ended(ended.end, on: ended.on)
            } else if let at {
                if !hasHistory { notes.append("the record has no history: it stands at the first step") }
                if let since {
                    let due = at.lasts.map { process.date($0, after: since, of: at, record: record, program: program) }
                    let from = at.waits.map { process.date($0, after: since, of: at, record: record, program: program) }
                    note([due?.problem, from?.problem].compactMap { $0 })
                }
                visits.append(visit(at, completedBy: nil, next: nil, basis: nil))
                position = .atStep(at.name, since: since)
            } else if let last = visits.last {
                position = .atStep(last.step, since: last.entered)
            } else {
                position = .atStep("", since: nil)
            }
            // A decision completed by the event after it is judged late: keep the history's order.
            let ordered = violations.enumerated().sorted { ($0.element.event?.index ?? 0, $0.offset) < ($1.element.event?.index ?? 0, $1.offset) }
                .map(\.element)
            return ProcessRun(process: process.name, asOf: asOf, visits: visits, position: position, violations: ordered,
                              notes: notes, lastDecision: lastDecision, outcomeImpossible: impossibleOutcome,
                              pending: pending)
        }
    }
}
