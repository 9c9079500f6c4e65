/// Checking a rulebook made by laying declarations over one already checked (a what-if:
/// `diff --after`, a redefinition at the REPL) without typing again the rules it leaves alone.
///
/// What it covers: the type checker's work on each `rule` of the base. A rule of the combined
/// rulebook takes the diagnostics the base's check gave it, rather than being typed again,
/// when it is the very declaration the base had at that index (the same expression nodes),
/// it calls no `def` (a function's body is checked at its first call, in whichever rule that
/// is), and everything a rule is typed against is the same as in the base: the record shapes
/// (so the record declarations, the core fields and the charter's attributes), the groups,
/// roles and constituencies an expression may name, the quorum and threshold labels, and the
/// `def` functions. Everything else is checked again: the declaration checks and the calendar,
/// the resolver, groups, processes, functions, and every rule the overlay adds or redefines or
/// that reads something it changes.
///
/// What it gives: the diagnostics of the combined rulebook, which are exactly those of
/// checking it from scratch. When they include an error that is the whole answer; when they
/// do not, the checked rulebook (with its symbols, types and slots, numbered as a check from
/// scratch numbers them) is made by checking from scratch, so a clean rulebook that took some
/// rule from the base costs a partial check and a whole one; one that took none, one check.
public struct OverlayBase: Sendable {
    let declarations: [Declaration]
    let context: UnitContext?
    /// The diagnostics the base's check gave each unit, by declaration index.
    let unitDiagnostics: [Int: [Diagnostic]]

    /// Checks `rulebook`, keeping what the type checker reported for each of its units.
    public init(_ rulebook: Rulebook) {
        self.init(rulebook, checker: TypeChecker.run(rulebook))
    }

    /// What `checker`, which has run on `rulebook`, reported for each unit.
    init(_ rulebook: Rulebook, checker: TypeChecker) {
        declarations = rulebook.declarations
        context = checker.unitContext
        var kept: [Int: [Diagnostic]] = [:]
        for (index, range) in checker.unitDiagnostics where range.lowerBound >= 0 && range.upperBound <= checker.diagnostics.count {
            kept[index] = Array(checker.diagnostics[range])
        }
        unitDiagnostics = kept
    }

    /// What the base's check reported for `declaration`, at `index` of the combined rulebook,
    /// when that is a rule of the base typed against the same context and calling none of
    /// `functions`; nil when it has to be checked.
    func diagnostics(ofUnchanged declaration: Declaration, at index: Int, calling functions: [String: FunctionSignature]) -> [Diagnostic]? {
        guard case .rule(let rule) = declaration, declarations.indices.contains(index),
              case .rule(let old) = declarations[index], let kept = unitDiagnostics[index],
              old.span == rule.span, old.clauses.count == rule.clauses.count else { return nil }
        for (clause, oldClause) in zip(rule.clauses, old.clauses) {
            let (expressions, oldExpressions) = (clause.expressions, oldClause.expressions)
            guard expressions.count == oldExpressions.count,
                  zip(expressions, oldExpressions).allSatisfy({ $0 === $1 }) else { return nil }
            for expr in expressions where expr.contains(where: { node in
                if case .call(let name, _) = node.kind { functions[name.text] != nil } else { false }
            }) {
                return nil
            }
        }
        return kept
    }
}

extension RuleClause {
    /// The expressions of the clause, the message last.
    var expressions: [Expr] {
        switch self {
        case .when(let condition): [condition]
        case .bind(_, let value): [value]
        case .require(let condition, let message): [condition] + (message.map { [$0] } ?? [])
        }
    }
}

/// What the declarations give every rule, group and process to be typed in, as far as any
/// diagnostic can tell: two checks with equal contexts type a unit they share alike.
struct UnitContext: Equatable, Sendable {
    struct Named: Equatable, Sendable {
        let value: Value
        let type: CharterType
    }

    let shapes: [RecordShape]
    let shapeByName: [String: RecordShape.ID]
    let ruleSubjects: [String: CharterType]
    let charterNames: [String: Named]
    let charterNameOrder: [String]
    let quorumLabels: [String]
    let thresholdLabels: [String]
    let attributes: [String: Set<String>]
    let recordTypes: Set<String>
    /// Each function's name and where it is declared.
    let functions: [String: SourceSpan]

    init(_ checker: TypeChecker) {
        shapes = checker.shapes
        shapeByName = checker.shapeByName
        ruleSubjects = checker.ruleSubjects
        charterNames = checker.charterNames.mapValues { Named(value: $0.value, type: $0.type) }
        charterNameOrder = checker.charterNameOrder
        quorumLabels = checker.governanceLabels.quorums
        thresholdLabels = checker.governanceLabels.thresholds
        attributes = checker.attributeSymbols.mapValues { Set($0.keys) }
        recordTypes = Set(checker.recordTypeSymbols.keys)
        functions = checker.functions.mapValues(\.decl.span)
    }
}

extension Checker {
    /// `checked(rulebook, files:)` for a rulebook that is `base` with declarations laid over
    /// it: the same diagnostics and checked rulebook, with the type checker's work on the
    /// base's unchanged rules taken from `base` when the result has errors (see `OverlayBase`).
    public static func checked(_ rulebook: Rulebook, files: SourceFiles, over base: OverlayBase) -> (checked: CheckedRulebook?, diagnostics: [Diagnostic]) {
        let result = checkedAndBase(rulebook, files: files, over: base)
        return (result.checked, result.diagnostics)
    }

    /// `checked(_:files:over:)`, and when the rulebook checks cleanly the base that its own
    /// check makes, for the next overlay laid over it (a later redefinition at the REPL).
    static func checkedAndBase(_ rulebook: Rulebook, files: SourceFiles, over base: OverlayBase)
        -> (checked: CheckedRulebook?, diagnostics: [Diagnostic], base: OverlayBase?) {
        let declarations = DeclarationChecker.run(rulebook)
        let declared = GovernanceCalendar.calendar(of: rulebook).1 + declarations.diagnostics
        var found = declared
        let types = TypeChecker.run(rulebook, over: base)
        guard !found.hasErrors else {
            found += DeclarationExtents(rulebook).excluding(types.diagnostics, inDeclarationsWith: found)
            return (nil, found, nil)
        }
        found += types.diagnostics
        guard !found.hasErrors else { return (nil, found, nil) }
        // A checker that took nothing from the base is the one a check from scratch makes.
        let (analysis, checker) = types.reusedUnits == 0
            ? (analysis(of: rulebook, files: files, declarations: declarations, found: declared, types: types), types)
            : analysisAndTypes(of: rulebook, files: files)
        return (analysis.checked, analysis.diagnostics, OverlayBase(rulebook, checker: checker))
    }
}

extension RulebookLoader.Result {
    /// `check()` for a rulebook that is `base` with declarations laid over it (see
    /// `Checker.checked(_:files:over:)`): the same diagnostics added, the same result.
    @discardableResult
    public mutating func check(over base: OverlayBase) -> CheckedRulebook? {
        let (checked, found) = Checker.checked(rulebook, files: files, over: base)
        let parsed = !diagnostics.hasErrors
        diagnostics += aboutFilesThatParse(found)
        return parsed ? checked : nil
    }
}
