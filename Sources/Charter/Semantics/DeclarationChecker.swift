/// Checks a rulebook's declarations before any rule runs: that every name resolves to a
/// declaration of the right kind and nothing is declared twice (`N` codes), and the governance
/// checks of reporting lines, seats, cadences and processes (`G` codes).
///
/// Expressions are left to the type checker, except where a declaration's meaning rests on a
/// literal (`quorum 7`, `lasts 10 working days`). The check is pure and linear in the size of
/// the rulebook: the names are gathered into dictionaries once (`DeclarationScope`).
public struct DeclarationChecker: Sendable {
    let scope: DeclarationScope
    var diagnostics: [Diagnostic]
    /// Every group declaration in source order, duplicates included (the nodes of the reporting
    /// graph), and every `reports_to` that names a group (its edges).
    var groupDeclarations: [GroupDecl] = []
    var reportingEdges: [Cycles.Edge] = []
    /// The `reports_to` name of each edge, where a cycle is reported.
    var reportingClauses: [Identifier] = []

    /// The start of a cadence that states no `from`, for the checks that need a first date.
    static let defaultCadenceStart = CivilDate(year: 2024, month: 1, day: 1)

    /// Every problem found in the declarations of `rulebook`: duplicates first, then each
    /// declaration's in source order, then reporting cycles (`sortedBySource()` interleaves them).
    public static func check(_ rulebook: Rulebook) -> [Diagnostic] {
        run(rulebook).diagnostics
    }

    /// The diagnostics of `check`, and the graph of each process, by its declaration's index.
    static func run(_ rulebook: Rulebook) -> (diagnostics: [Diagnostic], processGraphs: [Int: ProcessGraph]) {
        var diagnostics: [Diagnostic] = []
        var graphs: [Int: ProcessGraph] = [:]
        let scope = DeclarationScope(rulebook, diagnostics: &diagnostics)
        var checker = DeclarationChecker(scope: scope, diagnostics: diagnostics)
        for (index, declaration) in rulebook.declarations.enumerated() {
            switch declaration {
            case .group(let group):
                checker.checkGroup(group)
            case .record(let record):
                checker.checkFields(record.fields, owner: "record `\(record.name.text)`")
            case .rule(let rule):
                if let subject = rule.subject { checker.checkRecordType(subject.type) }
            case .process(let process):
                graphs[index] = checker.checkProcess(process)
            case .function(let function):
                for type in function.parameters.compactMap(\.type) { checker.checkType(type) }
            case .charter, .role, .constituency, .level:
                break
            }
        }
        checker.checkReportingCycles()
        return (checker.diagnostics, graphs)
    }

    init(scope: DeclarationScope, diagnostics: [Diagnostic]) {
        self.scope = scope
        self.diagnostics = diagnostics
    }

    // MARK: - Records

    /// Field types resolve (N013) and no record, nested or not, has a field twice (N003).
    mutating func checkFields(_ fields: [FieldDecl], owner: String) {
        var seen: [String: Identifier] = [:]
        for field in fields {
            if let first = seen[field.name.text] {
                diagnostics.append(.error(.duplicateField, "\(owner) has two fields named `\(field.name.text)`", at: field.name.span,
                                          help: "rename or remove one of them",
                                          notes: [.init("`\(field.name.text)` is first declared here", at: first.span)]))
            } else {
                seen[field.name.text] = field.name
            }
            checkType(field.type)
        }
    }

    mutating func checkType(_ type: TypeExpr) {
        switch type {
        case .named(let name):
            guard !scope.isType(name.text) else { return }
            let candidates = DeclarationScope.primitiveTypes + scope.recordTypeNames
            diagnostics.append(.error(.unknownRecordType, "there is no type `\(name.text)`", at: name.span,
                                      help: Suggest.didYouMean(name.text, among: candidates)
                                          ?? "use \(Suggest.list(DeclarationScope.primitiveTypes)), `list of T`, or a record type: "
                                          + "declare it with `record \(name.text) { … }`"))
        case .list(let element, _), .optional(let element, _):
            checkType(element)
        case .record(let fields, _):
            checkFields(fields, owner: "the nested record")
        case .oneOf:
            break
        }
    }

    /// The `for TYPE` of a rule or process names a record type (N013).
    mutating func checkRecordType(_ type: Identifier) {
        guard !scope.isRecordType(type.text) else { return }
        diagnostics.append(.error(.unknownRecordType, "there is no record type `\(type.text)`", at: type.span,
                                  help: Suggest.didYouMean(type.text, among: scope.recordTypeNames)
                                      ?? "declare it with `record \(type.text) { … }`, or use one of the built-in types "
                                      + Suggest.list(DeclarationScope.builtInRecordTypes)))
    }

    // MARK: - Shared

    /// N008: `name` should be a group, a role or a constituency.
    mutating func resolveBody(_ name: Identifier, meaning: String) {
        guard !scope.isBody(name.text) else { return }
        diagnostics.append(.error(.unknownBody, "there is no group, role or constituency `\(name.text)`", at: name.span,
                                  help: Suggest.didYouMean(name.text, among: scope.bodyNames)
                                      ?? "declare `\(name.text)` as a `role`, a `group` or a `constituency`, or name \(meaning) instead"))
    }

    /// `` `A` -> `B` -> `A` ``
    static func chain(_ names: [String]) -> String {
        names.map { "`\($0)`" }.joined(separator: " -> ")
    }
}
