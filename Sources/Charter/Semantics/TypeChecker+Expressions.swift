extension TypeChecker {
    /// The type of `expr`, reporting every misuse inside it. An expression with an error has
    /// type `.unknown`, which is accepted everywhere so that one mistake is reported once.
    /// The type is recorded for the node, for the compiler to read (`CheckedRulebook.type(of:)`).
    mutating func type(of expr: Expr, in scope: Scope) -> CharterType {
        // Inferred first: a mutating call in the argument of a non-mutating one would make
        // Swift copy the whole checker for the call, and every table with it, once per node.
        let inferred = inferredType(of: expr, in: scope)
        let found = narrowed(inferred, of: expr, in: scope)
        expressionTypes[ObjectIdentifier(expr)] = found
        typedSpans.append(ExpressionTypes.Entry(span: expr.span, type: found))
        return found
    }

    private mutating func inferredType(of expr: Expr, in scope: Scope) -> CharterType {
        switch expr.kind {
        case .number: return .number
        case .text(let parts):
            for case .expr(let inner) in parts { _ = type(of: inner, in: scope) }
            return .text
        case .bool: return .bool
        case .date: return .date
        case .time: return .time
        case .duration: return .duration
        case .invalid: return .unknown
        case .name(let name):
            if let found = scope.lookup(name) {
                resolve(expr, to: found)
                return found.type
            }
            if let declared = charterNames[name] {
                resolution.constants[ObjectIdentifier(expr)] = declared.value
                recorder.refer(name, at: expr.span, to: declared.symbol)
                return declared.type
            }
            if let type = recordListType(name) {
                resolution.recordLists[ObjectIdentifier(expr)] = type.index
                // `meetings` names the type `meeting`, written in all of it but its last letter:
                // renaming the type renames the list's name with it.
                let span = expr.span
                let typeSpan = SourceSpan(file: span.file, offset: span.offset, endOffset: span.endOffset - 1, line: span.line,
                                          column: span.column, length: Swift.max(span.length - 1, 0))
                recorder.refer(String(name.dropLast()), at: typeSpan, to: type.name.flatMap { recordTypeSymbols[$0] })
                return .list(.record(type))
            }
            recorder.refer(name, at: expr.span, to: nil)
            report(.unknownName, "there is no `\(name)` here", at: expr.span,
                   help: Suggest.didYouMean(name, among: scope.names + charterNameOrder + recordListNames)
                       ?? (scope.names.isEmpty ? "nothing is named here" : "the names here are \(Suggest.list(scope.names))")
                       + (charterNameOrder.isEmpty ? "" : ", besides the groups, roles and constituencies the rules declare"))
            return .unknown
        case .list(let elements):
            var element: CharterType?
            for item in elements {
                let found = type(of: item, in: scope).widened
                guard !found.isUnknown else { continue }
                if let known = element, known != found {
                    report(.mixedList, "a list holds \(known) and \(found)", at: item.span,
                           help: "give every element of a list the same type")
                } else {
                    element = found
                }
            }
            return .list(element ?? .unknown)
        case .field(let base, let field):
            return fieldType(of: expr, base: base, field: field, in: scope)
        case .call(let name, let arguments):
            return call(name, arguments, in: scope)
        case .unary(.not, let operand):
            expectCondition(operand, in: scope, role: "the operand of `not`")
            return .bool
        case .unary(.negate, let operand):
            let found = value(operand, in: scope)
            if found == .number || found == .duration || found.isUnknown { return found }
            report(.typeMismatch, "`-` needs a number or a duration, not \(found)", at: operand.span,
                   help: "negate numbers and durations only")
            return .unknown
        case .binary(let op, let left, let right):
            return binary(op, left, right, expr, in: scope)
        case .quantifier(_, let binding, let body):
            var inner = scope
            bind(binding, of: expr, into: &inner)
            expectCondition(body, in: inner, role: "the condition of a quantifier")
            return .bool
        case .aggregate(let aggregate, let binding, let valueExpr):
            return self.aggregate(expr, aggregate, binding, valueExpr, in: scope)
        case .bind(let name, let bound, let body):
            var inner = scope
            let entry = local(.letBinding, name, type(of: bound, in: scope), declaredBy: expr.span)
            noteDurationKind(of: bound, boundTo: entry)
            resolveBinder(expr, to: entry)
            inner.bind(entry)
            return type(of: body, in: inner)
        case .collection(let form):
            return collection(expr, form, in: scope)
        case .conditional(let condition, let then, let otherwise):
            return conditional(expr, condition, then, otherwise, in: scope)
        case .given(let value, let negated):
            return givenTest(value, negated: negated, in: scope)
        case .grouped(let inner):
            return type(of: inner, in: scope)
        }
    }

    /// A call of a `def` function, a list function (`distinct`, `first`) or a built-in
    /// governance function: its arguments checked against its signature, and its result type.
    mutating func call(_ name: Identifier, _ arguments: [Expr], in scope: Scope) -> CharterType {
        if let function = NumberFunction(rawValue: name.text) { return numberCall(function, name, arguments, in: scope) }
        if let result = functionCall(name, arguments, at: name.span.through(arguments.last?.span ?? name.span), in: scope) {
            return result
        }
        if let function = CollectionFunction(rawValue: name.text) {
            return collectionCall(function, name, arguments, in: scope)
        }
        guard let function = BuiltinFunction(rawValue: name.text) else {
            recorder.refer(name, to: nil)
            let names = BuiltinFunction.allCases.map(\.rawValue) + NumberFunction.allCases.map(\.rawValue) + ["min", "max"]
            report(.unknownFunction, "there is no function `\(name.text)`", at: name.span,
                   help: Suggest.didYouMean(name.text, among: names + CollectionFunction.allCases.map(\.rawValue) + functions.keys.sorted())
                       ?? "the functions are \(Suggest.list(NumberFunction.allSignatures + CollectionFunction.allCases.map(\.signature))), and those the rules declare with `def`; counting and totals are written `count(x in xs where …)` and `sum(x in xs: x.value)`")
            return .unknown
        }
        recorder.refer(name, to: builtInFunctions[name.text])
        let found = arguments.map { value($0, in: scope) }
        // The record may be a meeting or any record type with what the function reads.
        var recordProblem: String?
        let expected = function.parameters.enumerated().map { index, parameter -> CharterType in
            guard case .record = parameter else { return parameter }
            if found.indices.contains(index), case .record(let id) = found[index] {
                recordProblem = votingRecordProblem(id, for: function)
                if recordProblem == nil { return found[index] }
            }
            return shapeByName["meeting"].map(CharterType.record) ?? parameter
        }
        let fits = (function.requiredCount...expected.count).contains(found.count)
            && zip(found, expected).allSatisfy { $0.isUnknown || $0 == $1 }
        if !fits {
            report(.wrongArguments, "`\(name.text)` takes \(function.signature), not (\(found.map(\.description).joined(separator: ", ")))",
                   at: name.span.through(arguments.last?.span ?? name.span), help: recordProblem.map { "\($0); " + function.help } ?? function.help)
        } else {
            checkLabelArgument(of: function, arguments)
        }
        if function == .tally, let id = shapeByName[Tally.typeName] { return .record(id) }
        return function.result
    }

    /// The type of `expr` where a present value is needed: an optional is reported.
    mutating func value(_ expr: Expr, in scope: Scope) -> CharterType {
        let found = type(of: expr, in: scope).widened
        guard case .optional(let wrapped) = found else { return found }
        report(.optionalValue, "`\(describe(expr))` may be absent (it is \(found))", at: expr.span,
               help: "say what to use when it is absent, `\(describe(expr)) ?? DEFAULT`, or test it first: `\(describe(expr)) is given and …`")
        return wrapped
    }

    /// The type of `expr`, `base.field`, which resolves the field.
    mutating func fieldType(of expr: Expr, base: Expr, field: Identifier, in scope: Scope) -> CharterType {
        let baseType = value(base, in: scope)
        // A field of a list of records is that field of each: `b.members.employer`.
        if case .list(.record(let id)) = baseType {
            return .list(fieldType(of: expr, field: field, in: id))
        }
        let id: RecordShape.ID? = if case .record(let id) = baseType { id } else { nil }
        guard let id else {
            resolveField(expr, field, in: nil)
            if !baseType.isUnknown {
                report(.unknownField, "\(baseType) has no fields, so no `\(field.text)`", at: field.span,
                       help: "only records have fields")
            }
            return .unknown
        }
        return fieldType(of: expr, field: field, in: id)
    }

    /// The type of the field `field` of shape `id`, read by `expr`, which resolves the field.
    mutating func fieldType(of expr: Expr, field: Identifier, in id: RecordShape.ID) -> CharterType {
        resolveField(expr, field, in: id)
        let shape = shapes[id.index]
        if let found = shape.fields[field.text] { return found }
        let owner = id.name.map { "record `\($0)`" } ?? "this nested record"
        let help = Suggest.didYouMean(field.text, among: shape.fieldOrder)
            ?? (shape.fieldOrder.isEmpty ? "declare its fields with `record \(id.name ?? "NAME") { … }`"
                                         : "its fields are \(Suggest.list(shape.fieldOrder))")
        report(.unknownField, "\(owner) has no field `\(field.text)`", at: field.span, help: help)
        return .unknown
    }

    /// The element type of a list expression, reporting anything that is not a list.
    mutating func elementType(of source: Expr, in scope: Scope,
                              help: String = "`all`, `any`, `count`, `sum`, `min` and `max` go over a list") -> CharterType {
        let found = value(source, in: scope)
        if case .list(let element) = found { return element }
        if !found.isUnknown {
            report(.notAList, "`\(describe(source))` is \(found), not a list", at: source.span, help: help)
        }
        return .unknown
    }

    /// The variable of `binder`'s `binding`, in a slot of its own, for its filter and body.
    mutating func bind(_ binding: Binding, of binder: Expr, into scope: inout Scope) {
        let element = elementType(of: binding.source, in: scope)
        let entry = local(.iterationVariable, binding.variable, element, declaredBy: binder.span)
        resolveBinder(binder, to: entry)
        scope.bind(entry)
        if let filter = binding.filter {
            expectCondition(filter, in: scope, role: "a `where` condition")
            scope = self.scope(scope, after: filter, holds: true)
        }
    }

    mutating func aggregate(_ expr: Expr, _ aggregate: Aggregate, _ binding: Binding?, _ valueExpr: Expr, in scope: Scope) -> CharterType {
        var inner = scope
        let element: CharterType
        if let binding {
            bind(binding, of: expr, into: &inner)
            if let condition = Expr.countCondition(aggregate, binding, valueExpr) {
                expectCondition(condition, in: inner, role: "the condition of `count`")
                return .number
            }
            element = value(valueExpr, in: inner)
        } else if aggregate == .min || aggregate == .max, let values = Self.arguments(of: valueExpr) {
            element = argumentsType(of: valueExpr, values, aggregate, in: scope)
        } else if aggregate == .min || aggregate == .max {
            element = elementType(of: valueExpr, in: scope,
                                  help: "`\(aggregate.rawValue)` takes a list, `\(aggregate.rawValue)(xs)`, or two or more values, `\(aggregate.rawValue)(a, b)`").widened
        } else {
            element = elementType(of: valueExpr, in: scope).widened
        }
        if aggregate == .count { return .number }
        // The sum of a list written empty is the number 0, as evaluation gives it; typed as
        // anything, it would let `p.clock - sum([])` through to fail at run time.
        if aggregate == .sum, binding == nil, case .list(let elements) = valueExpr.ungrouped.kind, elements.isEmpty { return .number }
        let allowed: [CharterType] = aggregate == .sum ? [.number, .duration] : [.number, .duration, .date, .time]
        if allowed.contains(element) || element.isUnknown { return element }
        report(.typeMismatch, "`\(aggregate.rawValue)` needs \(aggregate == .sum ? "numbers or durations" : "numbers, durations, dates or times"), not \(element)",
               at: valueExpr.span, help: "aggregate a numeric field, as in `\(aggregate.rawValue)(x in xs: x.amount)`")
        return .unknown
    }

    /// The values of `min(a, b, …)`, which the parser gathers into a list that starts where its
    /// first value does (a list written `[a, b]` starts at its bracket); nil for any other list.
    static func arguments(of list: Expr) -> [Expr]? {
        guard case .list(let values) = list.kind, let first = values.first, first.span.offset == list.span.offset else { return nil }
        return values
    }

    /// The one type of the values of `min(a, b, …)` or `max(a, b, …)`, each of which must be
    /// present; the list they make is recorded as a list of it, for the compiler.
    mutating func argumentsType(of list: Expr, _ values: [Expr], _ aggregate: Aggregate, in scope: Scope) -> CharterType {
        var common: CharterType = .unknown
        for item in values {
            let found = value(item, in: scope).widened
            if found.isUnknown { continue }
            if common.isUnknown {
                common = found
            } else if found != common {
                report(.typeMismatch, "`\(aggregate.rawValue)` compares values of one type, not \(common) and \(found)", at: item.span,
                       help: "give `\(aggregate.rawValue)` numbers, durations, dates or times of one kind")
            }
        }
        // As `a < b` is refused for durations of kinds that never compare, so is `min(a, b)`.
        let kinds = common == .duration ? values.compactMap { durationKind(of: $0) } : []
        if let first = kinds.first, let other = kinds.first(where: { $0 != first }) {
            report(.typeMismatch, "`\(aggregate.rawValue)` cannot compare \(first.noun) with \(other.noun): months and working days have no fixed length",
                   at: list.span, help: "give every value in one kind of unit, or compare dates instead of durations")
        }
        expressionTypes[ObjectIdentifier(list)] = .list(common)
        return common
    }

    mutating func binary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ whole: Expr, in scope: Scope) -> CharterType {
        switch op {
        case .and, .or:
            // The right operand is evaluated only when the left one holds (`and`) or does not (`or`).
            expectCondition(left, in: scope, role: "the operand of `\(op.rawValue)`")
            expectCondition(right, in: self.scope(scope, after: left, holds: op == .and), role: "the operand of `\(op.rawValue)`")
            return .bool
        case .coalesce:
            let l = type(of: left, in: scope).widened
            let r = value(right, in: scope)
            guard case .optional(let wrapped) = l else {
                if !l.isUnknown {
                    if isKnownGiven(left, in: scope) {
                        report(.typeMismatch, "`\(describe(left))` is known to be given here, so `??` has nothing to do", at: left.span,
                               help: "a test before this (`is given`, `==`) shows it is there: use it as it is")
                    } else {
                        report(.typeMismatch, "`\(describe(left))` is never absent, so `??` has nothing to do", at: left.span,
                               help: "use `??` after an optional field (`field: T?`)")
                    }
                }
                return l.isUnknown ? r : l
            }
            return compatible(wrapped, r, op, whole)
        case .equal, .notEqual:
            // Equality may compare an optional: an absent value equals nothing.
            let leftType = type(of: left, in: scope).widened
            let rightType = type(of: right, in: scope).widened
            let l = unwrapped(leftType), r = unwrapped(rightType)
            if declarationComparedWithText(l, r, left, right, op, whole) { return .bool }
            _ = compatible(l, r, op, whole)
            return .bool
        case .less, .lessEqual, .greater, .greaterEqual:
            let l = value(left, in: scope)
            let r = value(right, in: scope)
            let common = compatible(l, r, op, whole)
            if common == .duration { checkDurationKinds(op, left, right, whole) }
            if ![.number, .date, .time, .duration, .unknown].contains(common) {
                report(.typeMismatch, "`\(op.rawValue)` orders numbers, dates, times and durations, not \(common)", at: whole.span,
                       help: "compare \(common) with `==` or `!=`")
            }
            return .bool
        case .in, .notIn:
            let l = value(left, in: scope)
            let element = elementType(of: right, in: scope).widened
            if declarationComparedWithText(l, unwrapped(element), left, right, op, whole) { return .bool }
            _ = compatible(l, unwrapped(element), op, whole)
            return .bool
        case .of, .multiply, .divide, .remainder, .add, .subtract:
            let l = value(left, in: scope)
            let r = value(right, in: scope)
            if l.isUnknown || r.isUnknown { return .unknown }
            guard let result = Self.arithmetic(op, l, r) else { return mismatch(op, l, r, whole) }
            if (op == .add || op == .subtract), l == .duration, r == .duration {
                checkDurationKinds(op, left, right, whole)
            }
            return result
        }
    }

    /// The result of arithmetic on two present values, or nil when the operator does not apply:
    /// date − date and time − time are durations, date ± duration a date, number × duration a
    /// duration.
    static func arithmetic(_ op: BinaryOperator, _ l: CharterType, _ r: CharterType) -> CharterType? {
        switch (op, l, r) {
        case (_, .number, .number): .number
        case (.add, .text, .text): .text
        case (.add, .duration, .duration), (.subtract, .duration, .duration): .duration
        case (.add, .date, .duration), (.add, .duration, .date), (.subtract, .date, .duration): .date
        case (.add, .time, .duration), (.add, .duration, .time), (.subtract, .time, .duration): .time
        case (.subtract, .date, .date), (.subtract, .time, .time): .duration
        case (.multiply, .number, .duration), (.multiply, .duration, .number), (.of, .number, .duration), (.divide, .duration, .number):
            .duration
        default: nil
        }
    }

    func unwrapped(_ type: CharterType) -> CharterType {
        if case .optional(let wrapped) = type { return wrapped }
        return type
    }

    /// The common type of two operands that must agree, or a report naming both.
    mutating func compatible(_ l: CharterType, _ r: CharterType, _ op: BinaryOperator, _ whole: Expr) -> CharterType {
        if l.isUnknown { return r }
        if r.isUnknown || l == r { return l }
        if case .list(.unknown) = r, case .list = l { return l }
        if case .list(.unknown) = l, case .list = r { return r }
        return mismatch(op, l, r, whole)
    }

    mutating func mismatch(_ op: BinaryOperator, _ l: CharterType, _ r: CharterType, _ whole: Expr) -> CharterType {
        let help: String = switch op {
        case .add: "`+` adds numbers, durations or text, or a duration to a date or a time"
        case .subtract: "`-` subtracts numbers or durations, a duration from a date or a time, or a date from a date"
        case .multiply, .of: "`\(op.rawValue)` multiplies numbers, or a number and a duration"
        case .divide: "`/` divides numbers, or a duration by a number"
        case .remainder: "`%` gives the remainder of a number divided by a number"
        default: "expected \(l) on both sides, found \(l) and \(r)"
        }
        report(.typeMismatch, "`\(op.rawValue)` cannot combine \(l) with \(r)", at: whole.span, help: help)
        return .unknown
    }
}
