/// Why a rule could not be evaluated on a record: a value the rule needs is absent, a number
/// overflows, a meeting names a group the rulebook does not declare. `span` is the expression.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let span: SourceSpan

    public var description: String { message }
}

/// The local values of one evaluation: the record, `today`, `let` names and quantifier
/// variables, each in a slot the compiler chose, so that reading a name is an array index.
final class Frame {
    var locals: [Value]
    let context: EvaluationContext

    init(size: Int, context: EvaluationContext) {
        locals = [Value](repeating: .absent, count: size)
        self.context = context
    }
}

/// A compiled expression: evaluates against a frame.
typealias ValueNode = (Frame) throws -> Value
/// A compiled condition: evaluates to a Swift `Bool` without wrapping it in a `Value`.
typealias ConditionNode = (Frame) throws -> Bool

/// What evaluation reads besides the record: the working-day calendar and the groups whose
/// quorum and thresholds `quorate` and `carried` apply.
final class EvaluationContext {
    let calendar: WorkingDayCalendar
    let groups: [String: GroupGovernance]

    init(calendar: WorkingDayCalendar, groups: [String: GroupGovernance]) {
        self.calendar = calendar
        self.groups = groups
    }
}
