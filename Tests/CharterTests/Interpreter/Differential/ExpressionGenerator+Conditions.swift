@testable import Charter
import Foundation
import Testing

extension ExpressionGenerator {
    // MARK: Conditions

    mutating func condition(_ depth: Int, _ scope: GeneratorScope) -> Generated {
        if depth <= 0 || random.chance(0.15) { return conditionLeaf(scope) }
        switch random.below(14) {
        case 0, 1, 2:
            return numberComparison(depth, scope)
        case 3:
            let (l, r) = (condition(depth - 1, scope), condition(depth - 1, scope))
            let isAnd = random.chance(0.5)
            let model: Model? = if let lm = l.model, let rm = r.model {
                { (env: inout ModelEnvironment) throws in
                    guard case .bool(let x) = try lm(&env) else { return .absent }
                    if x != isAnd { return .bool(x) }
                    return try rm(&env)
                }
            } else { nil }
            return Generated(text: "(\(l.text) \(isAnd ? "and" : "or") \(r.text))", model: model)
        case 4:
            let operand = condition(depth - 1, scope)
            return Generated(text: "(not \(operand.text))", model: operand.model.map { inner in
                { (env: inout ModelEnvironment) throws in
                    guard case .bool(let x) = try inner(&env) else { return .absent }
                    return .bool(!x)
                }
            })
        case 5, 6:
            return quantifier(depth, scope)
        case 7:
            return membership(depth, scope)
        case 8:
            return letIn(depth, scope, body: { generator, depth, scope in generator.condition(depth, scope) })
        case 9:
            let kind = random.pick([Kind.date, .time, .duration(random.pick(Kind.DurationKind.allCases))])
            let (l, r) = (value(kind, depth - 1, scope), value(kind, depth - 1, scope))
            return Generated(text: "(\(l.text) \(random.pick(["<", "<=", ">", ">=", "==", "!="])) \(r.text))", model: nil)
        case 10:
            // Equality of any two values of one kind, lists and texts included.
            let kind = random.pick([Kind.text, .numbers, .dates, .texts, .bool, .date])
            let (l, r) = (value(kind, depth - 1, scope), value(kind, depth - 1, scope))
            return Generated(text: "(\(l.text) \(random.chance(0.5) ? "==" : "!=") \(r.text))", model: nil)
        case 11:
            return optionalEquality(depth, scope)
        default:
            return conditionLeaf(scope)
        }
    }

    mutating func conditionLeaf(_ scope: GeneratorScope) -> Generated {
        var choices: [Generated] = [
            Generated(text: "true", model: { _ in .bool(true) }),
            Generated(text: "false", model: { _ in .bool(false) }),
        ]
        for field in schema.fields(.bool) {
            choices.append(Generated(text: "\(subject).\(field.name)", model: { (env: inout ModelEnvironment) throws in env.fields[field.name] ?? .absent }))
        }
        for local in scope.names(.bool) {
            choices.append(Generated(text: local.name, model: local.modelled ? { (env: inout ModelEnvironment) throws in env.locals[local.name] ?? .absent } : nil))
        }
        for local in scope.names(.item) {
            choices.append(Generated(text: "\(local.name).ok", model: { (env: inout ModelEnvironment) throws in
                if case .item(_, let ok)? = env.locals[local.name] { return .bool(ok) }
                return .absent
            }))
        }
        if random.chance(0.5) { return numberComparison(1, scope) }
        return random.pick(choices)
    }

    mutating func numberComparison(_ depth: Int, _ scope: GeneratorScope) -> Generated {
        let op = random.pick(["<", "<=", ">", ">=", "==", "!="])
        let (l, r) = (number(depth - 1, scope), number(depth - 1, scope))
        let model: Model? = if let lm = l.model, let rm = r.model {
            { (env: inout ModelEnvironment) throws in
                let x = ModelArithmetic.number(try lm(&env))
                let y = ModelArithmetic.number(try rm(&env))
                switch op {
                case "<": return .bool(x < y)
                case "<=": return .bool(!(y < x))
                case ">": return .bool(y < x)
                case ">=": return .bool(!(x < y))
                case "==": return .bool(x == y)
                default: return .bool(x != y)
                }
            }
        } else { nil }
        return Generated(text: "(\(l.text) \(op) \(r.text))", model: model)
    }

    mutating func membership(_ depth: Int, _ scope: GeneratorScope) -> Generated {
        let negated = random.chance(0.4)
        let op = negated ? "not in" : "in"
        switch random.below(3) {
        case 0:
            let kind = random.pick([Kind.date, .text])
            let item = value(kind, depth - 1, scope)
            let list = list(kind == .date ? .dates : .texts, depth - 1, scope)
            return Generated(text: "(\(item.text) \(op) \(list.text))", model: nil)
        default:
            let (item, list) = (number(depth - 1, scope), numberList(depth - 1, scope))
            let model: Model? = if let im = item.model, let lm = list.model {
                { (env: inout ModelEnvironment) throws in
                    let x = try im(&env)
                    guard case .list(let items) = try lm(&env) else { return .absent }
                    return .bool(items.contains(x) != negated)
                }
            } else { nil }
            return Generated(text: "(\(item.text) \(op) \(list.text))", model: model)
        }
    }

    /// An optional compared as it is: an absent value equals nothing.
    mutating func optionalEquality(_ depth: Int, _ scope: GeneratorScope) -> Generated {
        let optionals = schema.fields.filter(\.optional)
        guard let field = optionals.isEmpty ? nil : random.pick(optionals) else { return conditionLeaf(scope) }
        let other = value(field.kind, depth - 1, scope)
        let equal = random.chance(0.5)
        let text = "(\(subject).\(field.name) \(equal ? "==" : "!=") \(other.text))"
        guard field.kind == .number, let otherModel = other.model else { return Generated(text: text, model: nil) }
        return Generated(text: text, model: { (env: inout ModelEnvironment) throws in
            let found = env.fields[field.name] ?? .absent
            let compared = try otherModel(&env)
            return .bool((found != .absent && found == compared) == equal)
        })
    }

    /// `all`/`any x in xs [where c]: body`, over numbers, items, dates or texts.
    mutating func quantifier(_ depth: Int, _ scope: GeneratorScope) -> Generated {
        let isAll = random.chance(0.5)
        let variable = fresh("x")
        let source: Generated, kind: Kind
        switch random.below(4) {
        case 0 where !schema.fields(.item).isEmpty:
            let field = random.pick(schema.fields(.item))
            source = Generated(text: "\(subject).\(field.name)", model: { (env: inout ModelEnvironment) throws in env.fields[field.name] ?? .absent })
            kind = .item
        case 1:
            kind = random.pick([Kind.date, .text])
            source = list(kind == .date ? .dates : .texts, depth - 1, scope)
        default:
            source = numberList(depth - 1, scope)
            kind = .number
        }
        let inner = scope.with(variable, kind, modelled: true)
        let filter = random.chance(0.3) ? condition(depth - 1, inner) : nil
        let body = kind == .date || kind == .text
            ? Generated(text: "(\(variable) \(random.pick(["==", "!="])) \(value(kind, 0, scope).text))", model: nil)
            : condition(depth - 1, inner)
        let text = "(\(isAll ? "all" : "any") \(variable) in \(source.text)\(filter.map { " where \($0.text)" } ?? ""): \(body.text))"
        guard let sourceModel = source.model, let bodyModel = body.model, filter == nil || filter?.model != nil else {
            return Generated(text: text, model: nil)
        }
        let filterModel = filter?.model
        return Generated(text: text, model: { (env: inout ModelEnvironment) throws in
            guard case .list(let items) = try sourceModel(&env) else { return .absent }
            let saved = env.locals
            defer { env.locals = saved }
            for item in items {
                env.locals[variable] = item
                if let filterModel, case .bool(false) = try filterModel(&env) { continue }
                guard case .bool(let holds) = try bodyModel(&env) else { return .absent }
                if holds != isAll { return .bool(!isAll) }
            }
            return .bool(isAll)
        })
    }
}
