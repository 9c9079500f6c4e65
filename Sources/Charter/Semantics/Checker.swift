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
        let analysis = analysis(of: rulebook, files: files)
        return (analysis.checked, analysis.diagnostics)
    }

    /// Everything the checker finds out about `rulebook`: its diagnostics, its symbol table,
    /// and when no diagnostic is an error the checked rulebook. The expressions are resolved
    /// and typed even when the declarations have errors, for the symbol table; what the type
    /// checker says of a declaration is reported unless the declaration itself has an error
    /// (whose consequences it might only repeat), so that one run reports every layer of
    /// mistakes in the others.
    public static func analysis(of rulebook: Rulebook, files: SourceFiles) -> Analysis {
        analysisAndTypes(of: rulebook, files: files).analysis
    }

    /// `analysis`, with the type checker as it finished (for an `OverlayBase`).
    static func analysisAndTypes(of rulebook: Rulebook, files: SourceFiles) -> (analysis: Analysis, types: TypeChecker) {
        let declarations = DeclarationChecker.run(rulebook)
        let found = GovernanceCalendar.calendar(of: rulebook).1 + declarations.diagnostics
        let types = TypeChecker.run(rulebook)
        return (analysis(of: rulebook, files: files, declarations: declarations, found: found, types: types), types)
    }

    static func analysis(of rulebook: Rulebook, files: SourceFiles, declarations: (diagnostics: [Diagnostic], processGraphs: [Int: ProcessGraph]),
                                 found: [Diagnostic], types: TypeChecker) -> Analysis {
        var found = found
        let symbols = Symbols(types.recorder)
        guard !found.hasErrors else {
            found += DeclarationExtents(rulebook).excluding(types.diagnostics, inDeclarationsWith: found)
            return Analysis(checked: nil, diagnostics: found, symbols: symbols, types: ExpressionTypes(types.typedSpans))
        }
        found += types.diagnostics
        guard !found.hasErrors else { return Analysis(checked: nil, diagnostics: found, symbols: symbols, types: ExpressionTypes(types.typedSpans)) }
        let checked = CheckedRulebook(rulebook: rulebook, files: files, types: types, symbols: symbols, warnings: found,
                                      processGraphs: declarations.processGraphs)
        return Analysis(checked: checked, diagnostics: found, symbols: symbols, types: ExpressionTypes(types.typedSpans))
    }
}

/// What `Checker.analysis` finds out about a rulebook.
public struct Analysis: Sendable {
    /// The rulebook ready for evaluation; nil when a diagnostic is an error.
    public let checked: CheckedRulebook?
    public let diagnostics: [Diagnostic]
    /// Every declaration and reference, whether or not the rulebook has errors.
    public let symbols: Symbols
    /// The type of every expression the checker typed, whether or not the rulebook has errors.
    public let types: ExpressionTypes
}

/// A rulebook that has passed every check, with what the checks found out: the record shapes
/// (built in and declared), the type of every expression node, the symbol table, and the
/// resolution of every name to its slot, with each unit's frame. `Checker.checked` alone
/// makes one, and a `Program` is compiled from one only, so that evaluation never meets a
/// name, a field or an operand the checker has not accepted, nor infers a type or assigns a
/// slot again.
public struct CheckedRulebook: Sendable {
    public let rulebook: Rulebook
    public let files: SourceFiles
    /// The record shapes by index, and the named ones by name.
    public let shapes: [RecordShape]
    public let shapeByName: [String: RecordShape.ID]
    /// The checks' warnings (a checked rulebook has no errors).
    public let warnings: [Diagnostic]
    /// Every declaration of the rulebook and every reference in it.
    public let symbols: Symbols
    let expressionTypes: [ObjectIdentifier: CharterType]
    /// Where each name, binder and field of the expressions is in its unit's frame.
    let resolution: Resolution
    /// The symbol of `today`, which the compiler reads with a check that there is a date.
    let todaySymbol: SymbolID?
    /// The graph of each process, by its declaration's index: the one the checker judged.
    let processGraphs: [Int: ProcessGraph]
    /// The record shapes and rule subjects, for checking an expression typed at the REPL
    /// against this rulebook.
    let typeChecker: TypeChecker

    fileprivate init(rulebook: Rulebook, files: SourceFiles, types: TypeChecker, symbols: Symbols, warnings: [Diagnostic],
                     processGraphs: [Int: ProcessGraph]) {
        self.rulebook = rulebook
        self.processGraphs = processGraphs
        self.files = files
        shapes = types.shapes
        shapeByName = types.shapeByName
        expressionTypes = types.expressionTypes
        resolution = types.resolution
        todaySymbol = types.builtInNames[FrameLayout.today]
        self.symbols = symbols
        self.warnings = warnings
        var checker = types
        checker.forgetExpressions()
        typeChecker = checker
    }

    private init(extending base: CheckedRulebook, by checker: TypeChecker) {
        rulebook = base.rulebook
        files = base.files
        shapes = checker.shapes
        shapeByName = checker.shapeByName
        expressionTypes = base.expressionTypes.merging(checker.expressionTypes) { _, new in new }
        resolution = base.resolution.merging(checker.resolution)
        todaySymbol = base.todaySymbol
        processGraphs = base.processGraphs
        symbols = base.symbols
        warnings = base.warnings
        var forgetting = checker
        forgetting.forgetExpressions()
        typeChecker = forgetting
    }

    /// This rulebook with what `checker` found about more expressions checked against it (an
    /// input at the REPL): their types and resolution, and its shapes, which may have gained
    /// fields for them.
    func extended(by checker: TypeChecker) -> CheckedRulebook {
        CheckedRulebook(extending: self, by: checker)
    }

    /// The type the checker gave `expr`; `.unknown` for a node it did not check.
    func type(of expr: Expr) -> CharterType {
        expressionTypes[ObjectIdentifier(expr)] ?? .unknown
    }

    /// The graph of the process at `index` in the rulebook, as the checker judged it.
    func processGraph(ofDeclarationAt index: Int) -> ProcessGraph? {
        processGraphs[index]
    }

    /// The frame of the rule, group or process at `index` in the rulebook.
    func frameLayout(ofDeclarationAt index: Int) -> FrameLayout? {
        resolution.units[index]
    }
}

extension CheckedRulebook {
    /// What one rule reads beyond its own record: the record types whose loaded records it
    /// lists (`impact_assessments`), in the order first read.
    public struct RuleReads: Sendable {
        public let rule: String
        /// The type the rule is `for`.
        public let subject: String
        public let otherTypes: [String]
    }

    /// For each rule, the other record types it reads: a rule that reads a type the command
    /// was not given sees an empty list of it.
    public func recordTypesRead() -> [RuleReads] {
        var found: [RuleReads] = []
        for case .rule(let rule) in rulebook.declarations {
            guard let subject = rule.subject else { continue }
            var types: [String] = []
            for clause in rule.clauses {
                let expressions: [Expr] = switch clause {
                case .when(let condition): [condition]
                case .bind(_, let value): [value]
                case .require(let condition, let message): [condition] + (message.map { [$0] } ?? [])
                }
                for expr in expressions {
                    _ = expr.contains { node in
                        if let index = resolution.recordLists[ObjectIdentifier(node)], shapes.indices.contains(index),
                           let name = shapes[index].id.name, !types.contains(name) {
                            types.append(name)
                        }
                        return false
                    }
                }
            }
            found.append(RuleReads(rule: rule.name.text, subject: subject.type.text, otherTypes: types))
        }
        return found
    }
}
