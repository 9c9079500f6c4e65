/// `x is given`, `if … then … else …`, and what a condition says about optional values: after
/// `when cr.target_release is given`, in the right operand of `and`, in an `if`'s branches and
/// under a quantifier's `where`, `cr.target_release` is known to be there and has its type
/// without `?`, so that no `??` with an invented default is needed.
///
/// A value is named by its path, a name followed by fields (`cr.target_release`, `item.owner`),
/// under the symbol the name resolves to. Names are never reassigned, so a path that held a
/// value when the condition was tested holds it when the narrowed expression is evaluated:
/// evaluation tests `when` clauses in order and stops at one that does not hold, `and` and `or`
/// evaluate their right operand only when the left one leaves the outcome open, `if` only the
/// branch taken, and a quantifier or aggregate skips an element its `where` leaves out.
extension TypeChecker {
    /// The key under which `expr`'s value is narrowed: its root's symbol, then its fields; nil
    /// for an expression that is not a path.
    func givenPath(_ expr: Expr, in scope: Scope) -> String? {
        switch expr.kind {
        case .grouped(let inner): return givenPath(inner, in: scope)
        case .name(let name): return scope.lookup(name).map { "\($0.symbol.index)" }
        case .field(let base, let field): return givenPath(base, in: scope).map { $0 + "." + field.text }
        default: return nil
        }
    }

    /// `type`, without its `?` when `expr` is known to be given in `scope`.
    func narrowed(_ type: CharterType, of expr: Expr, in scope: Scope) -> CharterType {
        guard case .optional(let wrapped) = type, !scope.given.isEmpty,
              let path = givenPath(expr, in: scope), scope.given.contains(path) else { return type }
        return wrapped
    }

    /// The paths `condition` shows to be given when it evaluates to `holds`: `x is given` when
    /// true, `x is not given` when false, both operands of an `and` that holds or an `or` that
    /// does not, and the operands of an `==` that holds (or a `!=` that does not), since an
    /// absent value equals nothing.
    func givenPaths(_ condition: Expr, holds: Bool, in scope: Scope) -> [String] {
        switch condition.kind {
        case .grouped(let inner): return givenPaths(inner, holds: holds, in: scope)
        case .given(let value, let negated):
            guard holds != negated, let path = givenPath(value, in: scope) else { return [] }
            return [path]
        case .unary(.not, let operand): return givenPaths(operand, holds: !holds, in: scope)
        case .binary(.and, let left, let right) where holds,
             .binary(.or, let left, let right) where !holds:
            return givenPaths(left, holds: holds, in: scope) + givenPaths(right, holds: holds, in: scope)
        case .binary(.equal, let left, let right) where holds,
             .binary(.notEqual, let left, let right) where !holds:
            return [givenPath(left, in: scope), givenPath(right, in: scope)].compactMap { $0 }
        default: return []
        }
    }

    /// `scope` with what `condition` evaluating to `holds` shows to be given.
    func scope(_ scope: Scope, after condition: Expr, holds: Bool) -> Scope {
        let paths = givenPaths(condition, holds: holds, in: scope)
        guard !paths.isEmpty else { return scope }
        var narrowed = scope
        narrowed.given.formUnion(paths)
        return narrowed
    }

    /// Whether `expr` is an optional value that a test before it has shown to be given.
    func isKnownGiven(_ expr: Expr, in scope: Scope) -> Bool {
        guard !scope.given.isEmpty, let path = givenPath(expr, in: scope) else { return false }
        return scope.given.contains(path)
    }

    /// `value is given`: true or false, of a value that may be absent.
    mutating func givenTest(_ value: Expr, negated: Bool, in scope: Scope) -> CharterType {
        let found = type(of: value, in: scope).widened
        if !found.isOptional && !found.isUnknown {
            let test = negated ? "is not given" : "is given"
            let outcome = negated ? "false" : "true"
            if isKnownGiven(value, in: scope) {
                report(.typeMismatch, "`\(describe(value))` is known to be given here, so `\(test)` is always \(outcome)",
                       at: value.span, help: "a test before this (`is given`, `==`) already shows it is there: leave this one out")
            } else {
                report(.typeMismatch, "`\(describe(value))` is never absent, so `\(test)` is always \(outcome)",
                       at: value.span, help: "test an optional field (`field: T?`)")
            }
        }
        return .bool
    }

    /// `if condition then a else b`: both branches of one type, an optional when either is.
    mutating func conditional(_ whole: Expr, _ condition: Expr, _ then: Expr, _ otherwise: Expr, in scope: Scope) -> CharterType {
        expectCondition(condition, in: scope, role: "the condition of `if`")
        let a = type(of: then, in: self.scope(scope, after: condition, holds: true)).widened
        let b = type(of: otherwise, in: self.scope(scope, after: condition, holds: false)).widened
        if let common = Self.joined(a, b) { return common }
        report(.typeMismatch, "the branches of `if` are \(a) and \(b)", at: whole.span,
               help: "give both branches the same type, as in `if c then 1 else 0`")
        return .unknown
    }

    /// The one type of two branches: the same type, or an optional of it when either is optional;
    /// an empty list (`list of unknown`) takes the other's element type.
    static func joined(_ a: CharterType, _ b: CharterType) -> CharterType? {
        if a == b || b.isUnknown { return a }
        if a.isUnknown { return b }
        switch (a, b) {
        case (.optional(let x), .optional(let y)): return joined(x, y).map(CharterType.optional)
        case (.optional(let x), _): return joined(x, b).map(CharterType.optional)
        case (_, .optional(let y)): return joined(a, y).map(CharterType.optional)
        case (.list(let x), .list(let y)): return joined(x, y).map(CharterType.list)
        default: return nil
        }
    }
}
