@testable import Charter
import Foundation
import Testing

// MARK: - Rulebooks

/// One generated rulebook: the record declaration and three rules over it.
///
/// - `value_probe` binds a value of a random kind and reports it in its message, so that the
///   compiled verdict shows it and the trace's `let` clause shows it too;
/// - `condition_probe` has random `when`, `let` and `require` clauses with `else` messages;
/// - `all_probe` is a `require all` with a message naming each counterexample.
struct GeneratedRulebook {
    let schema: RecordSchema
    let subject: String
    let source: String
    /// The kind of `value_probe`'s value, and its model when the model covers it.
    let valueKind: Kind
    let valueModel: Model?
    let valueText: String
    /// The model of `condition_probe`'s clauses, in order, when the model covers all of them.
    let conditionClauses: [(keyword: String, name: String?, model: Model)]?
    let conditionText: String
    /// A group and `meeting_probe`, in some rulebooks.
    let governance: GovernanceProbe?

    init(random: inout SplitMix64) {
        schema = RecordSchema(random: &random)
        subject = "p"
        var generator = ExpressionGenerator(random: random, schema: schema, subject: subject)
        generator.readsToday = random.chance(0.5)
        let depth = 1 + generator.random.below(4)

        // value_probe: numbers half the time, for the model.
        let kinds: [Kind] = [.number, .number, .number, .number, .bool, .date, .time, .text, .duration(.fixed),
                             .duration(.workingDays), .duration(.months), .numbers, .dates, .texts, .durations]
        valueKind = generator.random.pick(kinds)
        let value = generator.value(valueKind, depth, GeneratorScope())
        valueModel = value.model
        valueText = value.text

        // condition_probe
        var clauses: [String] = []
        var models: [(keyword: String, name: String?, model: Model)]? = []
        var scope = GeneratorScope()
        for _ in 0..<(1 + generator.random.below(4)) {
            switch generator.random.below(5) {
            case 0:
                let condition = generator.condition(depth, scope)
                clauses.append("when \(condition.text)")
                if let model = condition.model { models?.append(("when", nil, model)) } else { models = nil }
            case 1:
                let name = generator.fresh("w")
                let kind: Kind = generator.random.chance(0.7) ? .number : generator.random.pick([.bool, .date, .text, .numbers])
                let bound = generator.value(kind, depth, scope)
                scope = scope.with(name, kind, modelled: bound.model != nil)
                clauses.append("let \(name) = \(bound.text)")
                if let model = bound.model { models?.append(("let", name, model)) } else { models = nil }
            default:
                let condition = generator.condition(depth, scope)
                var clause = "require \(condition.text)"
                if generator.random.chance(0.6) { clause += "\n  else \(generator.text(depth, scope).text)" }
                clauses.append(clause)
                if let model = condition.model { models?.append(("require", nil, model)) } else { models = nil }
            }
        }
        if !clauses.contains(where: { $0.hasPrefix("require") }) {
            let condition = generator.condition(depth, scope)
            clauses.append("require \(condition.text)")
            if let model = condition.model { models?.append(("require", nil, model)) } else { models = nil }
        }
        conditionClauses = models
        conditionText = clauses.joined(separator: "\n  ")

        // all_probe
        let variable = "item"
        let allSource: String, allKind: Kind
        if !schema.fields(.item).isEmpty && generator.random.chance(0.5) {
            allSource = "\(subject).\(generator.random.pick(schema.fields(.item)).name)"
            allKind = .item
        } else {
            allSource = generator.numberList(depth, GeneratorScope(), allowEmptyLiteral: false).text
            allKind = .number
        }
        let inner = GeneratorScope().with(variable, allKind, modelled: true)
        let filter = generator.random.chance(0.3) ? " where \(generator.condition(depth - 1, inner).text)" : ""
        let body = generator.condition(depth, inner)
        let message = generator.random.chance(0.7)
            ? "\n  else \"{\(allKind == .item ? "\(variable).size" : variable)} fails; {\(generator.valueWithoutInterpolation(.number, depth - 1, inner).text)}\""
            : ""

        governance = generator.random.chance(0.4) ? GovernanceProbe(random: &generator.random) : nil

        // fused_probe: a function of the record alone and a condition of its own, both of the
        // forms the compiler fuses, the call fused into the rule's condition.
        var functionGenerator = ExpressionGenerator(random: generator.random, schema: schema, subject: "r")
        var tested: Set<String> = []
        let fusedBody = functionGenerator.fusibleCondition(depth + 1, tested: &tested).text
        tested = []
        generator.random = functionGenerator.random
        let fusedCall = generator.random.chance(0.3) ? "(not fused_check(\(subject)))" : "fused_check(\(subject))"
        let fusedCondition = "(\(fusedCall) \(generator.random.pick(["and", "or"])) \(generator.fusibleCondition(depth, tested: &tested).text))"
        let fusedWhen = generator.random.chance(0.3) ? "when \(generator.fusibleCondition(1, tested: &tested).text)\n  " : ""
        source = """
            \(schema.declaration)
            \(governance?.source ?? "")
            rule value_probe {
              for \(schema.typeName) \(subject)
              let v = \(value.text)
              require false
              else "{v}"
            }

            rule condition_probe {
              for \(schema.typeName) \(subject)
              \(conditionText)
            }

            def fused_check(r: \(schema.typeName)) = \(fusedBody)

            rule fused_probe {
              for \(schema.typeName) \(subject)
              \(fusedWhen)require \(fusedCondition)
              else "fused probe fails"
            }

            rule all_probe {
              for \(schema.typeName) \(subject)
              require all \(variable) in \(allSource)\(filter): \(body.text)\(message)
            }

            """
        random = generator.random
    }
}

/// A group with seats, a quorum and thresholds written as generated expressions over the
/// group's names (with `let`, quantifiers and aggregates, which need slots of the quorum's own
/// frame), and a rule over the built-in `meeting` records that calls `quorate`, `attending` and
/// `carried`.
struct GovernanceProbe {
    let source: String

    init(random: inout SplitMix64) {
        var generator = ExpressionGenerator(random: random, schema: RecordSchema(emptyNamed: "meeting"), subject: "m")
        generator.readsToday = false
        var seatScope = GeneratorScope()
        for name in ["present", "seats", "filled_seats", "members"] { seatScope = seatScope.with(name, .number, modelled: false) }
        var voteScope = seatScope
        for name in ["yes", "no", "abstain"] { voteScope = voteScope.with(name, .number, modelled: false) }
        let depth = 1 + generator.random.below(3)
        var clauses: [String] = ["level 1"]
        for constituency in ["c1", "c2"] {
            let state = generator.random.pick(["", " nominated", " vacant", " by_exception"])
            clauses.append("seat \(constituency) \(1 + generator.random.below(4))\(state)")
        }
        if generator.random.chance(0.3) { clauses.append("member alice \"Alice\"") }
        switch generator.random.below(4) {
        case 0: clauses.append("quorum \(generator.random.pick(["50%", "2/3", "100%", "1/3", "0%"])) of \(generator.random.pick(["filled_seats", "seats"]))")
        case 1:
            // A literal quorum is checked against the seats (G006); a computed one is evaluated.
            let needed = generator.number(depth, seatScope).text
            clauses.append("quorum \(needed.contains(where: { $0.isLetter || $0 == "(" }) ? needed : "0 + \(needed)")")
        case 2: clauses.append("quorum \(generator.condition(depth, seatScope).text)")
        default: break
        }
        if generator.random.chance(0.8) { clauses.append("threshold \(generator.condition(depth, voteScope).text)") }
        let special = generator.random.chance(0.5)
        if special { clauses.append("threshold special = \(generator.condition(depth, voteScope).text)") }
        // Without its own, G1 still meets `carried(m, d, "special")`: lint accepts the label of
        // another group, and evaluation finds G1 lacks it.
        let other = special ? "" : "group G2 \"Other probe group\" {\n  level 1\n  threshold special = yes > no\n}\n"

        var calls = ["quorate(m)", "(not quorate(m))", "carried(m, 1)", "carried(m, 2, \"special\")", "carried(m, 1, \"special\")"]
        calls.append("(attending(m) \(generator.random.pick(["<", ">=", "=="])) \(generator.number(1, GeneratorScope()).text))")
        calls.append("(let k = (attending(m)) in (k * 2 >= \(generator.random.pick(["1", "3", "9223372036854775807"]))))")
        var condition = generator.random.pick(calls)
        for _ in 0..<generator.random.below(3) {
            condition = "(\(condition) \(generator.random.pick(["and", "or"])) \(generator.random.pick(calls)))"
        }
        source = """
            level 1 "Probe level"
            constituency c1
            constituency c2
            group G1 "Probe group" {
              \(clauses.joined(separator: "\n  "))
            }
            \(other)
            rule meeting_probe {
              for meeting m
              require \(condition)
              else "{attending(m)} attending; quorate {quorate(m)}"
            }

            """
        random = generator.random
    }

    /// A meeting of the group (a record naming a group the rules do not declare does not load):
    /// attendees of its constituencies and of another, and votes on decisions 1 and 2.
    func randomMeeting(_ random: inout SplitMix64) -> [String: Value] {
        let attendees: [Value] = (0..<random.below(7)).map { _ in
            .list([.text(random.pick(["c1", "c1", "c2", "c3"])), random.chance(0.5) ? .absent : .text("someone"), .bool(random.chance(0.7))])
        }
        let votes: [Value] = (0..<random.below(7)).map { _ in
            .list([.number(random.pick([Rational.one, Rational(2, 1), Rational(3, 1)].compactMap { $0 })),
                   .text(random.pick(["a", "b", "c", "d"])), .text(random.pick(["yes", "no", "abstain"]))])
        }
        return [
            "group": .text("G1"),
            "date": .date(random.pick(RecordSchema.datePool)),
            "attendees": .list(attendees),
            "votes": .list(votes),
        ]
    }
}
