/// Types the list forms (`xs[i]`, `[v for x in xs]`, `sort`, `select`) and the list functions
/// (`distinct`, `first`).
extension TypeChecker {
    mutating func collection(_ expr: Expr, _ form: CollectionForm, in scope: Scope) -> CharterType {
        switch form {
        case .index(let base, let position):
            let element = elementType(of: base, in: scope)
            expectPosition(position, in: scope, role: "a position in a list", least: 1)
            return element
        case .build(let valueExpr, let binding):
            var inner = scope
            bind(binding, of: expr, into: &inner)
            return .list(type(of: valueExpr, in: inner).widened)
        case .sort(let binding?, let key, _):
            var inner = scope
            bind(binding, of: expr, into: &inner)
            let keyType = value(key, in: inner)
            if !keyType.isSortable && !keyType.isUnknown {
                report(.typeMismatch, "`sort` orders by numbers, texts, dates, times or durations, not \(keyType)", at: key.span,
                       help: "sort by a field that is one of them, as in `sort(c in cs by c.votes)`")
            }
            return listType(of: binding.source)
        case .sort(nil, let list, _):
            let element = elementType(of: list, in: scope).widened
            if !element.isSortable && !element.isUnknown {
                report(.typeMismatch, "`sort` orders numbers, texts, dates, times or durations, not \(element)", at: list.span,
                       help: "give the key to sort by: `sort(x in \(describe(list)) by x.FIELD)`")
            }
            return listType(of: list)
        case .select(let binding, let limit, let kept, let condition):
            var inner = scope
            bind(binding, of: expr, into: &inner)
            let list = listType(of: binding.source)
            if let limit { expectPosition(limit, in: scope, role: "the number to select", least: 0) }
            let entry = local(.letBinding, kept, list, declaredBy: kept.span)
            resolution.keptLists[ObjectIdentifier(expr)] = entry.slot
            inner.bind(entry)
            expectCondition(condition, in: inner, role: "the condition of `select`")
            return list
        }
    }

    /// `distinct(xs)` and `first(xs, n)`.
    mutating func collectionCall(_ function: CollectionFunction, _ name: Identifier, _ arguments: [Expr], in scope: Scope) -> CharterType {
        recorder.refer(name, to: builtInFunctions[name.text])
        guard arguments.count == function.arity, let list = arguments.first else {
            arguments.forEach { _ = type(of: $0, in: scope) }
            report(.wrongArguments, "`\(name.text)` takes \(function.arity == 1 ? "one argument" : "two arguments"), \(function.signature), not \(arguments.count)",
                   at: name.span.through(arguments.last?.span ?? name.span), help: function.help)
            return .unknown
        }
        let listType = value(list, in: scope).widened
        guard case .list(let element) = listType else {
            if !listType.isUnknown {
                report(.notAList, "`\(describe(list))` is \(listType), not a list", at: list.span, help: function.help)
            }
            arguments.dropFirst().forEach { _ = type(of: $0, in: scope) }
            return .unknown
        }
        switch function {
        case .distinct:
            if case .optional(let wrapped) = element {
                report(.optionalValue, "`distinct` needs values that are given, but the elements of `\(describe(list))` may be absent (\(element))",
                       at: list.span, help: "say what an absent one counts as: `distinct([x ?? \(wrapped == .text ? "\"none\"" : "DEFAULT") for x in \(describe(list))])`")
            } else if !element.isDistinguishable && !element.isUnknown {
                report(.typeMismatch, "`distinct` tells apart texts, numbers, dates, times, durations and booleans, not \(element)", at: list.span,
                       help: "take the field that identifies each one: `distinct(\(describe(list)).FIELD)`")
            }
        case .first:
            if let count = arguments.last { expectPosition(count, in: scope, role: "the number of elements to take", least: 0) }
        }
        return listType
    }

    /// The type of the list `source`, checked already as a binding's source.
    func listType(of source: Expr) -> CharterType {
        let found = unwrapped(expressionTypes[ObjectIdentifier(source)] ?? .unknown).widened
        if case .list = found { return found }
        return .list(.unknown)
    }

    /// A position or count: a number, and one written out must be whole and at least `least`
    /// (a count may be 0, a position counts from 1), since it could never be in range.
    mutating func expectPosition(_ expr: Expr, in scope: Scope, role: String, least: Int) {
        let found = value(expr, in: scope)
        guard found == .number else {
            if !found.isUnknown {
                report(.typeMismatch, "\(role) is a number, not \(found)", at: expr.span,
                       help: least == 1 ? "positions count from 1: `xs[1]` is the first element" : "write a whole number, as in `first(xs, 3)`")
            }
            return
        }
        guard case .number(let written, _) = expr.ungrouped.kind else { return }
        if !written.isInteger {
            report(.positionOutOfRange, "\(role) must be a whole number, not \(written)", at: expr.span,
                   help: least == 1 ? "positions count from 1: `xs[1]` is the first element" : "write a whole number, as in `first(xs, 3)`")
        } else if written < Rational(count: least) {
            report(.positionOutOfRange, "\(role) cannot be \(written)", at: expr.span,
                   help: least == 1 ? "positions count from 1: `xs[1]` is the first element" : "a count is 0 or more")
        }
    }
}
