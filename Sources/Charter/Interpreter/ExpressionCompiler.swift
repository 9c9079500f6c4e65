/// Compiles checked expressions into closures over a frame, so that evaluation does no
/// look-ups. The slot of every name, binder and field, and the size of the frame, are the ones
/// the resolver gave them (`CheckedRulebook.resolution`), and the type of each node is the one
/// the checker recorded (`CheckedRulebook.type(of:)`): nothing is resolved or inferred again.
struct ExpressionCompiler {
    let checked: CheckedRulebook
    /// The size of the frame of the unit compiled, as the resolver laid it out. A slot at or
    /// past it compiles to a node that fails, counted unresolved: no node can reach outside
    /// the frame, whatever the resolution says.
    let frameSize: Int
    /// Whether the compiled expressions read `today`.
    private(set) var readsToday = false
    let meetingFields: MeetingFields?
    /// The slot of the record a rule is evaluated on, whose fields a frame holds directly.
    var subjectSlot: Int?
    /// Whether an expression reads the subject record as a whole (not only its fields), so
    /// that evaluation must put it in its slot.
    private(set) var readsSubject = false
    /// Whether each compiled node also records its value into the frame's tracer, for
    /// `rulecheck explain` (see Trace.swift). Off for every rule that is evaluated normally.
    var tracing = false
    /// Whether conditions may be fused into one program of steps (`fusedCondition`); off
    /// while the general nodes a fused condition falls back to are compiled.
    var fusing = true
    /// The bodies of the `def` functions compiled so far, shared with the compilers of the
    /// bodies themselves, so that each is compiled once however many calls lead to it.
    var functionBodies = FunctionBodies()

    /// A compiler for the nodes of the unit whose frame is `layout`.
    init(_ checked: CheckedRulebook, frame layout: FrameLayout) {
        self.checked = checked
        frameSize = layout.size
        meetingFields = MeetingFields(shapes: checked.shapes, byName: checked.shapeByName)
    }

    // MARK: - Names

    /// `slot` when it is one of the frame's.
    func inFrame(_ slot: Int?) -> Int? {
        guard let slot, slot >= 0, slot < frameSize else { return nil }
        return slot
    }

    /// The slot and symbol the resolver gave the name `expr` reads.
    func resolvedName(_ expr: Expr) -> Resolution.Name? {
        guard let name = checked.resolution.names[ObjectIdentifier(expr)], inFrame(name.slot) != nil else { return nil }
        return name
    }

    /// The slot the resolver gave the variable `binder` (a `let … in`, a quantifier or an
    /// aggregate) binds.
    func binderSlot(_ binder: Expr) -> Int? {
        inFrame(checked.resolution.binders[ObjectIdentifier(binder)])
    }

    /// The type the checker gave `expr`.
    func type(of expr: Expr) -> CharterType { checked.type(of: expr) }

    static func failing(_ message: String, at span: SourceSpan) -> ValueNode {
        { _ in throw EvaluationError(.unexpectedValue, message, at: span) }
    }

    /// The places the compiler could not resolve (a name, field or function the checker should
    /// have refused): each compiles to a node that fails, and each is a checker bug, which the
    /// tests look for over every rulebook they have (`Program.unresolved`).
    var unresolved: [SourceSpan] = []

    /// A node that fails with `message`, counted as unresolved.
    mutating func unresolvable(_ message: String, at span: SourceSpan) -> ValueNode {
        unresolved.append(span)
        return Self.failing(message, at: span)
    }

    /// A condition that fails with `message`, counted as unresolved.
    mutating func unresolvableCondition(_ message: String, at span: SourceSpan) -> ConditionNode {
        unresolved.append(span)
        return { _ in throw EvaluationError(.unexpectedValue, message, at: span) }
    }

    // MARK: - Values

    mutating func value(_ expr: Expr) -> ValueNode {
        tracing ? tracedValue(expr) : compiledValue(expr)
    }

    /// `value` without tracing of `expr` itself (its operands are traced when `tracing` is on).
    mutating func compiledValue(_ expr: Expr) -> ValueNode {
        let span = expr.span
        switch expr.kind {
        case .number(let number, _): return constant(.number(number))
        case .bool(let flag): return constant(.bool(flag))
        case .date(let date): return constant(.date(date))
        case .time(let time): return constant(.time(time))
        case .duration(let amount, let unit): return constant(.duration(amount, unit))
        case .text(let parts): return text(parts)
        case .name(let name):
            if let declared = checked.resolution.constants[ObjectIdentifier(expr)] { return constant(declared) }
            if let shape = checked.resolution.recordLists[ObjectIdentifier(expr)] {
                return { frame in frame.context.records[shape] ?? .list([]) }
            }
            guard let resolved = resolvedName(expr) else { return unresolvable("there is no `\(name)` here", at: span) }
            let slot = resolved.slot
            if resolved.symbol == checked.todaySymbol {
                readsToday = true
                return { frame in
                    let today = frame.locals[slot]
                    if case .absent = today {
                        throw EvaluationError(.noToday, "this reads `today`, which has no date here: give one with --as-of (a record's own `date` stands in for it where there is one)", at: span)
                    }
                    return today
                }
            }
            if slot == subjectSlot { readsSubject = true }
            return { $0.locals[slot] }
        case .list(let elements):
            let nodes = elements.map { value($0) }
            return { frame in .list(try nodes.map { try $0(frame) }) }
        case .field(let base, let field):
            return self.field(expr, base, field, at: span)
        case .call(let name, let arguments):
            return call(name, arguments, at: span)
        case .unary(.not, _), .binary(.and, _, _), .binary(.or, _, _), .binary(.equal, _, _), .binary(.notEqual, _, _),
             .binary(.less, _, _), .binary(.lessEqual, _, _), .binary(.greater, _, _), .binary(.greaterEqual, _, _),
             .binary(.in, _, _), .binary(.notIn, _, _), .quantifier, .given:
            let test = condition(expr)
            return { .bool(try test($0)) }
        case .unary(.negate, let operand):
            let node = value(operand)
            return { try ValueOperations.negate(try node($0), at: span) }
        case .binary(.coalesce, let left, let right):
            let (l, r) = (value(left), value(right))
            return { frame in
                let found = try l(frame)
                if case .absent = found { return try r(frame) }
                return found
            }
        case .binary(let op, let left, let right):
            let bothNumbers = type(of: left).widenedBase == .number && type(of: right).widenedBase == .number
            let (l, r) = (value(left), value(right))
            if bothNumbers {
                return { frame in
                    guard case .number(let x) = try l(frame), case .number(let y) = try r(frame) else {
                        throw ValueOperations.absent(at: span)
                    }
                    return .number(try ValueOperations.numbers(op, x, y, at: span))
                }
            }
            return { frame in
                try ValueOperations.arithmetic(op, try l(frame), try r(frame), context: frame.context, at: span)
            }
        case .aggregate(let aggregate, let binding, let valueExpr):
            return self.aggregate(expr, aggregate, binding, valueExpr, at: span)
        case .bind(let name, let bound, let body):
            guard let slot = binderSlot(expr) else { return unresolvable("there is no slot for `\(name.text)`", at: name.span) }
            let boundNode = value(bound)
            let bodyNode = value(body)
            return { frame in
                frame.locals[slot] = try boundNode(frame)
                return try bodyNode(frame)
            }
        case .collection(let form):
            return collection(expr, form, at: span)
        case .conditional(let test, let then, let otherwise):
            let holds = condition(test)
            let (a, b) = (value(then), value(otherwise))
            return { frame in try holds(frame) ? try a(frame) : try b(frame) }
        case .grouped:
            // Parentheses cost nothing: the node is the expression inside them.
            return compiledValue(expr.ungrouped)
        case .invalid:
            return Self.failing("this expression has a syntax error", at: span)
        }
    }

    func constant(_ value: Value) -> ValueNode { { _ in value } }

    mutating func text(_ parts: [Interpolation]) -> ValueNode {
        enum Piece { case literal(String), node(ValueNode) }
        let pieces: [Piece] = parts.map {
            switch $0 {
            case .literal(let text): .literal(text)
            case .expr(let inner): .node(value(inner))
            }
        }
        if pieces.allSatisfy({ if case .literal = $0 { true } else { false } }) {
            return constant(.text(pieces.map { if case .literal(let t) = $0 { t } else { "" } }.joined()))
        }
        // The holes are evaluated first, in order, into a buffer on the stack; then the text is
        // written once, at its exact length: one allocation for the whole message.
        let holes = pieces.reduce(0) { count, piece in if case .node = piece { count + 1 } else { count } }
        let literalLength = pieces.reduce(0) { length, piece in
            if case .literal(let text) = piece { return length + text.utf8.count }
            return length
        }
        return { frame in
            try withUnsafeTemporaryAllocation(of: String.self, capacity: holes) { shown in
                var made = 0
                defer { shown.baseAddress?.deinitialize(count: made) }
                var length = literalLength
                for piece in pieces {
                    guard case .node(let node) = piece, made < shown.count else { continue }
                    let text = try node(frame).display
                    length += text.utf8.count
                    shown.initializeElement(at: made, to: text)
                    made += 1
                }
                guard length > 0 else { return .text("") }
                var result = ""
                result.reserveCapacity(length)
                var hole = 0
                for piece in pieces {
                    switch piece {
                    case .literal(let text):
                        result += text
                    case .node:
                        guard hole < made else { continue }
                        result += shown[hole]
                        hole += 1
                    }
                }
                return .text(result)
            }
        }
    }

    /// `base.field` (the node `expr`): the field's slot is the one the resolver found in the
    /// base's static shape. A base that is a name (the common `cr.field`) reads its slot directly.
    mutating func field(_ expr: Expr, _ base: Expr, _ field: Identifier, at span: SourceSpan) -> ValueNode {
        if case .list(.record(let id)) = type(of: base).widenedBase {
            return projection(expr, base, field, of: id, at: span)
        }
        guard case .record(let id) = type(of: base).widenedBase, checked.shapes.indices.contains(id.index),
              let fieldSlot = checked.resolution.fields[ObjectIdentifier(expr)],
              fieldSlot >= 0, fieldSlot < checked.shapes[id.index].fieldOrder.count else {
            return unresolvable("there is no field `\(field.text)` here", at: span)
        }
        if case .name = base.ungrouped.kind, let name = resolvedName(base.ungrouped), name.symbol != checked.todaySymbol {
            let local = name.slot
            if local == subjectSlot {
                // Bounds checked: the buffer is unsafe, and a function's record parameter may be absent.
                return { frame in
                    guard fieldSlot < frame.subject.count else { throw ValueOperations.absent(at: span) }
                    return frame.subject[fieldSlot]
                }
            }
            return { frame in
                guard case .record(let record) = frame.locals[local] else { throw ValueOperations.absent(at: span) }
                return record.fields[fieldSlot]
            }
        }
        let node = value(base)
        return { frame in
            guard case .record(let record) = try node(frame) else { throw ValueOperations.absent(at: span) }
            return record.fields[fieldSlot]
        }
    }

    /// `xs.field` over a list of records: the field of each, in order.
    mutating func projection(_ expr: Expr, _ base: Expr, _ field: Identifier, of id: RecordShape.ID, at span: SourceSpan) -> ValueNode {
        guard checked.shapes.indices.contains(id.index), let fieldSlot = checked.resolution.fields[ObjectIdentifier(expr)],
              fieldSlot >= 0, fieldSlot < checked.shapes[id.index].fieldOrder.count else {
            return unresolvable("there is no field `\(field.text)` here", at: span)
        }
        let list = value(base)
        return { frame in
            let items = try Self.items(try list(frame), at: span)
            try frame.spend(items.count, at: span)
            return .list(try items.map { item in
                guard case .record(let record) = item, record.fields.indices.contains(fieldSlot) else { throw ValueOperations.absent(at: span) }
                return record.fields[fieldSlot]
            })
        }
    }

    // MARK: - Conditions

    mutating func condition(_ expr: Expr) -> ConditionNode {
        tracing ? tracedCondition(expr) : compiledCondition(expr)
    }

    /// `condition` without tracing of `expr` itself (its operands are traced when `tracing` is on).
    mutating func compiledCondition(_ expr: Expr) -> ConditionNode {
        if let fused = fusedCondition(expr) { return fused }
        let span = expr.span
        switch expr.kind {
        case .grouped:
            return compiledCondition(expr.ungrouped)
        case .bool(let flag):
            return { _ in flag }
        case .call(let name, let arguments) where NumberFunction(rawValue: name.text) == nil:
            if !tracing, let signature = checked.typeChecker.functions[name.text],
               let test = functionCallCondition(signature, arguments, at: span) {
                return test
            }
            return booleanOf(value(expr), at: span)
        case .unary(.not, let operand):
            let test = condition(operand)
            return { try !test($0) }
        case .binary(.and, let left, let right):
            let (l, r) = (condition(left), condition(right))
            return { frame in try l(frame) && r(frame) }
        case .binary(.or, let left, let right):
            let (l, r) = (condition(left), condition(right))
            return { frame in try l(frame) || r(frame) }
        case .binary(.equal, let left, let right):
            let (l, r) = (value(left), value(right))
            return { frame in ValueOperations.same(try l(frame), try r(frame)) }
        case .binary(.notEqual, let left, let right):
            let (l, r) = (value(left), value(right))
            return { frame in !ValueOperations.same(try l(frame), try r(frame)) }
        case .binary(let op, let left, let right) where [.less, .lessEqual, .greater, .greaterEqual].contains(op):
            if let typed = typedOrdering(op, left, right, at: span) { return typed }
            let (l, r) = (value(left), value(right))
            let accept: (Int) -> Bool = switch op {
            case .less: { $0 < 0 }
            case .lessEqual: { $0 <= 0 }
            case .greater: { $0 > 0 }
            default: { $0 >= 0 }
            }
            if type(of: left).widenedBase == .number && type(of: right).widenedBase == .number {
                return { frame in
                    guard case .number(let x) = try l(frame), case .number(let y) = try r(frame) else {
                        throw ValueOperations.absent(at: span)
                    }
                    return accept(x < y ? -1 : (x == y ? 0 : 1))
                }
            }
            return { frame in accept(try ValueOperations.order(try l(frame), try r(frame), at: span)) }
        case .binary(let op, let left, let right) where op == .in || op == .notIn:
            let wanted = op == .in
            if let typed = typedMembership(wanted, left, right, at: span) { return typed }
            let (l, r) = (value(left), value(right))
            return { frame in
                let item = try l(frame)
                guard case .list(let items) = try r(frame) else { throw ValueOperations.absent(at: span) }
                try frame.spend(items.count, at: span)
                return items.contains { ValueOperations.same(item, $0) } == wanted
            }
        case .given(let operand, let negated):
            let node = value(operand)
            return { frame in
                // A value that cannot be read for want of an absent one (`a.b` with `a` absent)
                // is not given either.
                let found: Value
                do { found = try node(frame) } catch let error as EvaluationError where error.code == .absentValue { return negated }
                if case .absent = found { return negated }
                return !negated
            }
        case .quantifier(let quantifier, let binding, let body):
            guard let (source, slot, filter) = iteration(of: expr, binding) else {
                return unresolvableCondition("there is no slot for `\(binding.variable.text)`", at: binding.variable.span)
            }
            let test = condition(body)
            let all = quantifier == .all
            return { frame in
                guard case .list(let items) = try source(frame) else { throw ValueOperations.absent(at: span) }
                try frame.spend(items.count, at: span)
                for item in items {
                    frame.locals[slot] = item
                    if let filter, try !filter(frame) { continue }
                    if try test(frame) != all { return !all }
                }
                return all
            }
        default:
            if let typed = typedFieldCondition(expr, at: span) { return typed }
            return booleanOf(value(expr), at: span)
        }
    }

    /// The condition that the value of `node` is true: an absent value or one of another
    /// kind fails.
    func booleanOf(_ node: @escaping ValueNode, at span: SourceSpan) -> ConditionNode {
        { frame in try Self.truth(try node(frame), at: span) }
    }

    /// `value` as true or false: an absent value or one of another kind fails at `span`.
    @inline(__always)
    static func truth(_ value: Value, at span: SourceSpan) throws -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .absent: throw ValueOperations.absent(at: span)
        case let other: throw EvaluationError(.unexpectedValue, "expected true or false, found \(other.kindName)", at: span)
        }
    }

    /// `x in xs [where c]` of `binder` (a quantifier or an aggregate): the list, the slot the
    /// resolver gave `x`, and the filter. Nil when `x` has no slot in the frame.
    mutating func iteration(of binder: Expr, _ binding: Binding) -> (source: ValueNode, slot: Int, filter: ConditionNode?)? {
        guard let slot = binderSlot(binder) else { return nil }
        let source = value(binding.source)
        let filter = binding.filter.map { condition($0) }
        return (source, slot, filter)
    }

    // MARK: - Aggregates

    mutating func aggregate(_ expr: Expr, _ aggregate: Aggregate, _ binding: Binding?, _ valueExpr: Expr,
                            at span: SourceSpan) -> ValueNode {
        // Elements: from `x in xs [where c]: value`, or the list `xs` itself.
        let elements: (Frame) throws -> [Value]
        let resultType: CharterType
        if let binding {
            guard let (source, slot, filter) = iteration(of: expr, binding) else {
                return unresolvable("there is no slot for `\(binding.variable.text)`", at: binding.variable.span)
            }
            let item: ValueNode? = aggregate == .count ? nil : value(valueExpr)
            let counted = Expr.countCondition(aggregate, binding, valueExpr).map { condition($0) }
            resultType = aggregate == .count ? CharterType.number : type(of: valueExpr)
            elements = { frame in
                guard case .list(let items) = try source(frame) else { throw ValueOperations.absent(at: span) }
                try frame.spend(items.count, at: span)
                var found: [Value] = []
                found.reserveCapacity(items.count)
                for element in items {
                    frame.locals[slot] = element
                    if let filter, try !filter(frame) { continue }
                    if let counted, try !counted(frame) { continue }
                    found.append(try item?(frame) ?? element)
                }
                return found
            }
        } else {
            let source = value(valueExpr)
            if case .list(let element) = type(of: valueExpr).widenedBase { resultType = element } else { resultType = .unknown }
            elements = { frame in
                guard case .list(let items) = try source(frame) else { throw ValueOperations.absent(at: span) }
                try frame.spend(items.count, at: span)
                return items
            }
        }
        switch aggregate {
        case .count:
            return { frame in .number(Rational(count: try elements(frame).count)) }
        case .sum:
            let zero: Value = resultType.widenedBase == .duration ? .duration(0, .minutes) : .number(.zero)
            return { frame in
                let items = try elements(frame)
                guard var total = items.first else { return zero }
                for item in items.dropFirst() {
                    total = try ValueOperations.arithmetic(.add, total, item, context: frame.context, at: span)
                }
                return total
            }
        case .min, .max:
            let wanted = aggregate == .min ? -1 : 1
            return { frame in
                let items = try elements(frame)
                guard var best = items.first else {
                    throw EvaluationError(.emptyAggregate, "`\(aggregate.rawValue)` of an empty list has no value", at: span)
                }
                for item in items.dropFirst() where try ValueOperations.order(item, best, at: span) == wanted {
                    best = item
                }
                return best
            }
        }
    }
}

extension CharterType {
    /// The type without `?`.
    var widenedBase: CharterType {
        if case .optional(let wrapped) = self { return wrapped }
        return self
    }
}
