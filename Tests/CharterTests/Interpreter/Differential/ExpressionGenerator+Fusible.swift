@testable import Charter
import Foundation
import Testing

extension ExpressionGenerator {
    // MARK: Conditions the compiler fuses

    /// `and`, `or` and `not` over tests of the record's own fields against literals, the
    /// forms `ExpressionCompiler.fusedCondition` compiles into one program of steps: numbers
    /// at the edges of 64 bits and fractions, absent optionals and empty lists, so that the
    /// fused program meets every reason to hand over to the general nodes. `tested` holds the
    /// optional fields already read in the rule: the checker refuses to see one tested with
    /// `is given` where it knows the answer (T002), so each is read once at most.
    mutating func fusibleCondition(_ depth: Int, tested: inout Set<String>) -> Generated {
        if depth <= 0 || random.chance(0.2) { return fusibleLeaf(tested: &tested) }
        if random.chance(0.2) { return Generated(text: "(not \(fusibleCondition(depth - 1, tested: &tested).text))", model: nil) }
        let (l, r) = (fusibleCondition(depth - 1, tested: &tested), fusibleCondition(depth - 1, tested: &tested))
        return Generated(text: "(\(l.text) \(random.chance(0.5) ? "and" : "or") \(r.text))", model: nil)
    }

    mutating func fusibleLeaf(tested: inout Set<String>) -> Generated {
        var leaves = ["true", "false"]
        for field in schema.fields(.bool) { leaves += Array(repeating: "\(subject).\(field.name)", count: 2) }
        for field in schema.fields(.texts) {
            leaves.append("(\(random.pick(Self.textLiterals)) \(random.chance(0.5) ? "in" : "not in") \(subject).\(field.name))")
            leaves.append("(\(random.pick(["\"a\"", "\"Change Freeze\"", "\"é\""])) in \(subject).\(field.name))")
        }
        for field in schema.fields(.text) + schema.fields(.text, optional: true) where !tested.contains(field.name) {
            let (name, literal) = ("\(subject).\(field.name)", random.pick(Self.textLiterals + ["\"a\"", "\"x y\"", "\"CR043\""]))
            let op = random.pick(["==", "!="])
            leaves.append(random.chance(0.5) ? "(\(name) \(op) \(literal))" : "(\(literal) \(op) \(name))")
        }
        let untested = schema.fields.filter { $0.optional && !tested.contains($0.name) }
        if !untested.isEmpty && random.chance(0.15) {
            let field = random.pick(untested)
            tested.insert(field.name)
            return Generated(text: "(\(subject).\(field.name) is \(random.chance(0.5) ? "" : "not ")given)", model: nil)
        }
        let dates = schema.fields(.date).map { "\(subject).\($0.name)" }
        for date in dates {
            let other = random.chance(0.7) ? random.pick(Self.dateLiterals) : random.pick(dates)
            leaves.append("(\(date) \(random.pick(["<", "<=", ">", ">="])) \(other))")
            leaves.append("(\(random.pick(Self.dateLiterals)) \(random.pick(["<", "<=", ">", ">="])) \(date))")
        }
        if !schema.fields(.number).isEmpty {
            for _ in 0..<3 {
                let (l, r) = (fusibleNumber(2), fusibleNumber(1))
                leaves.append("(\(l) \(random.pick(["<", "<=", ">", ">=", "==", "!="])) \(r))")
            }
        }
        for field in schema.fields(.number, optional: true) where !tested.contains(field.name) {
            leaves.append("(\(subject).\(field.name) \(random.pick(["==", "!="])) \(fusibleNumber(0)))")
        }
        let leaf = random.pick(leaves)
        // An optional compared with `==` is known given where it equals something: not tested again.
        for field in schema.fields.filter(\.optional) where leaf.contains("\(subject).\(field.name)") {
            tested.insert(field.name)
        }
        return Generated(text: leaf, model: nil)
    }

    /// A whole-number field, a literal (whole, a fraction, a percentage, or at the edge of
    /// 64 bits), or a sum, difference or product of such.
    mutating func fusibleNumber(_ depth: Int) -> String {
        let fields = schema.fields(.number).map { "\(subject).\($0.name)" }
        if depth <= 0 || random.chance(0.3) {
            guard fields.isEmpty || random.chance(0.4) else { return random.pick(fields) }
            let literal = random.pick(Self.numberLiterals).0
            return literal.hasPrefix("-") ? "(\(literal))" : literal
        }
        return "(\(fusibleNumber(depth - 1)) \(random.pick(["+", "-", "*"])) \(fusibleNumber(depth - 1)))"
    }
}
