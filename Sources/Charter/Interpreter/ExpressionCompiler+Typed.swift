/// Conditions compiled to read their operands as what they are, where the types allow it:
/// a bool field of the record read in place is tested where it lies, numbers are compared
/// and added as `Rational`s without a `Value` around them, a comparison or a membership with
/// a literal on one side holds the literal rather than calling a node for it, and a text
/// looked for in a list is compared with each element without building anything. Each gives
/// the same outcome and the same error, at the same place, as the general nodes it stands
/// for (`compiledCondition`, `compiledValue`), in the same order of evaluation.
/// Used when not tracing: `explain` keeps one node per expression.
extension ExpressionCompiler {
    /// An operand: a literal, a field of the record read in place, or any other node.
    enum Operand {
        case constant(Value)
        /// The field in `slot` of `Frame.subject`; a slot out of its range (a function's record
        /// parameter that is absent) is an absent value at `checkedAt`.
        case inPlace(slot: Int, checkedAt: SourceSpan)
        case node(ValueNode)

        @inline(__always)
        func read(_ frame: Frame) throws -> Value {
            switch self {
            case .constant(let value): return value
            case .inPlace(let slot, let checkedAt):
                guard slot < frame.subject.count else { throw ValueOperations.absent(at: checkedAt) }
                return frame.subject[slot]
            case .node(let node): return try node(frame)
            }
        }
    }

    /// A number operand: a literal, or a node that gives a `Rational` or throws.
    enum NumberOperand {
        case constant(Rational)
        case node((Frame) throws -> Rational)

        @inline(__always)
        func read(_ frame: Frame) throws -> Rational {
            switch self {
            case .constant(let value): return value
            case .node(let node): return try node(frame)
            }
        }
    }

    /// The slot of the field that `expr` (`r.field`, with `r` the record read in place) reads.
    func fieldInPlace(_ expr: Expr) -> Int? {
        let expr = expr.ungrouped
        guard case .field(let base, _) = expr.kind, isSubjectName(base),
              case .record(let id) = type(of: base).widenedBase, checked.shapes.indices.contains(id.index),
              let fieldSlot = checked.resolution.fields[ObjectIdentifier(expr)],
              fieldSlot >= 0, fieldSlot < checked.shapes[id.index].fieldOrder.count else { return nil }
        return fieldSlot
    }

    /// `expr` as an operand: its value when it is a literal, its slot when it is a field read
    /// in place, else its node.
    mutating func operand(_ expr: Expr) -> Operand {
        let inner = expr.ungrouped
        switch inner.kind {
        case .number(let number, _): return .constant(.number(number))
        case .bool(let flag): return .constant(.bool(flag))
        case .date(let date): return .constant(.date(date))
        case .text(let parts) where parts.allSatisfy({ if case .literal = $0 { true } else { false } }):
            return .constant(.text(parts.map { if case .literal(let text) = $0 { text } else { "" } }.joined()))
        default:
            if let slot = fieldInPlace(inner) { return .inPlace(slot: slot, checkedAt: inner.span) }
            return .node(value(expr))
        }
    }

    /// `expr`, of type number, as a number; a value that is not one (absent) fails at `span`,
    /// the place of the operation that needs it, as in `compiledValue` and `compiledCondition`.
    mutating func numberOperand(_ expr: Expr, failingAt span: SourceSpan) -> NumberOperand {
        let inner = expr.ungrouped
        if case .number(let number, _) = inner.kind { return .constant(number) }
        if case .binary(let op, let left, let right) = inner.kind, Self.arithmetic.contains(op),
           type(of: left).widenedBase == .number, type(of: right).widenedBase == .number {
            let at = inner.span
            let (l, r) = (numberOperand(left, failingAt: at), numberOperand(right, failingAt: at))
            return .node { frame in try ValueOperations.numbers(op, try l.read(frame), try r.read(frame), at: at) }
        }
        switch operand(expr) {
        case .inPlace(let slot, let checkedAt):
            return .node { frame in
                guard slot < frame.subject.count else { throw ValueOperations.absent(at: checkedAt) }
                guard case .number(let number) = frame.subject[slot] else { throw ValueOperations.absent(at: span) }
                return number
            }
        case let read:
            return .node { frame in
                guard case .number(let number) = try read.read(frame) else { throw ValueOperations.absent(at: span) }
                return number
            }
        }
    }

    /// The operators `compiledValue` applies to two numbers with `ValueOperations.numbers`.
    static let arithmetic: Set<BinaryOperator> = [.add, .subtract, .multiply, .divide, .remainder, .of]

    /// `left op right` for an ordering `op`, typed; nil where the general node is needed
    /// (tracing, or operands of other types than two numbers or two dates).
    mutating func typedOrdering(_ op: BinaryOperator, _ left: Expr, _ right: Expr, at span: SourceSpan) -> ConditionNode? {
        guard !tracing else { return nil }
        let (leftType, rightType) = (type(of: left).widenedBase, type(of: right).widenedBase)
        if leftType == .number && rightType == .number {
            let (l, r) = (numberOperand(left, failingAt: span), numberOperand(right, failingAt: span))
            switch (l, r) {
            case (.node(let l), .constant(let y)): return { frame in Self.holds(op, try l(frame), y) }
            case (.constant(let x), .node(let r)): return { frame in Self.holds(op, x, try r(frame)) }
            default: return { frame in Self.holds(op, try l.read(frame), try r.read(frame)) }
            }
        }
        if leftType == .date && rightType == .date {
            let (l, r) = (operand(left), operand(right))
            if case .inPlace(let slot, let checkedAt) = l, case .constant(.date(let y)) = r {
                // `r.raised >= 2023-10-01`: the field tested where it lies.
                return { frame in
                    guard slot < frame.subject.count else { throw ValueOperations.absent(at: checkedAt) }
                    if case .date(let x) = frame.subject[slot] { return Self.holds(op, x, y) }
                    return Self.holds(op, try ValueOperations.order(frame.subject[slot], .date(y), at: span), 0)
                }
            }
            // Both are evaluated before either is looked at, as `ValueOperations.order` has them.
            return { frame in
                let (a, b) = (try l.read(frame), try r.read(frame))
                if case .date(let x) = a, case .date(let y) = b { return Self.holds(op, x, y) }
                return Self.holds(op, try ValueOperations.order(a, b, at: span), 0)
            }
        }
        return nil
    }

    /// Whether `x op y` holds, for an ordering `op`.
    @inline(__always)
    static func holds<T: Comparable>(_ op: BinaryOperator, _ x: T, _ y: T) -> Bool {
        switch op {
        case .less: x < y
        case .lessEqual: x <= y
        case .greater: x > y
        default: x >= y
        }
    }

    /// `"M10" in xs` and `"PSG" not in xs` with a literal text: each element compared with it
    /// where it lies. Nil for other operands, and when tracing.
    mutating func typedMembership(_ wanted: Bool, _ left: Expr, _ right: Expr, at span: SourceSpan) -> ConditionNode? {
        guard !tracing, case .constant(.text(let text)) = operand(left) else { return nil }
        let list = operand(right)
        return { frame in
            guard case .list(let items) = try list.read(frame) else { throw ValueOperations.absent(at: span) }
            try frame.spend(items.count, at: span)
            for item in items {
                if case .text(let found) = item, found == text { return wanted }
            }
            return !wanted
        }
    }

    /// A bool field of the record read in place, as a condition; nil for other expressions,
    /// and when tracing.
    func typedFieldCondition(_ expr: Expr, at span: SourceSpan) -> ConditionNode? {
        guard !tracing, let slot = fieldInPlace(expr) else { return nil }
        return { frame in
            guard slot < frame.subject.count else { throw ValueOperations.absent(at: span) }
            if case .bool(let flag) = frame.subject[slot] { return flag }
            return try Self.truth(frame.subject[slot], at: span)
        }
    }
}
