/// Compiles the list forms and list functions. Each charges the evaluation budget a step per
/// element it walks (sorting, n ⌈log₂ n⌉ more for its comparisons), as quantifiers do.
extension ExpressionCompiler {
    mutating func collection(_ expr: Expr, _ form: CollectionForm, at span: SourceSpan) -> ValueNode {
        switch form {
        case .index(let base, let position):
            let (list, place) = (value(base), value(position))
            return { frame in
                let items = try Self.items(try list(frame), at: span)
                try frame.spend(1, at: span)
                let index = try Self.position(try place(frame), in: items.count, at: span)
                return items[index]
            }
        case .build(let valueExpr, let binding):
            guard let (source, slot, filter) = iteration(of: expr, binding) else {
                return unresolvable("there is no slot for `\(binding.variable.text)`", at: binding.variable.span)
            }
            let element = value(valueExpr)
            return { frame in
                let items = try Self.items(try source(frame), at: span)
                try frame.spend(items.count, at: span)
                var built: [Value] = []
                built.reserveCapacity(items.count)
                for item in items {
                    frame.locals[slot] = item
                    if let filter, try !filter(frame) { continue }
                    built.append(try element(frame))
                }
                return .list(built)
            }
        case .sort(let binding, let keyExpr, let descending):
            return sort(expr, binding, keyExpr, descending: descending, at: span)
        case .select(let binding, let limitExpr, let kept, let conditionExpr):
            guard let (source, slot, filter) = iteration(of: expr, binding),
                  let keptSlot = inFrame(checked.resolution.keptLists[ObjectIdentifier(expr)]) else {
                return unresolvable("there is no slot for `\(kept.text)`", at: kept.span)
            }
            let limit = limitExpr.map { value($0) }
            let test = condition(conditionExpr)
            let variable = binding.variable.text
            return { frame in
                let items = try Self.items(try source(frame), at: span)
                try frame.spend(items.count, at: span)
                let most = try limit.map { try Self.count(try $0(frame), at: span) } ?? items.count
                var chosen: [Value] = []
                var shown = 0, unshown = 0
                for item in items where chosen.count < most {
                    frame.locals[slot] = item
                    if let filter, try !filter(frame) { continue }
                    frame.locals[keptSlot] = .list(chosen)
                    let keep: Bool
                    if let tracer = frame.tracer {
                        // `explain` shows each element walked, kept or not, with why.
                        tracer.begin()
                        let outcome = Result { try test(frame) }
                        let nodes = tracer.end()
                        keep = try outcome.get()
                        if shown < Tracer.elementLimit {
                            var node = TraceNode(kind: .element, expr: "\(variable) = \(tracer.show(item))", value: keep ? "true" : "false",
                                                 holds: keep, children: nodes)
                            node.note = keep ? "kept" : "not kept"
                            tracer.append(node)
                            shown += 1
                        } else {
                            unshown += 1
                        }
                    } else {
                        keep = try test(frame)
                    }
                    // The frame lets go of its copy first, so that appending does not copy.
                    frame.locals[keptSlot] = .absent
                    if keep { chosen.append(item) }
                }
                if unshown > 0, let tracer = frame.tracer {
                    tracer.append(TraceNode(kind: .note, expr: "… and \(unshown) more \(unshown == 1 ? "element" : "elements") walked"))
                }
                return .list(chosen)
            }
        }
    }

    /// `sort(x in xs by key)` or `sort(xs)`: a stable sort, ties kept in the list's order.
    mutating func sort(_ expr: Expr, _ binding: Binding?, _ keyExpr: Expr, descending: Bool, at span: SourceSpan) -> ValueNode {
        let elements: (Frame) throws -> [(item: Value, key: Value)]
        if let binding {
            guard let (source, slot, filter) = iteration(of: expr, binding) else {
                return unresolvable("there is no slot for `\(binding.variable.text)`", at: binding.variable.span)
            }
            let key = value(keyExpr)
            elements = { frame in
                let items = try Self.items(try source(frame), at: span)
                try frame.spend(items.count, at: span)
                var keyed: [(item: Value, key: Value)] = []
                keyed.reserveCapacity(items.count)
                for item in items {
                    frame.locals[slot] = item
                    if let filter, try !filter(frame) { continue }
                    keyed.append((item, try key(frame)))
                }
                return keyed
            }
        } else {
            let list = value(keyExpr)
            elements = { frame in
                let items = try Self.items(try list(frame), at: span)
                try frame.spend(items.count, at: span)
                return items.map { ($0, $0) }
            }
        }
        return { frame in
            let keyed = try elements(frame)
            try frame.spend(keyed.count * Self.log2Ceiling(keyed.count), at: span)
            let order = try keyed.indices.sorted { a, b in
                let sign = try Self.sortOrder(keyed[a].key, keyed[b].key, at: span)
                if sign != 0 { return descending ? sign > 0 : sign < 0 }
                return a < b
            }
            return .list(order.map { keyed[$0].item })
        }
    }

    /// `distinct(xs)` and `first(xs, n)`.
    mutating func collectionCall(_ function: CollectionFunction, _ arguments: [Expr], at span: SourceSpan) -> ValueNode {
        guard arguments.count == function.arity, let listExpr = arguments.first, let lastExpr = arguments.last else {
            return unresolvable("`\(function.rawValue)` takes \(function.signature)", at: span)
        }
        let list = value(listExpr)
        switch function {
        case .distinct:
            return { frame in
                let items = try Self.items(try list(frame), at: span)
                try frame.spend(items.count, at: span)
                var seen: Set<DistinctKey> = []
                var kept: [Value] = []
                for item in items where seen.insert(try DistinctKey(item, at: span)).inserted {
                    kept.append(item)
                }
                return .list(kept)
            }
        case .first:
            let count = value(lastExpr)
            return { frame in
                let items = try Self.items(try list(frame), at: span)
                let most = try Self.count(try count(frame), at: span)
                try frame.spend(Swift.min(most, items.count), at: span)
                return .list(Array(items.prefix(most)))
            }
        }
    }

    // MARK: - Values

    static func items(_ value: Value, at span: SourceSpan) throws -> [Value] {
        guard case .list(let items) = value else { throw ValueOperations.absent(at: span) }
        return items
    }

    /// The 0-based index of `position`, counted from 1, in a list of `count` elements.
    static func position(_ position: Value, in count: Int, at span: SourceSpan) throws -> Int {
        guard case .number(let place) = position else { throw ValueOperations.absent(at: span) }
        guard place.isInteger else {
            throw EvaluationError(.outsideList, "position \(place) is not a whole number: positions count 1, 2, 3, …", at: span)
        }
        guard place.numerator >= 1, place.numerator <= count else {
            let extent = count == 0 ? "the list is empty" : count == 1 ? "the list has one element, at position 1" : "the list has \(count) elements, at positions 1 to \(count)"
            throw EvaluationError(.outsideList, "position \(place) is outside the list: \(extent)", at: span)
        }
        return place.numerator - 1
    }

    /// A number of elements: whole and not negative.
    static func count(_ value: Value, at span: SourceSpan) throws -> Int {
        guard case .number(let count) = value else { throw ValueOperations.absent(at: span) }
        guard count.isInteger, count.numerator >= 0 else {
            throw EvaluationError(.outsideList, "cannot take \(count) elements of a list: the number must be whole and 0 or more", at: span)
        }
        return count.numerator
    }

    /// ⌈log₂ n⌉, the comparisons per element a sort of n elements makes at most, and 0 for n ≤ 1.
    static func log2Ceiling(_ n: Int) -> Int {
        n <= 1 ? 0 : Int.bitWidth - (n - 1).leadingZeroBitCount
    }

    /// The order of two sort keys: as `<` orders them, and text by its code points.
    static func sortOrder(_ a: Value, _ b: Value, at span: SourceSpan) throws -> Int {
        if case .text(let x) = a, case .text(let y) = b {
            let (p, q) = (Array(x.unicodeScalars), Array(y.unicodeScalars))
            return p.lexicographicallyPrecedes(q) ? -1 : (p == q ? 0 : 1)
        }
        return try ValueOperations.order(a, b, at: span)
    }
}

/// A value `distinct` tells apart, as `==` compares it: durations by length where they have
/// one (`1 hour` and `60 minutes` are one value), working days and months by their amount.
enum DistinctKey: Hashable {
    case text(String), number(Rational), bool(Bool), date(CivilDate), time(TimeOfDay)
    case minutes(Int)
    case duration(Int, DurationUnit)

    init(_ value: Value, at span: SourceSpan) throws {
        switch value {
        case .text(let text): self = .text(text)
        case .number(let number): self = .number(number)
        case .bool(let flag): self = .bool(flag)
        case .date(let date): self = .date(date)
        case .time(let time): self = .time(time)
        case .duration(let amount, let unit):
            if let minutes = ValueOperations.minutes(amount, unit) { self = .minutes(minutes) } else { self = .duration(amount, unit) }
        case .absent: throw ValueOperations.absent(at: span)
        case .list, .record:
            throw EvaluationError(.unexpectedValue, "`distinct` cannot tell apart elements that are \(value.kindName)", at: span)
        }
    }
}
