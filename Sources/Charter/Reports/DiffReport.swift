/// What differs for each record between two rulebooks (`diff`, and the REPL's `:diff`), as
/// text for people and JSON for scripts.
public struct DiffReport {
    public let diff: OutcomeDiff

    public init(_ diff: OutcomeDiff) {
        self.diff = diff
    }

    public func text() -> String {
        var out = ""
        for record in diff.records where !record.isEmpty {
            out += "\(record.id) (\(record.type))\n"
            for change in record.rules {
                out += "  rule \(change.rule): \(change.before?.rawValue ?? "(no such rule)") → \(change.after?.rawValue ?? "(no such rule)")\n"
                if let message = change.message { out += "    \(message)\n" }
            }
            for change in record.routes {
                out += "  process \(change.process):\n"
                out += describe(change.before, change.after)
            }
        }
        let changed = diff.records.filter { !$0.isEmpty }.count
        out += "\(diff.records.count) \(diff.records.count == 1 ? "record" : "records"): \(changed) changed, \(diff.records.count - changed) unchanged\n"
        return out
    }

    /// The route, deciders and deadlines of a process that differ between the two rulebooks.
    private func describe(_ before: Route?, _ after: Route?) -> String {
        func path(_ route: Route?) -> String { route.map(\.path) ?? "(no such process)" }
        func deciders(_ route: Route?) -> String {
            guard let route else { return "—" }
            let text = route.decisions.map { decision in
                "\(decision.bodies.joined(separator: ", ")) at \(decision.step)\(route.assumed.contains(decision.step) ? " (assumed)" : "")"
            }
            return text.isEmpty ? "nobody" : text.joined(separator: "; ")
        }
        func deadlines(_ route: Route?) -> String {
            guard let route, !route.deadlines.isEmpty else { return "none dated" }
            return route.deadlines.map { "\($0.step) by \($0.date)" }.joined(separator: "; ")
        }
        var out = ""
        if path(before) != path(after) {
            out += "    route:      \(path(before))\n             →  \(path(after))\n"
        }
        if deciders(before) != deciders(after) {
            out += "    decided by: \(deciders(before))\n             →  \(deciders(after))\n"
        }
        if deadlines(before) != deadlines(after) {
            out += "    deadlines:  \(deadlines(before))\n             →  \(deadlines(after))\n"
        }
        return out
    }

    public func json() -> JSON {
        func route(_ route: Route?) -> JSON {
            guard let route else { return .null }
            return .object([
                ("steps", .array(route.steps.map(JSON.string))),
                ("end", .optional(route.end)),
                ("decisions", .array(route.decisions.map { decision in
                    .object([("step", .string(decision.step)), ("by", .array(decision.bodies.map(JSON.string))),
                             ("assumed", .bool(route.assumed.contains(decision.step)))])
                })),
                ("deadlines", .array(route.deadlines.map { .object([("step", .string($0.step)), ("date", .string($0.date.description))]) })),
            ])
        }
        let changed = diff.records.filter { !$0.isEmpty }.count
        return .object([
            ("records", .array(diff.records.map { record in
                .object([
                    ("id", .string(record.id)),
                    ("type", .string(record.type)),
                    ("changed", .bool(!record.isEmpty)),
                    ("rules", .array(record.rules.map { change in
                        .object([("rule", .string(change.rule)), ("before", .optional(change.before?.rawValue)),
                                 ("after", .optional(change.after?.rawValue)), ("message", .optional(change.message))])
                    })),
                    ("processes", .array(record.routes.map { change in
                        .object([("process", .string(change.process)), ("before", route(change.before)), ("after", route(change.after))])
                    })),
                ])
            })),
            ("summary", .object([("records", .integer(diff.records.count)), ("changed", .integer(changed)),
                                 ("unchanged", .integer(diff.records.count - changed))])),
        ])
    }
}
