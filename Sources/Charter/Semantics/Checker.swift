/// Checks a parsed rulebook in the order its phases depend on each other: the charter's
/// calendar and the declarations first, then the types of expressions once the declarations
/// are sound (an unknown record type would otherwise be reported again at every use).
public enum Checker {
    public static func check(_ rulebook: Rulebook) -> [Diagnostic] {
        checked(rulebook, files: SourceFiles()).diagnostics
    }

    /// Every diagnostic of `rulebook`, and when none is an error the checked rulebook that
    /// evaluation compiles: the only way to make one.
    public static func checked(_ rulebook: Rulebook, files: SourceFiles) -> (checked: CheckedRulebook?, diagnostics: [Diagnostic]) {
        var found = GovernanceCalendar.calendar(of: rulebook).1 + DeclarationChecker.check(rulebook)
        guard !found.hasErrors else { return (nil, found) }
        let types = TypeChecker.run(rulebook)
        found += types.diagnostics
        guard !found.hasErrors else { return (nil, found) }
        return (CheckedRulebook(rulebook: rulebook, files: files, types: types, warnings: found), found)
    }
}

/// A rulebook that has passed every check, with what the checks found out: the record shapes
/// (built in and declared) and the type of every expression node. `Checker.checked` alone
/// makes one, and a `Program` is compiled from one only, so that evaluation never meets a
/// name, a field or an operand the checker has not accepted, nor infers a type again.
public struct CheckedRulebook: Sendable {
    public let rulebook: Rulebook
    public let files: SourceFiles
    /// The record shapes by index, and the named ones by name.
    public let shapes: [RecordShape]
    public let shapeByName: [String: RecordShape.ID]
    /// The checks' warnings (a checked rulebook has no errors).
    public let warnings: [Diagnostic]
    let expressionTypes: [ObjectIdentifier: CharterType]
    /// The record shapes and rule subjects, for checking an expression typed at the REPL
    /// against this rulebook.
    let typeChecker: TypeChecker

    fileprivate init(rulebook: Rulebook, files: SourceFiles, types: TypeChecker, warnings: [Diagnostic]) {
        self.rulebook = rulebook
        self.files = files
        shapes = types.shapes
        shapeByName = types.shapeByName
        expressionTypes = types.expressionTypes
        self.warnings = warnings
        var checker = types
        checker.forgetExpressions()
        typeChecker = checker
    }

    /// This rulebook with what `checker` found about more expressions checked against it (an
    /// input at the REPL), and its shapes, which may have gained fields for them.
    func extended(by checker: TypeChecker) -> CheckedRulebook {
        var extended = checker
        extended.expressionTypes.merge(expressionTypes) { new, _ in new }
        return CheckedRulebook(rulebook: rulebook, files: files, types: extended, warnings: warnings)
    }

    /// The type the checker gave `expr`; `.unknown` for a node it did not check.
    func type(of expr: Expr) -> CharterType {
        expressionTypes[ObjectIdentifier(expr)] ?? .unknown
    }
}
