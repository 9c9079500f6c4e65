@testable import Charter
import Foundation
import Testing

extension ExpressionGenerator {
    // MARK: Other kinds (checked between the evaluators, not against the model)

    mutating func value(_ kind: Kind, _ depth: Int, _ scope: GeneratorScope) -> Generated {
        switch kind {
        case .number: return number(depth, scope)
        case .bool: return condition(depth, scope)
        case .date: return date(depth, scope)
        case .time: return time(depth, scope)
        case .text: return text(depth, scope)
        case .duration(let durationKind): return duration(durationKind, depth, scope)
        case .numbers: return numberList(depth, scope)
        case .dates, .texts, .durations: return list(kind, depth, scope)
        case .item: return number(depth, scope)
        }
    }

    static let dateLiterals = [
        "0001-01-01", "9999-12-31", "2024-01-31", "2024-02-29", "2023-02-28", "2024-03-31", "2024-12-31", "2000-02-29",
        "1900-02-28", "2024-03-13", "9999-12-01", "0001-12-31", "2024-04-30",
    ]

    mutating func date(_ depth: Int, _ scope: GeneratorScope) -> Generated {
        var leaves = Self.dateLiterals.map { Generated(text: $0, model: nil) }
        for field in schema.fields(.date) { leaves += Array(repeating: Generated(text: "\(subject).\(field.name)", model: nil), count: 3) }
        for field in schema.fields(.date, optional: true) {
            leaves.append(Generated(text: "(\(subject).\(field.name) ?? \(random.pick(Self.dateLiterals)))", model: nil))
        }
        for local in scope.names(.date) { leaves.append(Generated(text: local.name, model: nil)) }
        if readsToday { leaves.append(Generated(text: "today", model: nil)) }
        if depth <= 0 || random.chance(0.3) { return random.pick(leaves) }
        switch random.below(6) {
        case 0, 1:
            let (d, g) = (date(depth - 1, scope), duration(random.pick(Kind.DurationKind.allCases), depth - 1, scope))
            return Generated(text: random.chance(0.8) ? "(\(d.text) \(random.pick(["+", "-"])) \(g.text))" : "(\(g.text) + \(d.text))", model: nil)
        case 2:
            let aggregate = random.pick(["min", "max"])
            if random.chance(0.5) { return Generated(text: "\(aggregate)(\(list(.dates, depth - 1, scope).text))", model: nil) }
            let variable = fresh("x")
            let source = list(.dates, depth - 1, scope)
            let body = date(depth - 1, scope.with(variable, .date, modelled: false))
            return Generated(text: "\(aggregate)(\(variable) in \(source.text): \(body.text))", model: nil)
        case 3:
            return letIn(depth, scope, body: { generator, depth, scope in generator.date(depth, scope) })
        default:
            return random.pick(leaves)
        }
    }

    static func durationLiterals(_ kind: Kind.DurationKind) -> [String] {
        switch kind {
        case .fixed:
            ["30m", "2h30m", "90 minutes", "1 hour", "3 days", "2 weeks", "0 days", "1 day", "1440 minutes", "-5 days",
             "1 min", "9223372036854775807 minutes", "9223372036854775807 days", "106751991167300 days", "1000000 days"]
        case .workingDays:
            ["10 working days", "0 working days", "1 working day", "-3 working days", "250 working days",
             "3000000 working days", "9223372036854775807 working days"]
        case .months:
            ["1 month", "13 months", "2 years", "-1 month", "0 months", "120000 months", "9223372036854775807 months",
             "768000000000000000 years"]
        }
    }

    mutating func duration(_ kind: Kind.DurationKind, _ depth: Int, _ scope: GeneratorScope) -> Generated {
        var leaves = Self.durationLiterals(kind).map { Generated(text: $0, model: nil) }
        if kind == .fixed {
            for field in schema.fields(.duration(.fixed)) { leaves += Array(repeating: Generated(text: "\(subject).\(field.name)", model: nil), count: 3) }
        }
        for local in scope.names(.duration(kind)) { leaves.append(Generated(text: local.name, model: nil)) }
        if depth <= 0 || random.chance(0.3) { return random.pick(leaves) }
        switch random.below(8) {
        case 0:
            let (l, r) = (duration(kind, depth - 1, scope), duration(kind, depth - 1, scope))
            return Generated(text: "(\(l.text) \(random.pick(["+", "-"])) \(r.text))", model: nil)
        case 1:
            let (k, g) = (number(depth - 1, scope), duration(kind, depth - 1, scope))
            return Generated(text: random.chance(0.5) ? "(\(k.text) * \(g.text))" : "(\(g.text) * \(k.text))", model: nil)
        case 2:
            let (g, k) = (duration(kind, depth - 1, scope), number(depth - 1, scope))
            return Generated(text: "(\(g.text) / \(k.text))", model: nil)
        case 3:
            let percentage = random.pick(Self.numberLiterals.filter { $0.0.hasSuffix("%") })
            return Generated(text: "(\(percentage.0) of \(duration(kind, depth - 1, scope).text))", model: nil)
        case 4:
            return Generated(text: "-(\(duration(kind, depth - 1, scope).text))", model: nil)
        case 5 where kind == .fixed:
            if random.chance(0.5) {
                return Generated(text: "(\(date(depth - 1, scope).text) - \(date(depth - 1, scope).text))", model: nil)
            }
            return Generated(text: "(\(time(depth - 1, scope).text) - \(time(depth - 1, scope).text))", model: nil)
        case 6 where kind == .fixed:
            if random.chance(0.5) {
                let durations = list(.durations, depth - 1, scope, allowEmptyLiteral: !KnownBugs.emptySumIsANumber)
                return Generated(text: "sum(\(durations.text))", model: nil)
            }
            let variable = fresh("x")
            let source = numberList(depth - 1, scope, allowEmptyLiteral: false)
            let body = "(\(variable) * \(random.pick(["1 day", "15 minutes", "1 hour"])))"
            return Generated(text: "sum(\(variable) in \(source.text): \(body))", model: nil)
        case 7:
            return letIn(depth, scope, body: { generator, depth, scope in generator.duration(kind, depth, scope) })
        default:
            return random.pick(leaves)
        }
    }

    mutating func time(_ depth: Int, _ scope: GeneratorScope) -> Generated {
        var leaves = ["00:00", "10:00", "23:59", "9:30", "12:00"].map { Generated(text: $0, model: nil) }
        for field in schema.fields(.time) { leaves += Array(repeating: Generated(text: "\(subject).\(field.name)", model: nil), count: 2) }
        if depth <= 0 || random.chance(0.4) { return random.pick(leaves) }
        let (t, g) = (time(depth - 1, scope), duration(.fixed, depth - 1, scope))
        return Generated(text: "(\(t.text) \(random.pick(["+", "-"])) \(g.text))", model: nil)
    }

    static let textLiterals = [
        #""""#, #""a""#, #""Change Freeze""#, #""é""#, #""tab\there""#, #""quote \" and \\ backslash""#,
        #""brace \{x\}""#, #""\u{2019}""#, "\"" + String(repeating: "seventy characters ", count: 4) + "\"",
    ]

    mutating func text(_ depth: Int, _ scope: GeneratorScope, interpolating: Bool = true) -> Generated {
        var leaves = Self.textLiterals.map { Generated(text: $0, model: nil) }
        for field in schema.fields(.text) { leaves += Array(repeating: Generated(text: "\(subject).\(field.name)", model: nil), count: 2) }
        for field in schema.fields(.text, optional: true) {
            leaves.append(Generated(text: "(\(subject).\(field.name) ?? \(random.pick(Self.textLiterals)))", model: nil))
        }
        for local in scope.names(.text) { leaves.append(Generated(text: local.name, model: nil)) }
        if depth <= 0 || random.chance(0.3) { return random.pick(leaves) }
        switch random.below(4) {
        case 0 where interpolating:
            return interpolation(depth, scope)
        case 1:
            let (l, r) = (text(depth - 1, scope, interpolating: interpolating), text(depth - 1, scope, interpolating: interpolating))
            return Generated(text: "(\(l.text) + \(r.text))", model: nil)
        default:
            return random.pick(leaves)
        }
    }

    /// `"before {expr} after"`, any kind of expression inside; texts inside take plain quotes
    /// and are not interpolated again.
    mutating func interpolation(_ depth: Int, _ scope: GeneratorScope) -> Generated {
        let kinds: [Kind] = [.number, .bool, .date, .time, .text, .duration(.fixed), .duration(.workingDays), .numbers, .dates, .texts]
        var pieces = "\"" + random.pick(["", "value ", "n = ", "é "])
        for _ in 0..<(1 + random.below(2)) {
            let kind = random.pick(kinds)
            let inner = kind == .text ? text(depth - 1, scope, interpolating: false) : valueWithoutInterpolation(kind, depth - 1, scope)
            pieces += "{\(inner.text)}" + random.pick(["", " and ", "; "])
        }
        return Generated(text: pieces + "\"", model: nil)
    }

    /// A value whose text has no interpolated text literal inside it.
    mutating func valueWithoutInterpolation(_ kind: Kind, _ depth: Int, _ scope: GeneratorScope) -> Generated {
        for _ in 0..<20 {
            let candidate = value(kind, depth, scope)
            if !candidate.text.contains("{") { return candidate }
        }
        return value(kind, 0, scope)
    }

    mutating func list(_ kind: Kind, _ depth: Int, _ scope: GeneratorScope, allowEmptyLiteral: Bool = true) -> Generated {
        let (element, fieldKind): (Kind, Kind) = switch kind {
        case .dates: (.date, .dates)
        case .texts: (.text, .texts)
        case .durations: (.duration(.fixed), .durations)
        default: (.number, .numbers)
        }
        if kind == .numbers { return numberList(depth, scope) }
        let fields = schema.fields(fieldKind)
        if !fields.isEmpty && random.chance(0.6) { return Generated(text: "\(subject).\(random.pick(fields).name)", model: nil) }
        // `[]` in a list of durations too: the checker cannot tell its element type.
        if allowEmptyLiteral && random.chance(0.15) { return Generated(text: "[]", model: nil) }
        let elements = (0..<(1 + random.below(3))).map { _ in value(element, Swift.min(depth - 1, 1), scope).text }
        return Generated(text: "[" + elements.joined(separator: ", ") + "]", model: nil)
    }
}
