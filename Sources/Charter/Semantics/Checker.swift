/// Checks a parsed rulebook in the order its phases depend on each other: the charter's
/// calendar and the declarations first, then the types of expressions once the declarations
/// are sound (an unknown record type would otherwise be reported again at every use).
public enum Checker {
    public static func check(_ rulebook: Rulebook) -> [Diagnostic] {
        var found = GovernanceCalendar.calendar(of: rulebook).1 + DeclarationChecker.check(rulebook)
        if !found.hasErrors { found += TypeChecker.check(rulebook) }
        return found
    }
}

extension RulebookLoader.Result {
    /// Adds the checker's diagnostics to a rulebook that parsed; one that did not is left with
    /// its syntax errors, which a missing block or clause would otherwise echo as missing names.
    public mutating func check() {
        if !diagnostics.hasErrors { diagnostics += Checker.check(rulebook) }
    }
}
