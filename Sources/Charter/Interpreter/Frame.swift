/// Why a rule could not be evaluated on a record: a value the rule needs is absent, a number
/// overflows, a meeting names a group the rulebook does not declare. `span` is the expression.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let span: SourceSpan

    public var description: String { message }
}

/// The local values of one evaluation: the record, `today`, `let` names and quantifier
/// variables, each in a slot the compiler chose, so that reading a name is an array index.
/// The slots are a buffer of the frame's own rather than a Swift array, so that reading and
/// writing them costs neither a uniqueness nor an exclusivity check.
final class Frame {
    let locals: UnsafeMutablePointer<Value>
    let size: Int
    /// The fields of the record a rule is evaluated on, read directly by `cr.field`. Valid
    /// while that record is the value in `CompiledRule.recordSlot`, which keeps it alive.
    var subject: UnsafeBufferPointer<Value> = UnsafeBufferPointer(start: nil, count: 0)
    let context: EvaluationContext
    /// Where a rule compiled with tracing records what each node evaluated to; nil otherwise.
    var tracer: Tracer?

    init(size: Int, context: EvaluationContext) {
        self.size = Swift.max(size, 1)
        locals = UnsafeMutablePointer<Value>.allocate(capacity: self.size)
        locals.initialize(repeating: .absent, count: self.size)
        self.context = context
    }

    deinit {
        locals.deinitialize(count: size)
        locals.deallocate()
    }

    /// Sets every slot from `values` (at most `size` of them).
    func load(_ values: [Value]) {
        for (index, value) in values.prefix(size).enumerated() { locals[index] = value }
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
