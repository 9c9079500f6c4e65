/// Conditions fused into one program of steps: `and`, `or` and `not` over tests of the
/// record's own fields against literals (a bool field, a text in a list, a number or a date
/// compared, a sum of whole numbers compared, a text equal to a literal, a field given), and
/// the calls of `bool` functions that take the record alone and are made of the same, run in
/// one loop over a buffer of steps rather than as a closure per operator. Each test ends in a
/// branch, as a compiler lays out short-circuit code: `not` costs nothing (it swaps the sense
/// of the branches below it), `and` and `or` are where the branches go, and a condition is
/// true when its program runs to the end, false when a branch leaves it early. One call of a
/// node per condition, no `Value` made and nothing retained.
///
/// A fused program only ever gives the outcome on the way where nothing goes wrong: every
/// value of the kind its type says, every number whole and every sum within range, the steps
/// it spends within the frame's next checkpoint. At the first thing that is not (an absent
/// value, a fraction, an overflow), it stops and the general nodes compiled for the same
/// condition evaluate it from the start, giving their outcome and their error, at their place.
/// This is sound because a fused program changes nothing while it runs (it reads fields and
/// literals only, writes no slot and notes nothing) and spends its steps only when it has
/// finished: running the general nodes after it is running them alone. On the way where
/// nothing goes wrong, each step gives what the node it stands for gives, in the same order,
/// with the same short-circuits, so the same steps are spent.
/// Used when not tracing: `explain` keeps one node per expression.
extension ExpressionCompiler {
    /// The fused program for `expr` with the general nodes as its fallback, or nil when some
    /// part of it cannot be fused or there is too little to fuse (a single test, which the
    /// typed nodes already give without a `Value`).
    mutating func fusedCondition(_ expr: Expr) -> ConditionNode? {
        guard let program = fusedProgram(expr) else { return nil }
        return { frame in try program.evaluate(frame) }
    }

    /// The fused program itself (`fusedCondition`), for a caller that runs it on a record's
    /// fields without going through a node (`CompiledRule.outcome`).
    mutating func fusedProgram(_ expr: Expr) -> FusedCondition? {
        guard !tracing, fusing else { return nil }
        var builder = FusedConditionBuilder()
        guard fuse(expr, jumpWhen: false, to: FusedOp.falseExit, into: &builder),
              builder.tests >= 2 || builder.calls >= 1 else { return nil }
        fusing = false
        let fallback = compiledCondition(expr)
        fusing = true
        return FusedCondition(builder, fallback: fallback)
    }

    /// Appends the steps that evaluate `expr` and go on at the label `target` when its value
    /// is `jumpWhen` (on to the next step otherwise); false (with `builder` left in any state)
    /// when a part of it cannot be fused.
    func fuse(_ expr: Expr, jumpWhen: Bool, to target: Int, into builder: inout FusedConditionBuilder) -> Bool {
        guard builder.ops.count < FusedConditionBuilder.largest else { return false }
        let expr = expr.ungrouped
        switch expr.kind {
        case .bool(let flag):
            builder.test(.init(.constant, flag: flag), jumpWhen: jumpWhen, to: target)
            return true
        case .unary(.not, let operand):
            return fuse(operand, jumpWhen: !jumpWhen, to: target, into: &builder)
        case .binary(let op, let left, let right) where op == .and || op == .or:
            // `a and b` is false as soon as `a` is, `a or b` true as soon as `a` is.
            let decides = op == .or
            if jumpWhen == decides {
                return fuse(left, jumpWhen: decides, to: target, into: &builder)
                    && fuse(right, jumpWhen: decides, to: target, into: &builder)
            }
            let after = builder.label()
            guard fuse(left, jumpWhen: decides, to: after, into: &builder),
                  fuse(right, jumpWhen: jumpWhen, to: target, into: &builder) else { return false }
            builder.place(after)
            return true
        case .binary(let op, let left, let right) where op == .in || op == .notIn:
            // `"M10" in r.list`: as `typedMembership`, only text elements can match.
            guard case .text(let parts) = left.ungrouped.kind, let text = Self.literalText(parts),
                  let slot = fieldInPlace(right), case .list = type(of: right).widenedBase else { return false }
            builder.test(.init(.member, flag: op == .in, slot: slot, other: builder.add(text)), jumpWhen: jumpWhen, to: target)
            return true
        case .binary(let op, let left, let right) where op == .equal || op == .notEqual:
            return fuseEquality(op == .equal, left, right, jumpWhen: jumpWhen, to: target, into: &builder)
        case .binary(let op, let left, let right) where [.less, .lessEqual, .greater, .greaterEqual].contains(op):
            return fuseComparison(op, left, right, jumpWhen: jumpWhen, to: target, into: &builder)
        case .given(let operand, let negated):
            guard let slot = fieldInPlace(operand) else { return false }
            builder.test(.init(.given, flag: negated, slot: slot), jumpWhen: jumpWhen, to: target)
            return true
        case .call(let name, let arguments) where NumberFunction(rawValue: name.text) == nil:
            return fuseCall(name, arguments, jumpWhen: jumpWhen, to: target, into: &builder)
        case .field:
            guard let slot = fieldInPlace(expr), type(of: expr).widenedBase == .bool else { return false }
            builder.test(.init(.boolField, slot: slot), jumpWhen: jumpWhen, to: target)
            return true
        default:
            return false
        }
    }

    /// The text of a literal without holes.
    static func literalText(_ parts: [Interpolation]) -> String? {
        var text = ""
        for part in parts {
            guard case .literal(let piece) = part else { return nil }
            text += piece
        }
        return text
    }

    /// `r.field == "text"` (either way round), and `==`/`!=` of two whole numbers.
    private func fuseEquality(_ equal: Bool, _ left: Expr, _ right: Expr, jumpWhen: Bool, to target: Int,
                              into builder: inout FusedConditionBuilder) -> Bool {
        let (leftType, rightType) = (type(of: left).widenedBase, type(of: right).widenedBase)
        if leftType == .number && rightType == .number {
            guard pushNumber(left, into: &builder), pushNumber(right, into: &builder) else { return false }
            builder.compare(equal ? FusedOp.equal : FusedOp.notEqual, jumpWhen: jumpWhen, to: target)
            return true
        }
        // The field's type is text, not a choice or a declaration's name, whose values may not
        // be texts at all: those are left to the general nodes.
        for (field, literal) in [(left, right), (right, left)] {
            guard case .text(let parts) = literal.ungrouped.kind, let text = Self.literalText(parts),
                  let slot = fieldInPlace(field), type(of: field).widenedBase == .text else { continue }
            builder.test(.init(.textEqual, flag: !equal, slot: slot, other: builder.add(text)), jumpWhen: jumpWhen, to: target)
            return true
        }
        return false
    }

    /// An ordering of two numbers or two dates.
    private func fuseComparison(_ op: BinaryOperator, _ left: Expr, _ right: Expr, jumpWhen: Bool, to target: Int,
                                into builder: inout FusedConditionBuilder) -> Bool {
        let (leftType, rightType) = (type(of: left).widenedBase, type(of: right).widenedBase)
        let code = switch op {
        case .less: FusedOp.less
        case .lessEqual: FusedOp.lessEqual
        case .greater: FusedOp.greater
        default: FusedOp.greaterEqual
        }
        if leftType == .number && rightType == .number {
            guard pushNumber(left, into: &builder), pushNumber(right, into: &builder) else { return false }
        } else if leftType == .date && rightType == .date {
            guard pushDate(left, into: &builder), pushDate(right, into: &builder) else { return false }
        } else {
            return false
        }
        builder.compare(code, jumpWhen: jumpWhen, to: target)
        return true
    }

    /// The steps that push the whole number `expr` gives: a literal whole number, a number
    /// field, or a sum, difference or product of such.
    private func pushNumber(_ expr: Expr, into builder: inout FusedConditionBuilder) -> Bool {
        let expr = expr.ungrouped
        switch expr.kind {
        case .number(let number, _):
            guard number.isInteger else { return false }
            return builder.push(.init(.pushConstant, constant: number.numerator))
        case .binary(let op, let left, let right) where op == .add || op == .subtract || op == .multiply:
            guard type(of: left).widenedBase == .number, type(of: right).widenedBase == .number,
                  pushNumber(left, into: &builder), pushNumber(right, into: &builder) else { return false }
            builder.arithmetic(op == .add ? .add : op == .subtract ? .subtract : .multiply)
            return true
        case .field:
            guard let slot = fieldInPlace(expr) else { return false }
            return builder.push(.init(.pushNumberField, slot: slot))
        default:
            return false
        }
    }

    /// The steps that push the date `expr` gives, as its `FusedCondition.key`: a literal or a
    /// date field.
    private func pushDate(_ expr: Expr, into builder: inout FusedConditionBuilder) -> Bool {
        let expr = expr.ungrouped
        if case .date(let date) = expr.kind {
            return builder.push(.init(.pushConstant, constant: FusedCondition.key(date)))
        }
        guard let slot = fieldInPlace(expr) else { return false }
        return builder.push(.init(.pushDateField, slot: slot))
    }

    /// A call of a `bool` function whose one parameter is the record this unit reads in place,
    /// given that record: a step that spends the call's step, then its body's steps.
    private func fuseCall(_ name: Identifier, _ arguments: [Expr], jumpWhen: Bool, to target: Int,
                          into builder: inout FusedConditionBuilder) -> Bool {
        guard builder.depth < FusedConditionBuilder.deepestCall, arguments.count == 1,
              let signature = checked.typeChecker.functions[name.text], signature.result == .bool,
              signature.parameterTypes.count == 1, signature.parameterSlots.count == 1,
              case .record(let id) = signature.parameterTypes[0], checked.shapes.indices.contains(id.index),
              isSubjectName(arguments[0]), case .record(let given) = type(of: arguments[0]).widenedBase, given == id,
              let layout = checked.resolution.units[signature.index] else { return false }
        var body = ExpressionCompiler(checked, frame: layout)
        guard let slot = body.inFrame(signature.parameterSlots[0]) else { return false }
        body.subjectSlot = slot
        builder.ops.append(.init(.step))
        builder.depth += 1
        defer { builder.depth -= 1 }
        guard body.fuse(signature.decl.body, jumpWhen: jumpWhen, to: target, into: &builder) else { return false }
        builder.calls += 1
        return true
    }
}

/// One step of a fused condition. A plain struct, so that the buffer of steps holds nothing
/// counted.
struct FusedOp {
    enum Kind: UInt8 {
        // Tests: each gives true or false, then branches on it (`jumpWhen`, `target`).
        /// `flag`.
        case constant
        /// The bool field in `slot`.
        case boolField
        /// Whether the field in `slot` is given; `flag` for `is not given`.
        case given
        /// Whether the text numbered `other` is in the list field in `slot`; `flag` for `in`.
        case member
        /// Whether the text field in `slot` is the text numbered `other`; `flag` for `!=`.
        case textEqual
        /// The comparison `code` of the two numbers on top of the stack, which it takes off.
        case compare
        /// The comparison `code` of the number on top of the stack, which it takes off, with
        /// `constant`.
        case compareConstant
        /// The comparison `code` of the whole number field, or the date field, in `slot` with
        /// `constant`.
        case compareNumberField, compareDateField
        /// The comparison `code` of the fields in `slot` and `other`, two dates when `flag`.
        case compareFields
        // The stack of whole numbers: no branch.
        /// Pushes `constant`, the number field in `slot`, the date field in `slot`.
        case pushConstant, pushNumberField, pushDateField
        /// Replace the two numbers on top with their sum, difference, product.
        case add, subtract, multiply
        /// Adds the number field in `slot` to the number on top.
        case addField
        /// Spends a step: the call of a function.
        case step
    }

    var kind: Kind
    var flag = false
    /// Where a test goes on when its value is `jumpWhen`: a step, the end of the program (the
    /// condition holds), or `falseExit` (it does not). A label's number while being built.
    var jumpWhen = false
    var code: UInt8 = 0
    var slot = 0
    var other = 0
    var constant = 0
    var target = 0

    init(_ kind: Kind, flag: Bool = false, code: UInt8 = 0, slot: Int = 0, other: Int = 0, constant: Int = 0) {
        self.kind = kind
        self.flag = flag
        self.code = code
        self.slot = slot
        self.other = other
        self.constant = constant
    }

    /// A comparison is the set of orderings it accepts, one bit each for less, equal and
    /// greater (`FusedCondition.holds`), so that testing one costs no branch.
    static let less: UInt8 = 0b001, lessEqual: UInt8 = 0b011, greater: UInt8 = 0b100, greaterEqual: UInt8 = 0b110
    static let equal: UInt8 = 0b010, notEqual: UInt8 = 0b101
    /// The target that leaves the program: the condition does not hold.
    static let falseExit = -1

    var isTest: Bool { kind.rawValue <= Kind.compareFields.rawValue }
}

/// A fused condition being compiled: its steps, its texts, how deep its stack grows, and
/// where its labels are.
struct FusedConditionBuilder {
    var ops: [FusedOp] = []
    var texts: [String] = []
    /// The step each label stands before, once placed.
    var labels: [Int?] = []
    /// How deep the stack of numbers is at the end of `ops`.
    var height = 0
    /// How many tests and calls of functions it fuses; how deep in calls it is.
    var tests = 0
    var calls = 0
    var depth = 0

    /// Past these, a condition is left to the general nodes: a bound on the program of any
    /// one condition, on calls within calls (none calls itself, but a chain can be long), and
    /// on the stack of numbers, which lies in a fixed buffer (`Frame.numbers`).
    static let largest = 4096
    static let deepestCall = 16
    static let deepestStack = 8

    /// A new label, to be placed.
    mutating func label() -> Int {
        labels.append(nil)
        return labels.count - 1
    }

    /// Places `label` before the next step.
    mutating func place(_ label: Int) { labels[label] = ops.count }

    /// Appends the test `op`, going to `target` (a label, or `FusedOp.falseExit`) when it gives
    /// `jumpWhen`.
    mutating func test(_ op: FusedOp, jumpWhen: Bool, to target: Int) {
        var op = op
        op.jumpWhen = jumpWhen
        op.target = target
        ops.append(op)
        tests += 1
    }

    /// The number of `text` among the texts, added if it is new.
    mutating func add(_ text: String) -> Int {
        if let found = texts.firstIndex(of: text) { return found }
        texts.append(text)
        return texts.count - 1
    }

    /// False when the stack would grow too deep.
    mutating func push(_ op: FusedOp) -> Bool {
        guard height < Self.deepestStack else { return false }
        ops.append(op)
        height += 1
        return true
    }

    /// A sum with a field on the right adds the field where it lies.
    mutating func arithmetic(_ kind: FusedOp.Kind) {
        height -= 1
        if kind == .add, let last = ops.last, last.kind == .pushNumberField {
            ops[ops.count - 1] = .init(.addField, slot: last.slot)
            return
        }
        ops.append(.init(kind))
    }

    /// The comparison `code` of the two numbers on top; of a field and a constant, or of two
    /// fields, the commonest, in one step.
    mutating func compare(_ code: UInt8, jumpWhen: Bool, to target: Int) {
        height -= 2
        let fields: [FusedOp.Kind] = [.pushNumberField, .pushDateField]
        if ops.count >= 2, fields.contains(ops[ops.count - 2].kind) {
            let (first, second) = (ops[ops.count - 2], ops[ops.count - 1])
            if second.kind == .pushConstant {
                ops.removeLast(2)
                test(.init(first.kind == .pushDateField ? .compareDateField : .compareNumberField, code: code, slot: first.slot,
                           constant: second.constant), jumpWhen: jumpWhen, to: target)
                return
            }
            if second.kind == first.kind {
                ops.removeLast(2)
                test(.init(.compareFields, flag: first.kind == .pushDateField, code: code, slot: first.slot, other: second.slot),
                     jumpWhen: jumpWhen, to: target)
                return
            }
        }
        // A constant on the right of anything else (`a + b >= 5`) is compared where it lies.
        if let last = ops.last, last.kind == .pushConstant {
            ops.removeLast()
            test(.init(.compareConstant, code: code, constant: last.constant), jumpWhen: jumpWhen, to: target)
            return
        }
        test(.init(.compare, code: code), jumpWhen: jumpWhen, to: target)
    }

    /// The steps with every label replaced by the step it stands before; nil if a label was
    /// never placed.
    func resolved() -> [FusedOp]? {
        var resolved = ops
        for index in resolved.indices where resolved[index].isTest && resolved[index].target != FusedOp.falseExit {
            let label = resolved[index].target
            guard labels.indices.contains(label), let step = labels[label] else { return nil }
            resolved[index].target = step
        }
        return resolved
    }
}

/// A compiled fused condition (`ExpressionCompiler.fusedCondition`): its steps and texts in
/// buffers of its own, so that running it reads them without a bounds or exclusivity check,
/// and the general nodes to evaluate it with when it stops.
final class FusedCondition {
    private let ops: UnsafeMutableBufferPointer<FusedOp>
    private let texts: UnsafeMutableBufferPointer<String>
    private let count: Int
    private let textCount: Int

    // INVARIANT: every test's `target` is `FusedOp.falseExit` or at most `count` (a label
    // resolved to the step it stands before), every `other` of a `member` or `textEqual` step
    // is below `textCount` (given by `FusedConditionBuilder.add`), and the stack never holds
    // more than `deepestStack` numbers (the builder refuses to push more) nor is popped empty:
    // each comparison and each arithmetic step takes what the steps pushing its operands
    // pushed, in a program made from whole, well-typed expressions. `run` checks the texts
    // and the stack all the same, and stops (to the general nodes) rather than reading out of
    // bounds; an unresolved program is not made at all (`resolved` is nil, and the program
    // has no steps and so always hands over).
    init(_ builder: FusedConditionBuilder, fallback: @escaping ConditionNode) {
        let unstripped = builder.resolved()
        let (steps, leading) = unstripped.map(Self.withoutLeadingSteps) ?? (nil, 0)
        leadingSteps = leading
        count = steps?.count ?? 0
        ops = .allocate(capacity: Swift.max(count, 1))
        if let steps { _ = ops.initialize(fromContentsOf: steps) }
        textCount = builder.texts.count
        texts = .allocate(capacity: Swift.max(textCount, 1))
        _ = texts.initialize(fromContentsOf: builder.texts)
        handsOver = steps == nil
        general = fallback
    }

    /// Whether the program could not be made, so that every evaluation goes to `general`.
    private let handsOver: Bool
    /// The steps spent by the `step`s the program starts with (the call of a function that
    /// is the condition, or its first part), which every run takes, counted once here.
    private let leadingSteps: Int

    /// `ops` without the `step`s it starts with, and how many they were, each branch's target
    /// moved to match. No branch goes to one of them (a label stands after the operand of an
    /// `and` or `or`, never before the first step); a program in which one did keeps them.
    static func withoutLeadingSteps(_ ops: [FusedOp]) -> ([FusedOp], Int) {
        let leading = ops.prefix { $0.kind == .step }.count
        guard leading > 0, ops.allSatisfy({ !$0.isTest || $0.target == FusedOp.falseExit || $0.target >= leading }) else {
            return (ops, 0)
        }
        let kept = ops.dropFirst(leading).map { op in
            var moved = op
            if moved.isTest && moved.target != FusedOp.falseExit { moved.target -= leading }
            return moved
        }
        return (kept, leading)
    }
    /// The general nodes of the same condition.
    private let general: ConditionNode

    deinit {
        ops.baseAddress?.deinitialize(count: count)
        ops.deallocate()
        texts.baseAddress?.deinitialize(count: textCount)
        texts.deallocate()
    }

    /// The order-keeping key of a date: year, month and day in one whole number. A date's
    /// year lies in `CivilDate.yearRange`, so the arithmetic cannot overflow.
    @inline(__always)
    static func key(_ date: CivilDate) -> Int { (date.year &* 16 &+ date.month) &* 32 &+ date.day }

    /// Whether the comparison `accepted` (`FusedOp.less`, …) holds of `x` and `y`.
    @inline(__always)
    static func holds(_ accepted: UInt8, _ x: Int, _ y: Int) -> Bool {
        let ordering: UInt8 = x < y ? 0 : (x == y ? 1 : 2)
        return (accepted >> ordering) & 1 == 1
    }

    func evaluate(_ frame: Frame) throws -> Bool {
        if let outcome = run(on: frame.subject, frame), frame.spendBeforeCheckpoint(outcome.steps) { return outcome.holds }
        return try general(frame)
    }

    /// Whether the condition holds of the record whose fields are `fields`, evaluated from a
    /// fresh budget in `frame` (which it resets, and leaves with the steps spent); nil when the
    /// program stops, and the general nodes must evaluate it in a frame set up for the record.
    /// What `evaluate` gives in that frame just after `resetBudget`, without the set-up.
    @inline(__always)
    func holds(on fields: UnsafeBufferPointer<Value>, budgetOf frame: Frame) -> Bool? {
        guard let outcome = run(on: fields, frame) else { return nil }
        frame.resetBudget()
        return frame.spendBeforeCheckpoint(outcome.steps) ? outcome.holds : nil
    }

    /// The program run on `fields`, its stack of numbers in `frame`'s (`Frame.numbers`): no
    /// program runs while another is running, so it is free whenever one starts.
    @inline(__always)
    private func run(on fields: UnsafeBufferPointer<Value>, _ frame: Frame) -> (holds: Bool, steps: Int)? {
        guard !handsOver, let ops = ops.baseAddress else { return nil }
        return run(ops, fields, frame.numbers)
    }

    /// The whole number in `value`, or nil when it is not one.
    @inline(__always)
    private static func whole(_ value: Value) -> Int? {
        if case .number(let number) = value, number.denominator == 1 { return number.numerator }
        return nil
    }

    /// The outcome and the steps spent; nil at the first thing that is not on the way where
    /// nothing goes wrong.
    @inline(__always)
    private func run(_ ops: UnsafeMutablePointer<FusedOp>, _ subject: UnsafeBufferPointer<Value>,
                     _ stack: UnsafeMutableBufferPointer<Int>) -> (holds: Bool, steps: Int)? {
        var steps = leadingSteps
        var height = 0
        var index = 0
        let fields = subject.count
        let count = self.count
        while index < count {
            // Through the pointer, each step's parts are read where a case needs them.
            // INVARIANT: `index` is below `count`, the number of steps initialised (`init`).
            let op = ops + index
            index += 1
            let value: Bool
            switch op.pointee.kind {
            case .constant:
                value = op.pointee.flag
            case .boolField:
                guard op.pointee.slot < fields, case .bool(let flag) = subject[op.pointee.slot] else { return nil }
                value = flag
            case .given:
                // A field past the record's own (an absent record parameter) is not given either.
                if op.pointee.slot < fields, case .absent = subject[op.pointee.slot] {
                    value = op.pointee.flag
                } else {
                    value = op.pointee.slot < fields ? !op.pointee.flag : op.pointee.flag
                }
            case .member:
                guard op.pointee.slot < fields, op.pointee.other < textCount, case .list(let items) = subject[op.pointee.slot] else { return nil }
                steps += items.count
                let wanted = texts[op.pointee.other]
                var found = false
                for item in items {
                    if case .text(let text) = item, text == wanted {
                        found = true
                        break
                    }
                }
                value = found == op.pointee.flag
            case .textEqual:
                guard op.pointee.slot < fields, op.pointee.other < textCount else { return nil }
                switch subject[op.pointee.slot] {
                case .text(let found): value = (found == texts[op.pointee.other]) != op.pointee.flag
                case .absent: value = op.pointee.flag
                default: return nil
                }
            case .compare:
                guard height >= 2 else { return nil }
                value = Self.holds(op.pointee.code, stack[height - 2], stack[height - 1])
                height -= 2
            case .compareConstant:
                guard height >= 1 else { return nil }
                height -= 1
                value = Self.holds(op.pointee.code, stack[height], op.pointee.constant)
            // Each field is matched where it lies: handing a `Value` to a function copies it.
            case .compareNumberField:
                guard op.pointee.slot < fields, case .number(let number) = subject[op.pointee.slot], number.denominator == 1 else { return nil }
                value = Self.holds(op.pointee.code, number.numerator, op.pointee.constant)
            case .compareDateField:
                guard op.pointee.slot < fields, case .date(let date) = subject[op.pointee.slot] else { return nil }
                value = Self.holds(op.pointee.code, Self.key(date), op.pointee.constant)
            case .compareFields:
                guard op.pointee.slot < fields, op.pointee.other < fields else { return nil }
                let x: Int, y: Int
                if op.pointee.flag {
                    guard case .date(let first) = subject[op.pointee.slot], case .date(let second) = subject[op.pointee.other] else { return nil }
                    (x, y) = (Self.key(first), Self.key(second))
                } else {
                    guard case .number(let first) = subject[op.pointee.slot], first.denominator == 1,
                          case .number(let second) = subject[op.pointee.other], second.denominator == 1 else { return nil }
                    (x, y) = (first.numerator, second.numerator)
                }
                value = Self.holds(op.pointee.code, x, y)
            case .pushConstant:
                guard height < stack.count else { return nil }
                stack[height] = op.pointee.constant
                height += 1
                continue
            case .pushNumberField:
                guard height < stack.count, op.pointee.slot < fields, let number = Self.whole(subject[op.pointee.slot]) else { return nil }
                stack[height] = number
                height += 1
                continue
            case .pushDateField:
                guard height < stack.count, op.pointee.slot < fields, case .date(let date) = subject[op.pointee.slot] else { return nil }
                stack[height] = Self.key(date)
                height += 1
                continue
            case .addField:
                guard height >= 1, op.pointee.slot < fields, let number = Self.whole(subject[op.pointee.slot]) else { return nil }
                let (sum, overflow) = stack[height - 1].addingReportingOverflow(number)
                // Int.min lies outside the range of numbers (`Rational`).
                guard !overflow, sum != .min else { return nil }
                stack[height - 1] = sum
                continue
            case .add, .subtract, .multiply:
                guard height >= 2 else { return nil }
                let (x, y) = (stack[height - 2], stack[height - 1])
                let (result, overflow) = switch op.pointee.kind {
                case .add: x.addingReportingOverflow(y)
                case .subtract: x.subtractingReportingOverflow(y)
                default: x.multipliedReportingOverflow(by: y)
                }
                guard !overflow, result != .min else { return nil }
                height -= 1
                stack[height - 1] = result
                continue
            case .step:
                steps += 1
                continue
            }
            if value == op.pointee.jumpWhen {
                if op.pointee.target < 0 { return (false, steps) }
                index = op.pointee.target
            }
        }
        return (true, steps)
    }
}
