@testable import Charter
import Foundation
import Testing

// MARK: - Expressions

/// A generated expression: its source text and, when the model covers it, the model.
struct Generated {
    let text: String
    let model: Model?
}

/// Names in scope where an expression is generated, with their kinds and whether the model
/// knows their values.
struct GeneratorScope {
    var names: [(name: String, kind: Kind, modelled: Bool)] = []

    func names(_ kind: Kind) -> [(name: String, kind: Kind, modelled: Bool)] { names.filter { $0.kind == kind } }

    func with(_ name: String, _ kind: Kind, modelled: Bool) -> GeneratorScope {
        var inner = self
        inner.names.append((name, kind, modelled))
        return inner
    }
}

/// Writes random well-typed expressions over a record schema, each with its model when the
/// model covers it (numbers, and conditions over numbers).
struct ExpressionGenerator {
    var random: SplitMix64
    let schema: RecordSchema
    let subject: String
    /// Whether `today` may be read (the verdict then needs `--as-of`, or is an error).
    var readsToday = true
    var counter = 0

    init(random: SplitMix64, schema: RecordSchema, subject: String) {
        self.random = random
        self.schema = schema
        self.subject = subject
    }

    mutating func fresh(_ stem: String) -> String {
        counter += 1
        return "\(stem)\(counter)"
    }

    /// Number literals as written, with their exact values: the boundaries of 64 bits,
    /// decimals and percentages.
    static let numberLiterals: [(String, BigRational)] = [
        ("0", .zero), ("1", .one), ("2", BigRational(2)), ("3", BigRational(3)), ("7", BigRational(7)), ("10", BigRational(10)),
        ("100", BigRational(100)), ("-1", BigRational(-1)), ("-2", BigRational(-2)),
        ("9223372036854775807", BigRational(Int.max)), ("-9223372036854775807", BigRational(-Int.max)),
        ("4611686018427387904", BigRational(1 << 62)), ("3037000499", BigRational(3_037_000_499)), ("3037000500", BigRational(3_037_000_500)),
        ("0.5", BigRational.ratio(1, 2)), ("0.1", BigRational.ratio(1, 10)), ("0.125", BigRational.ratio(1, 8)), ("2.5", BigRational.ratio(5, 2)),
        ("-0.5", BigRational.ratio(-1, 2)), ("0.000000000000000001", BigRational.ratio(1, 1_000_000_000_000_000_000)),
        ("123456789.123456789", BigRational.ratio(123_456_789_123_456_789, 1_000_000_000)), ("999999999999999999", BigRational(999_999_999_999_999_999)),
        ("75%", BigRational.ratio(3, 4)), ("12.5%", BigRational.ratio(1, 8)), ("100%", .one), ("0%", .zero), ("1%", BigRational.ratio(1, 100)),
        ("33.33%", BigRational.ratio(3333, 10000)),
    ]

    /// Written fractions and the smallest number, which is an expression in Charter (its
    /// magnitude is one more than the largest literal) and must overflow: Charter's numbers
    /// exclude Int.min so that every one can be negated.
    static var numberExpressions: [(String, Model)] {
        [
        ("(1 / 3)", { _ in .number(BigRational.ratio(1, 3)) }),
        ("(2 / 3)", { _ in .number(BigRational.ratio(2, 3)) }),
        ("(1 / 9223372036854775807)", { _ in .number(BigRational.ratio(1, Int.max)) }),
        ("(9223372036854775807 / 2)", { _ in .number(BigRational.ratio(Int.max, 2)) }),
            ("(-9223372036854775807 - 1)", { _ in try ModelArithmetic.checked(BigRational(-Int.max) - .one) }),
        ]
    }

    // MARK: Numbers

    mutating func number(_ depth: Int, _ scope: GeneratorScope) -> Generated {
        if depth <= 0 || random.chance(0.25) { return numberLeaf(scope) }
        switch random.below(12) {
        case 0, 1, 2, 3:
            let op = random.pick(["+", "-", "*", "/", "+", "-", "*"])
            let (l, r) = (number(depth - 1, scope), number(depth - 1, scope))
            return binary(op, l, r)
        case 4:
            // A percentage of a quantity, or a fraction of it.
            let percentage = random.pick(Self.numberLiterals.filter { $0.0.hasSuffix("%") })
            let r = number(depth - 1, scope)
            return binary("of", Generated(text: percentage.0, model: { _ in .number(percentage.1) }), r)
        case 5:
            let operand = number(depth - 1, scope)
            return Generated(text: "-(\(operand.text))", model: operand.model.map { inner in
                { (env: inout ModelEnvironment) throws in
                    try ModelArithmetic.checked(-ModelArithmetic.number(try inner(&env)))
                }
            })
        case 6:
            return letIn(depth, scope, body: { generator, depth, scope in generator.number(depth, scope) })
        case 7, 8:
            return numberAggregate(depth, scope)
        case 9:
            return count(depth, scope)
        default:
            return numberLeaf(scope)
        }
    }

    mutating func binary(_ op: String, _ l: Generated, _ r: Generated) -> Generated {
        let model: Model? = if let lm = l.model, let rm = r.model {
            { (env: inout ModelEnvironment) throws in
                let x = ModelArithmetic.number(try lm(&env))
                let y = ModelArithmetic.number(try rm(&env))
                return try ModelArithmetic.apply(op, x, y)
            }
        } else { nil }
        return Generated(text: "(\(l.text) \(op) \(r.text))", model: model)
    }

    mutating func numberLeaf(_ scope: GeneratorScope) -> Generated {
        var choices: [() -> Generated] = []
        let literal = random.pick(Self.numberLiterals)
        choices.append { Generated(text: literal.0, model: { _ in .number(literal.1) }) }
        let expression = random.pick(Self.numberExpressions)
        choices.append { Generated(text: expression.0, model: expression.1) }
        for field in schema.fields(.number) {
            let path = "\(subject).\(field.name)"
            choices.append { Generated(text: path, model: { (env: inout ModelEnvironment) throws in env.fields[field.name] ?? .absent }) }
        }
        for field in schema.fields(.number, optional: true) {
            let fallback = random.pick(Self.numberLiterals)
            let path = "\(subject).\(field.name)"
            choices.append {
                Generated(text: "(\(path) ?? \(fallback.0))", model: { (env: inout ModelEnvironment) throws in
                    if case .number(let n)? = env.fields[field.name] { return .number(n) }
                    return .number(fallback.1)
                })
            }
        }
        for local in scope.names(.number) {
            choices.append {
                Generated(text: local.name, model: local.modelled ? { (env: inout ModelEnvironment) throws in env.locals[local.name] ?? .absent } : nil)
            }
        }
        for local in scope.names(.item) {
            choices.append {
                Generated(text: "\(local.name).size", model: { (env: inout ModelEnvironment) throws in
                    if case .item(let size, _)? = env.locals[local.name] { return .number(size) }
                    return .absent
                })
            }
        }
        return random.pick(choices)()
    }

    /// `let name = value in body`, the value in parentheses (the first top-level `in` ends it).
    mutating func letIn(_ depth: Int, _ scope: GeneratorScope,
                        body: (inout ExpressionGenerator, Int, GeneratorScope) -> Generated) -> Generated {
        let name = fresh("v")
        let kind: Kind = random.chance(0.6) ? .number : random.pick([.bool, .date, .text, .numbers])
        let bound = value(kind, depth - 1, scope)
        let inner = body(&self, depth - 1, scope.with(name, kind, modelled: bound.model != nil))
        let model: Model? = if let bm = bound.model, let im = inner.model {
            { (env: inout ModelEnvironment) throws in
                let saved = env.locals
                defer { env.locals = saved }
                env.locals[name] = try bm(&env)
                return try im(&env)
            }
        } else { nil }
        return Generated(text: "(let \(name) = (\(bound.text)) in \(inner.text))", model: model)
    }

    /// A list of numbers: a field, a literal list (possibly empty), and the model of it.
    mutating func numberList(_ depth: Int, _ scope: GeneratorScope, allowEmptyLiteral: Bool = true) -> Generated {
        var choices: [Int] = [0]
        if !schema.fields(.numbers).isEmpty { choices += [1, 1, 1] }
        if allowEmptyLiteral { choices.append(2) }
        switch random.pick(choices) {
        case 1:
            let field = random.pick(schema.fields(.numbers))
            return Generated(text: "\(subject).\(field.name)", model: { (env: inout ModelEnvironment) throws in env.fields[field.name] ?? .absent })
        case 2:
            return Generated(text: "[]", model: { _ in .list([]) })
        default:
            let elements = (0..<(1 + random.below(3))).map { _ in number(Swift.min(depth - 1, 1), scope) }
            let models = elements.compactMap(\.model)
            let model: Model? = models.count == elements.count ? { (env: inout ModelEnvironment) throws in
                var values: [ModelValue] = []
                for model in models { values.append(try model(&env)) }
                return .list(values)
            } : nil
            return Generated(text: "[" + elements.map(\.text).joined(separator: ", ") + "]", model: model)
        }
    }

    /// `sum`, `min` or `max` of numbers: of a list, or of `x in xs [where c]: value`.
    mutating func numberAggregate(_ depth: Int, _ scope: GeneratorScope) -> Generated {
        let aggregate = random.pick(["sum", "min", "max"])
        let gathered: Generated
        let overItems = !schema.fields(.item).isEmpty && random.chance(0.3)
        if random.chance(0.4) && !overItems {
            // `sum([])` has no element type for the checker; its value is 0 all the same.
            gathered = numberList(depth, scope)
            let model = gathered.model
            return Generated(text: "\(aggregate)(\(gathered.text))", model: model.map { list in
                { (env: inout ModelEnvironment) throws in
                    guard case .list(let items) = try list(&env) else { return .absent }
                    return try Self.fold(aggregate, items.map(ModelArithmetic.number))
                }
            })
        }
        let variable = fresh("x")
        let source: Generated, elementKind: Kind
        if overItems {
            let field = random.pick(schema.fields(.item))
            source = Generated(text: "\(subject).\(field.name)", model: { (env: inout ModelEnvironment) throws in env.fields[field.name] ?? .absent })
            elementKind = .item
        } else {
            source = numberList(depth, scope, allowEmptyLiteral: false)
            elementKind = .number
        }
        let inner = scope.with(variable, elementKind, modelled: true)
        let filter = random.chance(0.4) ? condition(depth - 1, inner) : nil
        let body = number(depth - 1, inner)
        let text = "\(aggregate)(\(variable) in \(source.text)\(filter.map { " where \($0.text)" } ?? ""): \(body.text))"
        guard let sourceModel = source.model, let bodyModel = body.model, filter == nil || filter?.model != nil else {
            return Generated(text: text, model: nil)
        }
        let filterModel = filter?.model
        return Generated(text: text, model: { (env: inout ModelEnvironment) throws in
            guard case .list(let items) = try sourceModel(&env) else { return .absent }
            let saved = env.locals
            defer { env.locals = saved }
            // Every value is gathered before any is added, as Charter does: an error in a
            // later element comes before an overflow in the sum of earlier ones.
            var values: [BigRational] = []
            for item in items {
                env.locals[variable] = item
                if let filterModel, case .bool(false) = try filterModel(&env) { continue }
                values.append(ModelArithmetic.number(try bodyModel(&env)))
            }
            return try Self.fold(aggregate, values)
        })
    }

    static func fold(_ aggregate: String, _ values: [BigRational]) throws -> ModelValue {
        guard var total = values.first else {
            if aggregate == "sum" { return .number(.zero) }
            throw ModelError.empty(aggregate)
        }
        for value in values.dropFirst() {
            switch aggregate {
            case "sum":
                guard case .number(let sum) = try ModelArithmetic.apply("+", total, value) else { return .absent }
                total = sum
            case "min": if value < total { total = value }
            default: if total < value { total = value }
            }
        }
        return .number(total)
    }

    /// `count(xs)` or `count(x in xs where c)`, over numbers or items.
    mutating func count(_ depth: Int, _ scope: GeneratorScope) -> Generated {
        let overItems = !schema.fields(.item).isEmpty && random.chance(0.4)
        let source: Generated
        if overItems {
            let field = random.pick(schema.fields(.item))
            source = Generated(text: "\(subject).\(field.name)", model: { (env: inout ModelEnvironment) throws in env.fields[field.name] ?? .absent })
        } else if random.chance(0.2) {
            let other = random.pick([Kind.dates, .texts, .durations])
            source = Generated(text: list(other, depth - 1, scope).text, model: nil)
            return Generated(text: "count(\(source.text))", model: nil)
        } else {
            source = numberList(depth, scope)
        }
        guard random.chance(0.6) else {
            return Generated(text: "count(\(source.text))", model: source.model.map { list in
                { (env: inout ModelEnvironment) throws in
                    guard case .list(let items) = try list(&env) else { return .absent }
                    return .number(BigRational(items.count))
                }
            })
        }
        let variable = fresh("x")
        let filter = condition(depth - 1, scope.with(variable, overItems ? .item : .number, modelled: true))
        let text = "count(\(variable) in \(source.text) where \(filter.text))"
        guard let sourceModel = source.model, let filterModel = filter.model else { return Generated(text: text, model: nil) }
        return Generated(text: text, model: { (env: inout ModelEnvironment) throws in
            guard case .list(let items) = try sourceModel(&env) else { return .absent }
            let saved = env.locals
            defer { env.locals = saved }
            var found = 0
            for item in items {
                env.locals[variable] = item
                if case .bool(true) = try filterModel(&env) { found += 1 }
            }
            return .number(BigRational(found))
        })
    }
}
