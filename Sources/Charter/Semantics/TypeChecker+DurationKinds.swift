/// The three kinds of duration, which compare and combine only within their kind: minutes and
/// days have a fixed length (`date - date` is days, `time - time` minutes), a working day's
/// length depends on the calendar and a month's on the month.
enum DurationKind: Sendable, Equatable {
    case fixed, workingDays, months

    init(_ unit: DurationUnit) {
        switch unit {
        case .minutes, .days: self = .fixed
        case .workingDays: self = .workingDays
        case .months: self = .months
        }
    }

    /// How a message names durations of this kind.
    var noun: String {
        switch self {
        case .fixed: "minutes or days"
        case .workingDays: "working days"
        case .months: "months"
        }
    }
}

extension TypeChecker {
    /// The kind of duration `expr` has wherever it is evaluated, or nil when only the records
    /// can tell (a duration field, which a record may give in any unit). Reads types the checker
    /// has already recorded for `expr`'s parts.
    func durationKind(of expr: Expr) -> DurationKind? {
        switch expr.kind {
        case .duration(_, let unit): return DurationKind(unit)
        case .grouped(let inner), .unary(.negate, let inner): return durationKind(of: inner)
        case .name:
            guard let name = resolution.names[ObjectIdentifier(expr)] else { return nil }
            return letDurationKinds[name.symbol]
        case .bind(_, _, let body): return durationKind(of: body)
        case .conditional(_, let then, let otherwise):
            let a = durationKind(of: then), b = durationKind(of: otherwise)
            return a == b ? a : nil
        case .binary(let op, let left, let right):
            let l = expressionTypes[ObjectIdentifier(left)] ?? .unknown
            let r = expressionTypes[ObjectIdentifier(right)] ?? .unknown
            switch (op, l, r) {
            case (.subtract, .date, .date), (.subtract, .time, .time): return .fixed
            case (.add, .duration, .duration), (.subtract, .duration, .duration):
                let a = durationKind(of: left), b = durationKind(of: right)
                return a == b ? a : nil
            case (.multiply, .number, .duration), (.of, .number, .duration): return durationKind(of: right)
            case (.multiply, .duration, .number), (.divide, .duration, .number): return durationKind(of: left)
            default: return nil
            }
        default: return nil
        }
    }

    /// Remembers the kind of duration a `let` names, for the uses of the name.
    mutating func noteDurationKind(of value: Expr, boundTo entry: Scope.Entry) {
        guard entry.type == .duration, let kind = durationKind(of: value) else { return }
        letDurationKinds[entry.symbol] = kind
    }

    /// `left op right` on two durations whose kinds are known and differ cannot be evaluated on
    /// any record (E005 every time): a type error (T002) now, with the way to write it.
    mutating func checkDurationKinds(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ whole: Expr) {
        guard let l = durationKind(of: left), let r = durationKind(of: right), l != r else { return }
        let verb = op == .add || op == .subtract ? "combine" : "compare"
        var help = "convert one side, or compare dates instead of durations"
        if case .binary(.subtract, let a, let b) = left.ungrouped.kind,
           expressionTypes[ObjectIdentifier(a)] == .date, expressionTypes[ObjectIdentifier(b)] == .date, op != .add, op != .subtract {
            help = "move the duration to the dates, as in `a \(op.rawValue) b + \(Self.spelled(right))` for `a - b \(op.rawValue) \(Self.spelled(right))`"
            if describe(a) != "the value", describe(b) != "the value" {
                help = "compare the dates: `\(describe(a)) \(op.rawValue) \(describe(b)) + \(Self.spelled(right))`"
            }
        } else if op == .add || op == .subtract {
            help = "add each duration to a date in turn: `d + 1 month + 2 days`"
        }
        report(.typeMismatch, "`\(op.rawValue)` cannot \(verb) \(l.noun) with \(r.noun): months and working days have no fixed length",
               at: whole.span, help: help)
    }

    /// A duration literal as written, or `the duration` for any other expression.
    static func spelled(_ expr: Expr) -> String {
        guard case .duration(let amount, let unit) = expr.ungrouped.kind else { return "the duration" }
        switch unit {
        case .minutes: return "\(amount) \(amount == 1 ? "minute" : "minutes")"
        case .days: return "\(amount) \(amount == 1 ? "day" : "days")"
        case .workingDays: return "\(amount) \(amount == 1 ? "working day" : "working days")"
        case .months: return "\(amount) \(amount == 1 ? "month" : "months")"
        }
    }
}
