/// Redefining declarations: what a what-if does. A later declaration of the same kind and name
/// replaces the earlier one. A later `process` without `end` is a change to the steps of the
/// existing process: it replaces the steps it restates, adds those it does not, and replaces
/// the appeals if it gives any; a `process` with `end` is whole, and replaces the old one.
///
/// Declarations are matched by kind and name, never by comparing their text or trees: what a
/// redefinition changes is judged by evaluating both rulebooks (`OutcomeDiff`). So restating
/// `require cr.fixes_defect` as `require (cr.fixes_defect)` is a redefinition that changes no
/// verdict — parentheses (`.grouped`) mean what they enclose — rather than "the same
/// definition", which would need an equality of trees that spans and comments make fragile.
extension Rulebook {
    /// What a redefinition did, for people: `redefined rule change_freeze`.
    public struct Change: Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// This rulebook with `other`'s declarations laid over it.
    public func redefined(by other: Rulebook) -> (rulebook: Rulebook, changes: [Change]) {
        var declarations = self.declarations
        var changes: [Change] = []
        for declaration in other.declarations {
            guard let key = Self.key(declaration),
                  let index = declarations.firstIndex(where: { Self.key($0) == key }) else {
                declarations.append(declaration)
                if let key = Self.key(declaration) { changes.append(Change(description: key.describe("added"))) }
                continue
            }
            if case .process(let old) = declarations[index], case .process(let new) = declaration, new.ends.isEmpty {
                let (merged, stepChanges) = Self.merge(old, new)
                declarations[index] = .process(merged)
                changes += stepChanges
            } else {
                declarations[index] = declaration
                changes.append(Change(description: key.describe("redefined")))
            }
        }
        return (Rulebook(declarations: declarations, comments: comments + other.comments), changes)
    }

    struct Key: Equatable {
        let kind: String
        let name: String

        /// `redefined rule change_freeze`, `redefined the charter`.
        func describe(_ verb: String) -> String { name.isEmpty ? "\(verb) the \(kind)" : "\(verb) \(kind) \(name)" }
    }

    static func key(_ declaration: Declaration) -> Key? {
        switch declaration {
        case .charter: Key(kind: "charter", name: "")
        case .role(let d): Key(kind: "role", name: d.name.text)
        case .constituency(let d): Key(kind: "constituency", name: d.name.text)
        case .level(let d): Key(kind: "level", name: String(d.number))
        case .group(let d): Key(kind: "group", name: d.name.text)
        case .record(let d): Key(kind: "record", name: d.name.text)
        case .rule(let d): Key(kind: "rule", name: d.name.text)
        case .process(let d): Key(kind: "process", name: d.name.text)
        case .function(let d): Key(kind: "def", name: d.name.text)
        }
    }

    /// `old` with `new`'s steps, ends and appeals laid over it. A new step goes after the first
    /// step that leads to it, or last.
    static func merge(_ old: ProcessDecl, _ new: ProcessDecl) -> (ProcessDecl, [Change]) {
        var steps = old.steps
        var changes: [Change] = []
        var added: [Step] = []
        for step in new.steps {
            if let index = steps.firstIndex(where: { $0.name.text == step.name.text }) {
                steps[index] = step
                changes.append(Change(description: "redefined step \(step.name.text) of process \(old.name.text)"))
            } else {
                added.append(step)
            }
        }
        // New steps go after the step that leads to them, which may itself be new: place them in
        // passes until none can be placed, then the rest at the end in the order written.
        while !added.isEmpty {
            guard let next = added.indices.first(where: { index in
                steps.contains { $0.transitions.contains { $0.target.text == added[index].name.text } }
            }) else { break }
            let step = added.remove(at: next)
            let after = steps.firstIndex { $0.transitions.contains { $0.target.text == step.name.text } }
            steps.insert(step, at: after.map { $0 + 1 } ?? steps.count)
            changes.append(Change(description: "added step \(step.name.text) to process \(old.name.text)"))
        }
        for step in added {
            steps.append(step)
            changes.append(Change(description: "added step \(step.name.text) to process \(old.name.text)"))
        }
        if !new.appeals.isEmpty {
            changes.append(Change(description: "replaced the appeals of process \(old.name.text)"))
        }
        let merged = ProcessDecl(name: old.name, title: new.title ?? old.title, subject: new.subject ?? old.subject,
                                 effectiveFrom: new.effectiveFrom ?? old.effectiveFrom,
                                 effectiveUntil: new.effectiveUntil ?? old.effectiveUntil,
                                 steps: steps, ends: old.ends, appeals: new.appeals.isEmpty ? old.appeals : new.appeals,
                                 span: old.span)
        return (merged, changes)
    }
}
