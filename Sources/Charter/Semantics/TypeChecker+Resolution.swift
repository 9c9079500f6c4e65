/// The resolver's second pass, which runs with type checking: each name in an expression is
/// resolved to a local name of its unit (with the local's slot) and recorded as a reference,
/// each field to its record's field, each call to its built-in function; each local name is
/// declared as a symbol with a slot of its unit's frame.
extension TypeChecker {
    /// A checker that resolves against what `resolver` declared.
    init(resolved resolver: DeclarationResolver) {
        recorder = resolver.recorder
        declarationSymbols = resolver.declarations
        builtInNames = resolver.builtInNames
        builtInFunctions = resolver.builtInFunctions
        attributeSymbols = resolver.attributeSymbols
        recordTypeSymbols = resolver.recordTypeSymbols
    }

    // MARK: - Units

    /// Starts laying out the frame of a unit: its slots are numbered from 0, and its local
    /// names belong to `owner` (the rule, group or process).
    mutating func beginUnit(owner: SymbolID?) {
        nextSlot = 0
        unitOwner = owner
        binderEntries = [:]
    }

    /// The frame of the unit begun last, with the slots of its `let` clauses.
    func frameLayout(clauseSlots: [Int?] = []) -> FrameLayout {
        FrameLayout(size: nextSlot, clauseSlots: clauseSlots)
    }

    /// The next slot of the unit's frame.
    mutating func takeSlot() -> Int {
        defer { nextSlot += 1 }
        return nextSlot
    }

    /// The built-in `name` (`today`, `present`, …) in the next slot.
    mutating func builtIn(_ name: String, _ type: CharterType) -> Scope.Entry {
        let symbol = builtInNames[name] ?? recorder.declare(.builtInName, name, nameSpan: nil, span: nil)
        builtInNames[name] = symbol
        return Scope.Entry(name: name, type: type, symbol: symbol, slot: takeSlot(), nameSpan: nil)
    }

    /// A local name declared at `name`, in `slot` or the next one.
    mutating func local(_ kind: Symbol.Kind, _ name: Identifier, _ type: CharterType, declaredBy span: SourceSpan,
                        slot: Int? = nil) -> Scope.Entry {
        let symbol = recorder.declare(kind, name, span: span, in: unitOwner)
        return Scope.Entry(name: name.text, type: type, symbol: symbol, slot: slot ?? takeSlot(), nameSpan: name.span)
    }

    /// The unit of an input at the REPL, whose names take the first slots in the order given.
    /// Check the input in the scope returned, then take `frameLayout()`.
    mutating func beginInput(names: [(name: String, type: CharterType)]) -> (scope: Scope, slots: [Int]) {
        beginUnit(owner: nil)
        var scope = Scope()
        var slots: [Int] = []
        for (name, type) in names {
            let entry = builtIn(name, type)
            scope.bind(entry)
            slots.append(entry.slot)
        }
        return (scope, slots)
    }

    // MARK: - References

    /// The `.name` node `expr` names `entry`: its slot for the compiler, and a reference. The
    /// parser writes the element of `count(x in xs)` as a name at the variable itself, which
    /// is no reference.
    mutating func resolve(_ expr: Expr, to entry: Scope.Entry) {
        resolution.names[ObjectIdentifier(expr)] = Resolution.Name(slot: entry.slot, symbol: entry.symbol)
        guard entry.nameSpan != expr.span else { return }
        recorder.refer(entry.name, at: expr.span, to: entry.symbol)
    }

    /// `binder` (a `let … in`, a quantifier or an aggregate) writes `entry` to its slot.
    mutating func resolveBinder(_ binder: Expr, to entry: Scope.Entry) {
        resolution.binders[ObjectIdentifier(binder)] = entry.slot
        binderEntries[ObjectIdentifier(binder)] = entry
    }

    /// The field `field` of `id`'s shape, read by `expr`: its slot, and a reference to it
    /// (unresolved when `id` is nil or the shape has no such field).
    mutating func resolveField(_ expr: Expr, _ field: Identifier, in id: RecordShape.ID?) {
        guard let id, shapes.indices.contains(id.index), let slot = shapes[id.index].slots[field.text] else {
            recorder.refer(field, to: nil)
            return
        }
        resolution.fields[ObjectIdentifier(expr)] = slot
        recorder.refer(field, to: fieldSymbols.indices.contains(id.index) ? fieldSymbols[id.index][field.text] : nil)
    }

    // MARK: - Shapes

    /// A new record shape with no fields, and room for its fields' symbols.
    mutating func newShape(named name: String?) -> RecordShape.ID {
        let id = RecordShape.ID(index: shapes.count, name: name)
        shapes.append(RecordShape(id: id))
        fieldSymbols.append([:])
        return id
    }

    /// The field symbols of `fields` by name, the first of each.
    static func symbolsByName(_ fields: [FieldSymbols]) -> [String: FieldSymbols] {
        var byName: [String: FieldSymbols] = [:]
        for field in fields where byName[field.name] == nil { byName[field.name] = field }
        return byName
    }
}

/// The names an expression may use, innermost last, each with its type, its symbol and its
/// slot in the unit's frame.
struct Scope {
    struct Entry: Sendable {
        let name: String
        let type: CharterType
        let symbol: SymbolID
        let slot: Int
        /// Where the name is declared; nil for a built-in name.
        let nameSpan: SourceSpan?
    }

    private var bindings: [Entry] = []
    /// The optional values known to be given here (`givenPath`), after `x is given`: see
    /// TypeChecker+Narrowing.swift.
    var given: Set<String> = []

    mutating func bind(_ entry: Entry) { bindings.append(entry) }

    func lookup(_ name: String) -> Entry? { bindings.last { $0.name == name } }

    var names: [String] { bindings.map(\.name) }
}
