/// Where a record stands in a process (`status`), as text for people and JSON for scripts.
public struct StatusReport {
    /// The record as `check` names it.
    public let id: String
    public let status: ProcessStatus
    /// The process followed, for the titles of its steps.
    public let process: ProcessModel

    public init(id: String, status: ProcessStatus, process: ProcessModel) {
        self.id = id
        self.status = status
        self.process = process
    }

    public func text() -> String {
        var out = "\(id)  \(status.process)\(status.asOf.map { "  (as of \($0))" } ?? "")\n"
        switch status.position {
        case .ended(let end, let on):
            out += "  ended: \(end)\(on.map { " on \($0)" } ?? "")\n"
            if let appeal = status.appeal {
                out += "  appeal: against \(appeal.against), to \(appeal.to)\(appeal.deadline.map { ", by \($0)" } ?? " (the process sets no time limit)")\n"
            }
        case .atStep(let step, let since):
            let title = process.step(named: step)?.title.map { " \"\($0)\"" } ?? ""
            out += "  at: \(step)\(title)\(since.map { " since \($0)" } ?? "")\n"
            if !status.actors.isEmpty {
                out += "  \(status.decides ? "decides" : "acts"): \(status.actors.joined(separator: ", "))\n"
            }
            if let deadline = status.deadline {
                out += "  due: \(deadline)\(status.isOverdue ? " — overdue" : "")\n"
            }
            if let earliest = status.earliest {
                out += status.isWaiting ? "  may proceed from: \(earliest)\n" : "  may proceed: since \(earliest), the waiting time is over\n"
            }
            if !status.next.isEmpty { out += "  next: \(status.next.joined(separator: " | "))\n" }
        }
        for note in status.notes { out += "  note: \(note)\n" }
        for violation in status.violations {
            let when = violation.event.map { "event \($0.index + 1) (\($0.date), \($0.step)): " } ?? ""
            out += "  violation: \(when)\(violation.message)\n"
            out += "    against: \(Self.clause(of: violation))\n"
        }
        return out
    }

    /// The clause a violation breaks, as text: `` `check freeze` of step `assess` ``, or the
    /// step or process itself.
    static func clause(of violation: ProcessStatus.Violation) -> String {
        for kind in ["step", "process"] where violation.clause.hasPrefix(kind + " ") {
            return "\(kind) `\(violation.clause.dropFirst(kind.count + 1))`"
        }
        return "`\(violation.clause)` of step `\(violation.step)`"
    }

    public func json() -> JSON {
        var position: [(String, JSON)] = []
        switch status.position {
        case .ended(let end, let on):
            position = [("state", .string("ended")), ("end", .string(end)), ("on", .optional(on?.description))]
        case .atStep(let step, let since):
            position = [("state", .string("at_step")), ("step", .string(step)), ("since", .optional(since?.description))]
        }
        return .object([
            ("id", .string(id)),
            ("process", .string(status.process)),
            ("as_of", .optional(status.asOf?.description)),
            ("position", .object(position)),
            ("actors", .array(status.actors.map(JSON.string))),
            ("decides", .bool(status.decides)),
            ("deadline", .optional(status.deadline?.description)),
            ("overdue", .bool(status.isOverdue)),
            ("earliest", .optional(status.earliest?.description)),
            ("waiting", .bool(status.isWaiting)),
            ("next", .array(status.next.map(JSON.string))),
            ("appeal", status.appeal.map { appeal in
                .object([("against", .string(appeal.against)), ("to", .string(appeal.to)), ("deadline", .optional(appeal.deadline?.description))])
            } ?? .null),
            ("violations", .array(status.violations.map { violation in
                .object([("event", violation.event.map { .integer($0.index + 1) } ?? .null),
                         ("date", .optional(violation.event?.date.description)),
                         ("kind", .string(violation.kind.rawValue)),
                         ("step", .string(violation.step)),
                         ("clause", .string(violation.clause)),
                         ("message", .string(violation.message))])
            })),
            ("visits", .array(status.run.visits.map { visit in
                .object([("step", .string(visit.step)),
                         ("entered", .optional(visit.entered?.description)),
                         ("completed", visit.completedBy.map { .string($0.date.description) } ?? .null),
                         ("event", visit.completedBy.map { .integer($0.index + 1) } ?? .null),
                         ("skipped", .bool(visit.skipped)),
                         ("next", .optional(visit.next)),
                         ("deadline", .optional(visit.deadline?.description)),
                         ("earliest", .optional(visit.earliest?.description)),
                         ("late", visit.late.map { .string(Value.display($0.amount, $0.unit)) } ?? .null)])
            })),
            ("notes", .array(status.notes.map(JSON.string))),
        ])
    }
}
