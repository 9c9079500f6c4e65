/// The resolver's first pass: every declaration of a rulebook gets its symbol, and every name a
/// declaration uses (`reports_to PSG`, `by SRO`, `-> approved`, a field's type, a rule's `for`,
/// `check freeze`) is resolved to one or recorded as unresolved. Names inside expressions are
/// resolved by the type checker, which reads what this pass made (the symbols of the
/// declarations, of each record's fields and of what is built in), because what `cr.raised`
/// names rests on the type of `cr`; it also gives them their slots.
///
/// A name refers to the first declaration of its kind with that name, as the declaration
/// checker reads it; a second one is its own symbol, reported there as a duplicate. Linear in
/// the rulebook: every name is one dictionary look-up.
struct DeclarationResolver {
    var recorder = SymbolRecorder()
    /// The symbol of each top-level declaration, by its index in the rulebook; nil for `charter`.
    private(set) var declarations: [SymbolID?] = []
    /// The field symbols of each `record` declaration, by its index in the rulebook.
    private(set) var recordFields: [Int: [FieldSymbols]] = [:]
    /// The built-in record types, with the symbols of their core fields.
    private(set) var builtInRecords: [String: (symbol: SymbolID, fields: [FieldSymbols])] = [:]
    /// `today` and the names of quorums and thresholds.
    private(set) var builtInNames: [String: SymbolID] = [:]
    private(set) var builtInFunctions: [String: SymbolID] = [:]
    /// The symbol of each attribute name, by the kind of declaration it is on.
    private(set) var attributeSymbols: [String: [String: SymbolID]] = [:]

    // The first declaration of each name, by kind.
    private var groups: [String: SymbolID] = [:]
    private var roles: [String: SymbolID] = [:]
    private var constituencies: [String: SymbolID] = [:]
    private var levels: [String: SymbolID] = [:]
    private var recordTypes: [String: SymbolID] = [:]
    private var rules: [String: SymbolID] = [:]

    /// Both passes over `rulebook`, whose built-in record types have the fields of the core
    /// records (`CoreRecords`).
    static func resolve(_ rulebook: Rulebook) -> DeclarationResolver {
        let core = CoreRecords.declarations()
        var resolver = withCoreBuiltIns
        resolver.declareTopLevel(rulebook)
        for (index, declaration) in rulebook.declarations.enumerated() {
            resolver.resolve(declaration, at: index, core: core)
        }
        return resolver
    }

    // MARK: - Built in

    /// A resolver that has declared only what is built in, with the fields of the core records:
    /// the same for every rulebook, so made once rather than at every check (for a small file
    /// it was most of the resolving).
    private static let withCoreBuiltIns: DeclarationResolver = {
        var resolver = DeclarationResolver()
        resolver.declareBuiltIns(core: CoreRecords.declarations())
        return resolver
    }()

    private mutating func declareBuiltIns(core: [String: RecordDecl]) {
        for name in [FrameLayout.today] + FrameLayout.groupNames {
            builtInNames[name] = recorder.declare(.builtInName, name, nameSpan: nil, span: nil)
        }
        for function in BuiltinFunction.allCases.map(\.rawValue) + NumberFunction.allCases.map(\.rawValue) {
            builtInFunctions[function] = recorder.declare(.builtInFunction, function, nameSpan: nil, span: nil)
        }
        for function in CollectionFunction.allCases {
            builtInFunctions[function.rawValue] = recorder.declare(.builtInFunction, function.rawValue, nameSpan: nil, span: nil)
        }
        for name in DeclarationScope.builtInRecordTypes {
            let symbol = recorder.declare(.builtInRecordType, name, nameSpan: nil, span: nil)
            // The core declarations are written in a source of their own, not one of the
            // rulebook's files: their symbols carry no spans.
            let fields = declareFields(core[name]?.fields ?? [], in: symbol, kind: .coreField, core: [], spans: false)
            builtInRecords[name] = (symbol, fields)
        }
    }

    // MARK: - Declarations

    /// The symbols of the top-level declarations, which names anywhere may refer to.
    private mutating func declareTopLevel(_ rulebook: Rulebook) {
        /// Declares a symbol, which `table` names if it is the first of its name.
        func declare(_ kind: Symbol.Kind, _ name: Identifier, span: SourceSpan, restating: SymbolID? = nil,
                     into table: inout [String: SymbolID]) -> SymbolID {
            let symbol = recorder.declare(kind, name, span: span, restating: restating)
            if table[name.text] == nil { table[name.text] = symbol }
            return symbol
        }
        for declaration in rulebook.declarations {
            switch declaration {
            case .charter:
                declarations.append(nil)
            case .role(let role):
                declarations.append(declare(.role, role.name, span: role.span, into: &roles))
            case .constituency(let constituency):
                declarations.append(declare(.constituency, constituency.name, span: constituency.span, into: &constituencies))
            case .level(let level):
                let number = Identifier(String(level.number), level.numberSpan)
                declarations.append(declare(.level, number, span: level.span, into: &levels))
            case .group(let group):
                declarations.append(declare(.group, group.name, span: group.span, into: &groups))
            case .record(let record):
                declarations.append(declare(.recordType, record.name, span: record.span,
                                            restating: builtInRecords[record.name.text]?.symbol, into: &recordTypes))
            case .rule(let rule):
                declarations.append(declare(.rule, rule.name, span: rule.span, into: &rules))
            case .process(let process):
                declarations.append(recorder.declare(.process, process.name, span: process.span))
            case .function(let function):
                declarations.append(recorder.declare(.function, function.name, span: function.span))
            }
        }
    }

    /// What is inside one declaration, and the names it uses.
    private mutating func resolve(_ declaration: Declaration, at index: Int, core: [String: RecordDecl]) {
        guard let symbol = declarations[index] else { return }
        switch declaration {
        case .charter, .level:
            break
        case .role(let role):
            declareAttributes(role.attributes, in: symbol, kind: "role")
        case .constituency(let constituency):
            declareAttributes(constituency.attributes, in: symbol, kind: "constituency")
        case .group(let group):
            resolveGroup(group, symbol: symbol)
        case .record(let record):
            // Any record's `group`, `attendees` and `votes` are what the governance functions read
            // of a meeting: they restate the meeting's, and are renamed only with them.
            let governance = (builtInRecords["meeting"]?.fields ?? []).filter { ["group", "attendees", "votes"].contains($0.name) }
            recordFields[index] = declareFields(record.fields, in: symbol, kind: .field,
                                                core: builtInRecords[record.name.text]?.fields ?? governance, spans: true)
            resolveTypes(of: record.fields)
        case .rule(let rule):
            if let subject = rule.subject { resolveRecordType(subject.type) }
        case .process(let process):
            resolveProcess(process, symbol: symbol)
        case .function(let function):
            for type in function.parameters.compactMap(\.type) { resolveType(type) }
        }
    }

    /// An attribute name is one field of its kind's records (`p.employer` reads every member's
    /// `employer`): its first appearance declares it, and the others refer to that, so that
    /// renaming it renames it on every declaration.
    mutating func declareAttributes(_ attributes: [Attribute], in container: SymbolID, kind: String) {
        for attribute in attributes {
            if let first = attributeSymbols[kind]?[attribute.name.text] {
                recorder.refer(attribute.name, to: first)
                continue
            }
            let id = recorder.declare(.attribute, attribute.name, span: attribute.name.span.through(attribute.value.span), in: container)
            attributeSymbols[kind, default: [:]][attribute.name.text] = id
        }
    }

    // MARK: - Records

    /// The symbols of `fields` and of the fields of the nested records in their types. A field
    /// named like a field of `core` (the built-in record it restates, if any) restates it.
    private mutating func declareFields(_ fields: [FieldDecl], in container: SymbolID, kind: Symbol.Kind,
                                        core: [FieldSymbols], spans: Bool) -> [FieldSymbols] {
        var coreByName: [String: FieldSymbols] = [:]
        for field in core where coreByName[field.name] == nil { coreByName[field.name] = field }
        return fields.map { field in
            let restated = coreByName[field.name.text]
            let symbol = recorder.declare(kind, field.name.text, nameSpan: spans ? field.name.span : nil,
                                          span: spans ? field.name.span.through(field.type.span) : nil, in: container,
                                          restating: restated?.id)
            let nested = Self.nestedFields(of: field.type).map {
                declareFields($0, in: symbol, kind: kind, core: restated?.nested ?? [], spans: spans)
            } ?? []
            return FieldSymbols(id: symbol, name: field.name.text, nested: nested)
        }
    }

    /// The fields of the nested record a field's type holds (`list of { … }`, `{ … }?`), if any.
    static func nestedFields(of type: TypeExpr) -> [FieldDecl]? {
        switch type {
        case .named, .oneOf: nil
        case .list(let element, _), .optional(let element, _): nestedFields(of: element)
        case .record(let fields, _): fields
        }
    }

    /// The record types named in field types, nested records' included.
    private mutating func resolveTypes(of fields: [FieldDecl]) {
        for field in fields { resolveType(field.type) }
    }

    private mutating func resolveType(_ type: TypeExpr) {
        switch type {
        case .named(let name):
            // `text`, `number` and the like are the language's, not symbols.
            guard !DeclarationScope.primitiveTypes.contains(name.text) else { return }
            resolveRecordType(name)
        case .list(let element, _), .optional(let element, _):
            resolveType(element)
        case .record(let fields, _):
            resolveTypes(of: fields)
        case .oneOf:
            break
        }
    }

    /// A record type's name: a declared record, else a built-in one.
    mutating func resolveRecordType(_ name: Identifier) {
        recorder.refer(name, to: recordTypes[name.text] ?? builtInRecords[name.text]?.symbol)
    }

    // MARK: - Names for groups and processes

    /// A group, a role or a constituency: what acts at a step or hears an appeal.
    mutating func resolveBody(_ name: Identifier) {
        recorder.refer(name, to: groups[name.text] ?? roles[name.text] ?? constituencies[name.text])
    }

    /// The symbol of every record type, declared or built in, by name.
    var recordTypeSymbols: [String: SymbolID] {
        builtInRecords.mapValues(\.symbol).merging(recordTypes) { _, declared in declared }
    }

    func group(named name: String) -> SymbolID? { groups[name] }
    func role(named name: String) -> SymbolID? { roles[name] }
    func constituency(named name: String) -> SymbolID? { constituencies[name] }
    func level(numbered number: Int) -> SymbolID? { levels[String(number)] }
    func rule(named name: String) -> SymbolID? { rules[name] }
}

/// The symbol of one field declaration, with those of the fields of the nested record its
/// type holds, in declaration order: the record shapes take their fields' symbols from here.
struct FieldSymbols: Sendable {
    let id: SymbolID
    let name: String
    let nested: [FieldSymbols]
}
