/// Types every expression of a rulebook against its `record` declarations before any record is
/// read, so that a misspelt field or a date compared with a number is a diagnostic, not a
/// rule that silently fails. Run it on a rulebook whose declarations check cleanly.
public struct TypeChecker: Sendable {
    /// The record shapes, named and nested, by index.
    var shapes: [RecordShape] = []
    var shapeByName: [String: RecordShape.ID] = [:]
    var ruleSubjects: [String: CharterType] = [:]
    public internal(set) var diagnostics: [Diagnostic] = []
    /// The type of every expression node checked, by the node's identity.
    var expressionTypes: [ObjectIdentifier: CharterType] = [:]
    /// The same types by where each node is written, for an editor's hover.
    var typedSpans: [ExpressionTypes.Entry] = []
    /// The slots and frames the resolver gave the expressions checked.
    var resolution = Resolution()
    /// The symbols of the rulebook, with the local names and references of its expressions.
    var recorder = SymbolRecorder()
    /// The symbol of each top-level declaration, by its index in the rulebook.
    var declarationSymbols: [SymbolID?] = []
    var builtInNames: [String: SymbolID] = [:]
    var builtInFunctions: [String: SymbolID] = [:]
    /// The symbols of each shape's fields, by shape index then field name.
    var fieldSymbols: [[String: SymbolID]] = []
    /// The next free slot of the unit being checked, the symbol it belongs to, and the local
    /// each binder in it declared (for the message of a `require all`).
    var nextSlot = 0
    var unitOwner: SymbolID?
    var binderEntries: [ObjectIdentifier: Scope.Entry] = [:]
    /// The kind of duration each `let` name holds, where the expression it names says
    /// (`let gap = e.closes - e.opens` holds fixed-length days): see `DurationKind`.
    var letDurationKinds: [SymbolID: DurationKind] = [:]
    /// The groups, roles and constituencies an expression may name, and their names in
    /// rulebook order (for suggestions).
    var charterNames: [String: CharterName] = [:]
    var charterNameOrder: [String] = []
    /// The labels of the groups' quorums and thresholds, which `quorate` and `carried` may name.
    var governanceLabels = GovernanceLabels()
    /// The symbol of each attribute name, by kind: the field a read of it refers to.
    var attributeSymbols: [String: [String: SymbolID]] = [:]
    /// The symbol of each record type, which `meetings` refers to by its first part.
    var recordTypeSymbols: [String: SymbolID] = [:]
    /// The `def` functions, by name (see TypeChecker+Functions.swift).
    var functions: [String: FunctionSignature] = [:]
    /// What the declarations give every unit to be checked in, once they are declared; and
    /// where in `diagnostics` the reports of each unit checked are, by declaration index.
    var unitContext: UnitContext?
    var unitDiagnostics: [Int: Range<Int>] = [:]
    /// How many units took their diagnostics from an `OverlayBase` instead of being checked:
    /// while none has, the checker is the one `run(rulebook)` makes.
    var reusedUnits = 0

    /// Checks every rule, quorum, threshold and process condition of `rulebook`.
    public static func check(_ rulebook: Rulebook) -> [Diagnostic] {
        run(rulebook).diagnostics
    }

    /// The checker after checking `rulebook`: its diagnostics, shapes and expression types.
    /// Resolves every declaration-level name first (`DeclarationResolver`), then types and
    /// resolves the expressions of each unit.
    static func run(_ rulebook: Rulebook) -> TypeChecker {
        run(rulebook, over: nil)
    }

    /// `run`, taking from `base` what each of its rules reported where the rule and everything
    /// it reads are unchanged in `rulebook` (see `OverlayBase`). The checker's diagnostics are
    /// then those of `run(rulebook)`; its types, resolution and symbols are not complete.
    static func run(_ rulebook: Rulebook, over base: OverlayBase?) -> TypeChecker {
        let core = CoreRecords.declarations()
        let resolver = DeclarationResolver.resolve(rulebook)
        var checker = TypeChecker(resolved: resolver)
        checker.declareShapes(rulebook, core: core, fields: resolver)
        checker.declareCharter(rulebook, attributes: checker.checkAttributes(of: rulebook))
        checker.governanceLabels = labels(of: rulebook)
        checker.declareFunctions(rulebook)
        checker.unitContext = UnitContext(checker)
        let reusable = base.flatMap { $0.context == checker.unitContext ? $0 : nil }
        for (index, declaration) in rulebook.declarations.enumerated() {
            if let reusable, let kept = reusable.diagnostics(ofUnchanged: declaration, at: index, calling: checker.functions) {
                checker.diagnostics += kept
                checker.reusedUnits += 1
                continue
            }
            let first = checker.diagnostics.count
            switch declaration {
            case .rule(let rule): checker.check(rule, at: index)
            case .group(let group): checker.check(group, at: index)
            case .process(let process): checker.check(process, at: index)
            default: continue
            }
            checker.unitDiagnostics[index] = first..<checker.diagnostics.count
        }
        checker.checkUncalledFunctions()
        return checker
    }

    /// Drops what checking found about particular expressions, keeping the shapes and the
    /// symbols' identities, for checking more expressions against the same declarations.
    mutating func forgetExpressions() {
        expressionTypes = [:]
        typedSpans = []
        diagnostics = []
        resolution = Resolution()
        recorder = recorder.continued()
        binderEntries = [:]
        unitDiagnostics = [:]
    }

    // MARK: - Record shapes

    /// The record shapes a rulebook declares (with the built-in record types), and the named ones
    /// by name: what a `RecordDecoder` reads record files against.
    public static func shapes(of rulebook: Rulebook) -> (shapes: [RecordShape], byName: [String: RecordShape.ID]) {
        let core = CoreRecords.declarations()
        let resolver = DeclarationResolver.resolve(rulebook)
        var checker = TypeChecker(resolved: resolver)
        checker.declareShapes(rulebook, core: core, fields: resolver)
        checker.declareCharter(rulebook, attributes: checker.checkAttributes(of: rulebook))
        return (checker.shapes, checker.shapeByName)
    }

    /// The shapes of the built-in record types (with the fields of `core`) and of the records
    /// `rulebook` declares, with the symbols `resolver` gave their fields.
    mutating func declareShapes(_ rulebook: Rulebook, core: [String: RecordDecl], fields resolver: DeclarationResolver) {
        let records = rulebook.declarations.enumerated().compactMap { index, d -> (Int, RecordDecl)? in
            if case .record(let r) = d { (index, r) } else { nil }
        }
        // Names first, so that records may refer to each other in any order.
        for name in records.map(\.1.name.text) + DeclarationScope.builtInRecordTypes where shapeByName[name] == nil {
            shapeByName[name] = newShape(named: name)
        }
        for name in DeclarationScope.builtInRecordTypes {
            if let id = shapeByName[name], let fields = core[name]?.fields {
                fill(id, with: fields, symbols: resolver.builtInRecords[name]?.fields ?? [])
            }
        }
        var filled: Set<String> = []
        for (index, record) in records where filled.insert(record.name.text).inserted {
            if DeclarationScope.unloadableRecordTypes.contains(record.name.text) {
                refuseDeclarationRecord(record)
                continue
            }
            guard let id = shapeByName[record.name.text] else { continue }
            fill(id, with: record.fields, symbols: resolver.recordFields[index] ?? [], restating: core[record.name.text] != nil)
        }
    }

    /// Adds `fields`, whose symbols are `symbols`, to a shape. A field already there is a core
    /// field being restated: it takes the restated type merged into the core one (T007 if the
    /// two cannot be merged), and references to it go to the restatement.
    mutating func fill(_ id: RecordShape.ID, with fields: [FieldDecl], symbols: [FieldSymbols], restating: Bool = false) {
        for (offset, field) in fields.enumerated() {
            let symbol = symbols.indices.contains(offset) ? symbols[offset] : nil
            if let existing = shapes[id.index].fields[field.name.text] {
                guard restating else { continue }
                let restated = resolve(field.type, nested: symbol?.nested ?? [])
                if let symbol { fieldSymbols[id.index][field.name.text] = symbol.id }
                if !field.headers.isEmpty { shapes[id.index].headers[field.name.text, default: []] += field.headers.map(\.value) }
                if let merged = merge(restated, into: existing) {
                    shapes[id.index].fields[field.name.text] = merged
                } else if !restated.isUnknown {
                    report(.coreFieldRetyped, "`\(field.name.text)` is a core field of `\(id.name ?? "")` with type \(spelled(existing)), not \(spelled(restated))",
                           at: field.type.span, help: "restate it with that type, narrowed if need be (a `one of` for text, a required value for an optional one, more fields in a nested record), or give the field another name")
                }
                continue
            }
            let type = resolve(field.type, nested: symbol?.nested ?? [])
            if let symbol { fieldSymbols[id.index][field.name.text] = symbol.id }
            if !field.headers.isEmpty { shapes[id.index].headers[field.name.text, default: []] += field.headers.map(\.value) }
            shapes[id.index].fields[field.name.text] = type
            shapes[id.index].slots[field.name.text] = shapes[id.index].fieldOrder.count
            shapes[id.index].fieldOrder.append(field.name.text)
        }
    }

    /// A core field's type as a rulebook restates it: text narrowed to a `one of`, an optional
    /// made required, a nested record with the rulebook's fields added to the core ones. Nil
    /// when the restated type is not a narrowing of the core one.
    mutating func merge(_ restated: CharterType, into core: CharterType) -> CharterType? {
        switch (restated, core) {
        case _ where restated == core: return core
        case (.choice, .text): return restated
        case (.choice(let a), .choice(let b)): return Set(a).isSubset(of: b) ? restated : nil
        case (.optional(let a), .optional(let b)): return merge(a, into: b).map(CharterType.optional)
        case (_, .optional(let b)): return merge(restated, into: b)
        case (.list(let a), .list(let b)): return merge(a, into: b).map(CharterType.list)
        case (.record(let a), .record(let b)):
            // The core fields first, in their slots, then the rulebook's own; a field restated
            // has the restatement's symbol. The shape is made after the fields are merged,
            // which may make shapes of their own.
            var fields: [(name: String, type: CharterType)] = []
            var symbols = fieldSymbols[b.index]
            for name in shapes[b.index].fieldOrder {
                guard let coreType = shapes[b.index].fields[name] else { continue }
                var type = coreType
                if let given = shapes[a.index].fields[name] {
                    guard let merged = merge(given, into: coreType) else { return nil }
                    type = merged
                    symbols[name] = fieldSymbols[a.index][name] ?? symbols[name]
                }
                fields.append((name, type))
            }
            for name in shapes[a.index].fieldOrder where shapes[b.index].fields[name] == nil {
                guard let type = shapes[a.index].fields[name] else { continue }
                fields.append((name, type))
                symbols[name] = fieldSymbols[a.index][name]
            }
            let id = newShape(named: nil)
            for (name, type) in fields {
                shapes[id.index].slots[name] = shapes[id.index].fieldOrder.count
                shapes[id.index].fieldOrder.append(name)
                shapes[id.index].fields[name] = type
            }
            fieldSymbols[id.index] = symbols
            return .record(id)
        default: return nil
        }
    }

    /// A type for a message, with the fields of nested records spelt out.
    func spelled(_ type: CharterType) -> String {
        switch type {
        case .record(let id) where id.name == nil:
            let shape = shapes[id.index]
            return "{ " + shape.fieldOrder.map { "\($0): \(spelled(shape.fields[$0] ?? .unknown))" }.joined(separator: ", ") + " }"
        case .list(let element): return "list of \(spelled(element))"
        case .optional(let wrapped): return "\(spelled(wrapped))?"
        default: return type.description
        }
    }

    /// The type `type` writes; `nested` are the symbols of the fields of the nested record it
    /// holds, if any.
    mutating func resolve(_ type: TypeExpr, nested: [FieldSymbols]) -> CharterType {
        switch type {
        case .named(let name):
            switch name.text {
            case "text": return .text
            case "number": return .number
            case "bool": return .bool
            case "date": return .date
            case "time": return .time
            case "duration": return .duration
            default: return shapeByName[name.text].map(CharterType.record) ?? .unknown
            }
        case .list(let element, _): return .list(resolve(element, nested: nested))
        case .optional(let wrapped, _): return .optional(resolve(wrapped, nested: nested))
        case .oneOf(let choices, _): return .choice(choices.map(\.value))
        case .record(let fields, _):
            let id = newShape(named: nil)
            fill(id, with: fields, symbols: nested)
            return .record(id)
        }
    }

    // MARK: - Declarations

    /// A rule is one unit: `today` and its record in their slots, then its locals.
    mutating func check(_ rule: RuleDecl, at index: Int) {
        guard let subject = rule.subject else { return }
        beginUnit(owner: declarationSymbols.indices.contains(index) ? declarationSymbols[index] : nil)
        var scope = Scope()
        scope.bind(builtIn(FrameLayout.today, .date))
        let recordSlot = takeSlot()
        if let variable = subject.variable {
            scope.bind(local(.subjectVariable, variable, shapeByName[subject.type.text].map(CharterType.record) ?? .unknown,
                             declaredBy: subject.type.span.through(variable.span), slot: recordSlot))
        }
        var clauseSlots: [Int?] = []
        for clause in rule.clauses {
            warnOfDeepQuantifiers(in: clause)
            switch clause {
            case .when(let condition):
                expectCondition(condition, in: scope, role: "a `when` condition")
                // The clauses after a `when` run only on records for which it holds.
                scope = self.scope(scope, after: condition, holds: true)
                clauseSlots.append(nil)
            case .bind(let name, let value):
                let entry = local(.letBinding, name, type(of: value, in: scope), declaredBy: name.span.through(value.span))
                noteDurationKind(of: value, boundTo: entry)
                scope.bind(entry)
                clauseSlots.append(entry.slot)
            case .require(let condition, let message):
                expectCondition(condition, in: scope, role: "a `require` condition")
                clauseSlots.append(nil)
                guard let message else { continue }
                // The message of `require all x in xs: …` speaks of each counterexample `x`:
                // the quantifier's own variable, in its slot.
                var messageScope = scope
                if case .quantifier(.all, _, _) = condition.ungrouped.kind, let variable = binderEntries[ObjectIdentifier(condition.ungrouped)] {
                    messageScope.bind(variable)
                }
                _ = type(of: message, in: messageScope)
            }
        }
        resolution.units[index] = frameLayout(clauseSlots: clauseSlots)
    }

    /// How deep quantifiers and aggregates over lists that are not written out may nest before
    /// lint warns: at three, a list of 3,000 elements takes 27 billion steps.
    static let quantifierDepthWarning = 3

    /// T009: the first quantifier or aggregate of a clause that stands `quantifierDepthWarning`
    /// deep inside others over the record's lists; such a rule's work grows as a power of the
    /// lists' length and meets the evaluation budget on long lists.
    mutating func warnOfDeepQuantifiers(in clause: RuleClause) {
        func source(_ expr: Expr) -> Expr? {
            switch expr.ungrouped.kind {
            case .quantifier(_, let binding, _): return binding.source
            case .aggregate(_, let binding?, _): return binding.source
            case .aggregate(_, nil, let list):
                // `count(select(…))` counts a list the form inside made once: the form itself
                // is the level that walks.
                if case .collection = list.ungrouped.kind { return nil }
                return list
            case .collection(let form): return form.source
            default: return nil
            }
        }
        func deep(_ expr: Expr, _ depth: Int) -> Expr? {
            var depth = depth
            if let list = source(expr), !(list.ungrouped.kind.isListLiteral) {
                depth += 1
                if depth >= Self.quantifierDepthWarning { return expr }
            }
            for child in expr.children {
                if let found = deep(child, depth) { return found }
            }
            return nil
        }
        let expressions: [Expr] = switch clause {
        case .when(let condition): [condition]
        case .bind(_, let value): [value]
        case .require(let condition, _): [condition]
        }
        for expr in expressions {
            guard let found = deep(expr, 0) else { continue }
            diagnostics.append(.warning(.deepQuantifiers,
                "quantifiers nested three deep over the record's lists: the work grows as the cube of their length",
                at: found.span,
                help: "on a list of 3,000 elements that is 27 billion steps, far past the evaluation budget: filter the lists with `where`, or split the rule"))
            return
        }
    }

    /// A group's quorum and thresholds are one unit, whose names take the first slots.
    mutating func check(_ group: GroupDecl, at index: Int) {
        beginUnit(owner: declarationSymbols.indices.contains(index) ? declarationSymbols[index] : nil)
        let names = FrameLayout.groupNames.map { builtIn($0, .number) }
        var scope = Scope()
        names.prefix(FrameLayout.quorumNameCount).forEach { scope.bind($0) }
        var voting = Scope()
        names.forEach { voting.bind($0) }
        checkLabels(of: group)
        for clause in group.clauses {
            switch clause {
            case .quorum(_, let value, _):
                let found = type(of: value, in: scope)
                if found != .bool && found != .number && !found.isUnknown {
                    report(.typeMismatch, "a quorum is a number of seats or a condition, not \(found)", at: value.span,
                           help: "write `quorum 50% of filled_seats` or `quorum present >= 5`")
                }
            case .threshold(_, let value, _):
                expectCondition(value, in: voting, role: "a threshold")
            default: break
            }
        }
        resolution.units[index] = frameLayout()
    }

    /// A process's transition conditions are one unit, with `today` and the record in their
    /// slots as in a rule.
    mutating func check(_ process: ProcessDecl, at index: Int) {
        beginUnit(owner: declarationSymbols.indices.contains(index) ? declarationSymbols[index] : nil)
        var scope = Scope()
        scope.bind(builtIn(FrameLayout.today, .date))
        let recordSlot = takeSlot()
        if let subject = process.subject, let variable = subject.variable {
            scope.bind(local(.subjectVariable, variable, shapeByName[subject.type.text].map(CharterType.record) ?? .unknown,
                             declaredBy: subject.type.span.through(variable.span), slot: recordSlot))
        }
        for step in process.steps {
            for transition in step.transitions {
                if let condition = transition.condition { expectCondition(condition, in: scope, role: "a transition condition") }
            }
            if let lasts = step.lasts { expectDuration(lasts, in: scope, clause: "lasts", of: step) }
            if let waits = step.waits { expectDuration(waits, in: scope, clause: "waits", of: step) }
        }
        resolution.units[index] = frameLayout()
    }

    // MARK: - Diagnostics

    mutating func report(_ code: DiagnosticCode, _ message: String, at span: SourceSpan, help: String) {
        diagnostics.append(.error(code, message, at: span, help: help))
    }

    mutating func expectCondition(_ expr: Expr, in scope: Scope, role: String) {
        let found = type(of: expr, in: scope)
        guard found != .bool, !found.isUnknown else { return }
        if case .optional(.bool) = found {
            report(.optionalValue, "\(role) may be absent: it is `bool?`", at: expr.span,
                   help: "say what absence means: `(\(describe(expr)) ?? false)`")
        } else {
            report(.notACondition, "\(role) must be true or false, but this is \(found)", at: expr.span,
                   help: "compare it with something, as in `x > 0` or `x == \"yes\"`")
        }
    }

    /// G017: a step's `lasts` or `waits` is a duration, which may be worked out from the record
    /// (`lasts cr.ia_period ?? 10 working days`) but not absent.
    mutating func expectDuration(_ expr: Expr, in scope: Scope, clause: String, of step: Step) {
        let found = type(of: expr, in: scope)
        guard found != .duration, !found.isUnknown else { return }
        switch expr.ungrouped.kind {
        case .number, .text, .bool, .date, .time: return  // a literal: the declaration checker's (G017)
        default: break
        }
        let help = "write a time limit such as `10 working days`, `2 weeks` or `90 minutes`"
        let role = clause == "waits" ? "the waiting time" : "the time limit"
        if case .optional(.duration) = found {
            report(.optionalValue, "\(role) of step `\(step.name.text)` may be absent: it is `duration?`", at: expr.span,
                   help: "say how long it is when absent: `\(describe(expr)) ?? 10 working days`")
        } else {
            report(.invalidStepDuration, "\(role) of step `\(step.name.text)` is not a duration", at: expr.span,
                   help: help + "; this is \(found)")
        }
    }

    /// A short rendering of an expression for help texts: a field path, or `the value`.
    func describe(_ expr: Expr) -> String {
        switch expr.ungrouped.kind {
        case .name(let name): name
        case .field(let base, let field): "\(describe(base)).\(field.text)"
        default: "the value"
        }
    }
}
